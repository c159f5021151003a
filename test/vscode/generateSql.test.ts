import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { setupSql } from '../../src/core/sql';
import { Commands } from '../../src/ui/ids';
import { closeAllEditorsWithoutSaving } from './helpers';

const answers = {
  roleArn: 'arn:aws:iam::987654321987:role/databend-test',
  externalId: 'my-external-id-123',
  bucket: 'test-bucket-123',
  prefix: '',
  connectionName: 'databend_test',
  stageName: 'databend_test',
};

describe('Generate Connection and Stage SQL', () => {
  afterEach(closeAllEditorsWithoutSaving);

  it('opens an untitled SQL editor holding exactly the setup SQL', async () => {
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>(Commands.generateSql, answers);
    assert.ok(editor, 'the command returns the editor it opened');
    assert.equal(vscode.window.activeTextEditor?.document, editor.document);
    assert.equal(editor.document.languageId, 'sql');
    assert.equal(editor.document.isUntitled, true);
    assert.equal(editor.document.getText(), setupSql(answers));
    assert.match(editor.document.getText(), /CREATE CONNECTION databend_test STORAGE_TYPE = 's3' ROLE_ARN = 'arn:aws:iam::987654321987:role\/databend-test' EXTERNAL_ID = 'my-external-id-123';/);
  });

  it('opens nothing when a prepared answer is invalid', async () => {
    await closeAllEditorsWithoutSaving();
    const result = await vscode.commands.executeCommand(Commands.generateSql, { ...answers, bucket: 'Not A Bucket' });
    assert.equal(result, undefined);
    assert.equal(vscode.window.activeTextEditor, undefined);
  });
});

describe('harness self-test', () => {
  // DATABEND_IAM_SELFTEST_FAIL proves the harness reports a failing assertion.
  (process.env.DATABEND_IAM_SELFTEST_FAIL ? it : it.skip)('fails on purpose', () => {
    assert.equal('harness', 'broken', 'self-test: this extension-host assertion must fail');
  });
});
