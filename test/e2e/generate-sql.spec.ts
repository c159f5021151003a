import * as assert from 'node:assert/strict';
import { ui } from './fixtures';

const GUIDE_SQL = [
  "CREATE OR REPLACE CONNECTION databend_test STORAGE_TYPE = 's3' ROLE_ARN = 'arn:aws:iam::987654321987:role/databend-test' EXTERNAL_ID = 'my-external-id-123';",
  "CREATE OR REPLACE STAGE databend_test URL = 's3://test-bucket-123' CONNECTION = (CONNECTION_NAME = 'databend_test');",
  'LIST @databend_test;',
];

describe('Generate Connection and Stage SQL, as a user', () => {
  afterEach(async () => {
    await ui().closeAllEditorsWithoutSaving();
  });

  it('answers the prompts and sees the SQL in a new editor', async () => {
    const wb = ui();
    await wb.runCommand('Databend: Generate Connection and Stage SQL');
    await wb.inputBox('(1/6)');
    await wb.screenshot('role-arn-prompt');

    await wb.typeInInputBox('arn:aws:iam::987654321987:role/databend-test');
    await wb.submitInputBox();

    const externalId = await wb.inputBox('(2/6)');
    assert.match(externalId.value, /^[A-Za-z0-9]{32}$/, 'a fresh external ID is offered');
    await wb.screenshot('external-id-offered');
    await wb.typeInInputBox('my-external-id-123');
    await wb.submitInputBox();

    await wb.inputBox('(3/6)');
    await wb.typeInInputBox('Bad_Bucket');
    assert.match(await wb.inputMessage(/lower case/), /S3 bucket names are lower case/);
    await wb.screenshot('bucket-rejected');
    await wb.typeInInputBox('test-bucket-123');
    await wb.submitInputBox();

    await wb.inputBox('(4/6)');
    await wb.submitInputBox(); // no prefix

    const connection = await wb.inputBox('(5/6)');
    assert.equal(connection.value, 'test_bucket_123', 'the connection name defaults from the bucket');
    await wb.typeInInputBox('databend_test');
    await wb.submitInputBox();
    await wb.inputBox('(6/6)');
    await wb.typeInInputBox('databend_test');
    await wb.submitInputBox();

    const text = await wb.editorText();
    await wb.screenshot('sql-editor');
    const lines = text.split('\n');
    for (const line of GUIDE_SQL) {
      assert.ok(lines.includes(line), `the editor shows:\n${line}\n--- editor ---\n${text}`);
    }
    // Newer VS Code draws the extension apart from the name.
    assert.match((await wb.activeTabTitle()).replace(/\s+/g, ''), /^setup-databend_test\.sql/);
  });

  it('cancels with Escape and opens nothing', async () => {
    const wb = ui();
    await wb.runCommand('Databend: Generate Connection and Stage SQL');
    await wb.page.keyboard.press('Escape');
    await wb.screenshot('cancelled');
    assert.equal(await wb.page.locator('.tabs-container .tab').count(), 0);
    assert.equal(await wb.page.locator('.notifications-toasts .notification-toast').count(), 0, 'cancelling is not an error');
  });
});

describe('harness self-test (UI)', () => {
  (process.env.DATABEND_IAM_SELFTEST_FAIL ? it : it.skip)('fails on purpose', async () => {
    assert.equal(await ui().page.title(), 'broken', 'self-test: this UI assertion must fail');
  });
});
