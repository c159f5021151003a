// Values as Databend prints them, in the results grid as a user sees it: approximate cells
// marked ≈ with their reason, Show Exact Values gives Databend's own text (the issue's
// public examples under a non-UTC session time zone).
import * as assert from 'node:assert/strict';
import { localServices, ui, UI_DATABEND_PASSWORD } from './fixtures';

describe('Values in the results grid, as a user', () => {
  beforeEach(async () => {
    await ui().ensureLogin('local', localServices().databend.port, UI_DATABEND_PASSWORD);
  });

  afterEach(async () => {
    await ui().closeAllEditorsWithoutSaving();
  });

  it('marks what the driver cannot deliver exactly, and Show Exact Values shows Databend’s text', async () => {
    const wb = ui();
    await wb.newSqlEditor();
    await wb.replaceEditorText(
      "SET timezone = 'Asia/Shanghai';\nSELECT 1234567890123456789::BIGINT AS big, to_timestamp('2024-03-05 12:34:56.123456') AS ts, to_date('2024-03-05') AS d, 42::BIGINT AS small;\n",
    );
    const runAll = wb.page.locator('.codelens-decoration a', { hasText: 'Run All (2)' }).first();
    await runAll.waitFor({ state: 'visible', timeout: 30_000 });
    await runAll.click();
    const results = wb.results();
    await results.locator('#status', { hasText: '2 approximate values' }).waitFor({ timeout: 30_000 });
    const cells = results.locator('#rows .row').first().locator('.cell');
    assert.equal(await cells.nth(0).getAttribute('class'), 'cell approx');
    assert.match((await cells.nth(0).getAttribute('title')) ?? '', /^Approximate: Int64 beyond ±2\^53/);
    assert.match((await cells.nth(0).getAttribute('aria-label')) ?? '', /\(approximate: Int64 beyond/);
    assert.match((await cells.nth(1).getAttribute('title')) ?? '', /^Approximate: Timestamp/);
    assert.equal(await cells.nth(2).innerText(), '2024-03-05', 'a DATE shows no time');
    assert.equal(await cells.nth(2).getAttribute('class'), 'cell');
    assert.equal(await cells.nth(3).getAttribute('class'), 'cell', '42 is exact');
    await wb.screenshot('values-approximate');

    await results.locator('#exact').click();
    await results.locator('#title', { hasText: 'exact text' }).waitFor({ timeout: 30_000 });
    await results.locator('#status', { hasText: '1 row' }).waitFor({ timeout: 30_000 });
    const exact = results.locator('#rows .row').first().locator('.cell');
    assert.deepEqual(await exact.allInnerTexts(), ['1234567890123456789', '2024-03-05 12:34:56.123456', '2024-03-05', '42']);
    assert.equal(await results.locator('#rows .cell.approx').count(), 0);
    assert.equal(await results.locator('#exact').isHidden(), true, 'nothing left to make exact');
    await wb.screenshot('values-exact');
  });
});
