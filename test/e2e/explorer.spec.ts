import * as assert from 'node:assert/strict';
import { localServices, ui, UI_DATABEND_PASSWORD } from './fixtures';

describe('Databend explorer, as a user', () => {
  beforeEach(async function () {
    // Every spec but the first needs the login; each opens its own editor.
    if (this.currentTest?.title.startsWith('adds a login')) return;
    await ui().ensureLogin('local', localServices().databend.port, UI_DATABEND_PASSWORD);
  });

  afterEach(async () => {
    await ui().closeAllEditorsWithoutSaving();
  });

  it('adds a login through the quick inputs, password typed into the password box', async () => {
    const wb = ui();
    const { databend } = localServices();
    if (await wb.hasLogin('local')) await wb.removeOnlyLogin();
    await wb.openDatabendView();
    await wb.screenshot('welcome-view');
    await wb.page.locator('.welcome-view-content a, .welcome-view-content .monaco-button', { hasText: 'Add Login' }).first().waitFor({ state: 'visible' });
    await wb.addLogin('local', databend.port, UI_DATABEND_PASSWORD, async () => {
      assert.equal(await wb.page.locator('.quick-input-widget input').getAttribute('type'), 'password', 'the password box hides what is typed');
      await wb.screenshot('password-box');
    });
    const toast = wb.page.locator('.notifications-toasts .notification-toast', { hasText: 'Connected to "local"' });
    await toast.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await toast.innerText(), /Databend Query v1\.2\./);
    await wb.treeItem('local').waitFor({ state: 'visible' });
    assert.match(await wb.page.locator('.statusbar-item', { hasText: 'local' }).first().innerText(), /local/);
    await wb.screenshot('tree-with-login');
  });

  it('runs a statement by clicking its CodeLens and sees the rows in the grid', async () => {
    const wb = ui();
    await wb.newSqlEditor();
    await wb.replaceEditorText("SELECT number, number * 2 AS doubled, 'row ' || number::String AS label\nFROM numbers(50) ORDER BY number;\n\nSELECT 1;\n");
    const run = wb.page.locator('.codelens-decoration a', { hasText: '▶ Run' }).first();
    await run.waitFor({ state: 'visible', timeout: 30_000 });
    await wb.screenshot('codelens');
    await run.click();
    const results = wb.results();
    await results.locator('#status', { hasText: '50 rows' }).waitFor({ timeout: 30_000 });
    assert.deepEqual(await results.locator('.header .name').allInnerTexts(), ['number', 'doubled', 'label']);
    assert.equal(await results.locator('#rows .row').first().locator('.cell').nth(2).innerText(), 'row 0');
    await wb.screenshot('results-grid');
  });

  it('cancels a long query from the results panel', async () => {
    const wb = ui();
    await wb.newSqlEditor();
    await wb.replaceEditorText('SELECT count(*) FROM numbers(3000000000) WHERE number % 7 = 1;\n');
    const run = wb.page.locator('.codelens-decoration a', { hasText: '▶ Run' }).first();
    await run.waitFor({ state: 'visible', timeout: 15_000 });
    await run.click();
    const results = wb.results();
    const cancel = results.locator('#cancel');
    await results.locator('#status', { hasText: 'Running' }).waitFor({ timeout: 15_000 });
    await cancel.click({ timeout: 15_000 });
    // Killed on the server: the panel says so and no row of the count arrives.
    await results.locator('#status', { hasText: 'Cancelled' }).waitFor({ timeout: 60_000 });
    assert.equal(await results.locator('#rows .row').count(), 0, 'no result row arrives');
    await wb.screenshot('cancelled');
  });

  it('drops a stage from the tree after confirming', async () => {
    const wb = ui();
    await wb.newSqlEditor();
    await wb.replaceEditorText(
      "CREATE OR REPLACE CONNECTION ui_conn STORAGE_TYPE = 's3' ROLE_ARN = 'arn:aws:iam::987654321987:role/x' EXTERNAL_ID = 'e-1';\n" +
        "CREATE OR REPLACE STAGE ui_stage URL = 's3://ui-bucket/' CONNECTION = (CONNECTION_NAME = 'ui_conn');\n",
    );
    const runAll = wb.page.locator('.codelens-decoration a', { hasText: 'Run All (2)' }).first();
    await runAll.waitFor({ state: 'visible', timeout: 15_000 });
    await runAll.click();
    await wb.results().locator('#status', { hasText: 'affected' }).waitFor({ timeout: 30_000 });
    await wb.openDatabendView();
    await wb.expand('local');
    await wb.expand('Stages');
    const stage = wb.treeItem('ui_stage');
    await stage.waitFor({ state: 'visible', timeout: 30_000 });
    await wb.screenshot('tree-with-stage');
    await stage.click({ button: 'right' });
    const drop = wb.page.locator('.context-view .action-item', { hasText: 'Drop…' });
    await drop.hover();
    await wb.page.keyboard.press('Enter');
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await dialog.innerText(), /Drop the stage "ui_stage" on local\?/);
    await wb.screenshot('drop-confirmation');
    await dialog.locator('.monaco-button', { hasText: 'Drop' }).click();
    await stage.waitFor({ state: 'detached', timeout: 30_000 });
    await wb.screenshot('stage-dropped');
  });

  // Last: it leaves the Stages group expanded, and VS Code keeps an expanded node's children until a Refresh.
  it('a stage whose LIST fails shows the diagnosis on its node, with Retry inline', async () => {
    const wb = ui();
    await wb.newSqlEditor();
    await wb.replaceEditorText(
      "CREATE OR REPLACE CONNECTION ui_failing STORAGE_TYPE = 's3' ROLE_ARN = 'arn:aws:iam::987654321987:role/x' EXTERNAL_ID = 'e-2';\n" +
        "CREATE OR REPLACE STAGE ui_failing URL = 's3://ui-no-such-bucket/' CONNECTION = (CONNECTION_NAME = 'ui_failing');\n",
    );
    const runAll = wb.page.locator('.codelens-decoration a', { hasText: 'Run All (2)' }).first();
    await runAll.waitFor({ state: 'visible', timeout: 15_000 });
    await runAll.click();
    await wb.results().locator('#status', { hasText: 'affected' }).waitFor({ timeout: 30_000 });
    await wb.openDatabendView();
    await wb.expand('local');
    await wb.expand('Stages');
    await wb.runCommand('Databend: Refresh');
    await wb.expand('ui_failing');
    // Run and Verify's words (diagnoseStageError), not the driver's "APIError: QueryFailed: [4000]…".
    const error = wb.page.locator('.pane-body .monaco-list-row', { has: wb.page.locator('.codicon-error') }).first();
    await error.waitFor({ state: 'visible', timeout: 60_000 });
    assert.match(await error.innerText(), /^(The bucket does not exist|AWS STS refused|Databend could not)/);
    await error.hover();
    const retry = error.locator('.action-label[aria-label="Retry"]');
    await retry.waitFor({ state: 'visible', timeout: 10_000 });
    await wb.screenshot('tree-error-with-retry');
    await retry.click();
    await error.waitFor({ state: 'visible', timeout: 60_000 });
    await wb.newSqlEditor();
    await wb.replaceEditorText('DROP STAGE IF EXISTS ui_failing;\nDROP CONNECTION IF EXISTS ui_failing;\n');
    await wb.page.locator('.codelens-decoration a', { hasText: 'Run All (2)' }).first().click();
    await wb.results().locator('#status', { hasText: 'affected' }).waitFor({ timeout: 30_000 });
  });
});
