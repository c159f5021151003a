import * as assert from 'node:assert/strict';
import { localServices, ui, UI_DATABEND_PASSWORD } from './fixtures';

describe('Query history, as a user', () => {
  beforeEach(async () => {
    await ui().ensureLogin('local', localServices().databend.port, UI_DATABEND_PASSWORD);
  });

  afterEach(async () => {
    await ui().closeAllEditorsWithoutSaving();
  });

  it('finds a statement in the history and runs it again', async () => {
    const wb = ui();
    await wb.newSqlEditor();
    await wb.replaceEditorText("SELECT 'from the history' AS e2e_history, number FROM numbers(3) ORDER BY number;\n");
    const run = wb.page.locator('.codelens-decoration a', { hasText: '▶ Run' }).first();
    await run.waitFor({ state: 'visible', timeout: 30_000 });
    await run.click();
    await wb.results().locator('#status', { hasText: '3 rows' }).waitFor({ timeout: 30_000 });
    // Gone from the screen: only the history has it now.
    await wb.closeAllEditorsWithoutSaving();

    await wb.runCommand('Databend: Show Query History');
    await wb.page.keyboard.type('e2e_history');
    const entry = wb.page.locator('.quick-input-list .monaco-list-row', { hasText: "SELECT 'from the history' AS e2e_history" }).first();
    await entry.waitFor({ state: 'visible', timeout: 15_000 });
    assert.match(await entry.innerText(), /local · default · 3 rows/);
    await wb.screenshot('history-search');
    await entry.click();
    await wb.pickItem('Run Again');
    const results = wb.results();
    await results.locator('#status', { hasText: '3 rows' }).waitFor({ timeout: 30_000 });
    assert.deepEqual(await results.locator('.header .name').allInnerTexts(), ['e2e_history', 'number']);
    assert.equal(await results.locator('#rows .row').first().locator('.cell').first().innerText(), 'from the history');
    assert.match(await wb.editorText(), /SELECT 'from the history' AS e2e_history/);
    await wb.screenshot('run-again');
  });
});
