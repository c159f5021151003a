// New SQL Editor Here on a stage file, on the local Databend with files on moto S3: a file
// Databend reads by name gets its SELECT; one whose name the engine normalises (a leading
// space) gets a message that says why, and no editor with SQL that would fail.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExplorerNode, FileNode } from '../../src/ui/explorer/explorerTree';
import { Commands } from '../../src/ui/ids';
import { addLoginFromDsn, api, cleanSlate, expectScriptUsed, loadedChildren, LOCAL_DSN, MOTO_ENDPOINT, motoBucketWithFiles, removeMotoBucket } from './helpers';

const BUCKET = 'stage-file-sql';
const FILES = ['ok file.csv', ' lead.csv'];

async function sql(statement: string): Promise<void> {
  const { services } = await api();
  const [login] = services.store.list();
  await (await services.databend.session(login)).run(statement);
}

async function files(): Promise<FileNode[]> {
  const explorer = (await api()).services.tree;
  const [login] = await explorer.getChildren();
  const [, stages] = await explorer.getChildren(login);
  const stage = (await loadedChildren(stages)).find((s) => explorer.getTreeItem(s).label === 'file_sql');
  assert.ok(stage, 'the stage is listed');
  return (await loadedChildren(stage)).filter((n: ExplorerNode): n is FileNode => n.kind === 'file');
}

describe('New SQL Editor Here on stage files (local Databend, moto S3)', function () {
  this.timeout(120_000);

  before(async () => {
    assert.ok(MOTO_ENDPOINT && LOCAL_DSN, 'the launcher passes moto and the local Databend');
    await motoBucketWithFiles(BUCKET, FILES, 'a,b\n1,2\n');
  });

  after(async () => {
    await removeMotoBucket(BUCKET, FILES);
  });

  beforeEach(async () => {
    await cleanSlate();
    await addLoginFromDsn('local');
    await sql(`CREATE OR REPLACE CONNECTION file_sql_keys STORAGE_TYPE = 's3' ENDPOINT_URL = '${MOTO_ENDPOINT}' ACCESS_KEY_ID = 'testing' SECRET_ACCESS_KEY = 'testing' REGION = 'us-east-1'`);
    await sql(`CREATE OR REPLACE STAGE file_sql URL = 's3://${BUCKET}/' CONNECTION = (CONNECTION_NAME = 'file_sql_keys')`);
  });

  afterEach(async () => {
    await sql('DROP STAGE IF EXISTS file_sql');
    await sql('DROP CONNECTION IF EXISTS file_sql_keys');
    await expectScriptUsed();
    await cleanSlate();
  });

  it('opens the SELECT of a file Databend reads by name, and says why for one it cannot (a leading space)', async () => {
    const listed = await files();
    assert.deepEqual(listed.map((f) => f.file.name).sort(), [...FILES].sort(), 'LIST shows both names as stored');
    const ok = listed.find((f) => f.file.name === 'ok file.csv')!;
    const editor = (await vscode.commands.executeCommand(Commands.newSqlEditorHere, ok)) as vscode.TextEditor;
    assert.match(editor.document.getText(), /FILES => \('ok file\.csv'\)/);
    const lead = listed.find((f) => f.file.name === ' lead.csv')!;
    const before = vscode.workspace.textDocuments.length;
    await vscode.commands.executeCommand(Commands.newSqlEditorHere, lead);
    const { dialogs } = await api();
    assert.ok(dialogs.messages('error').some((m) => /Databend cannot read " lead\.csv" by its name: its name starts or ends with a space/.test(m)), dialogs.messages().join('\n'));
    assert.equal(vscode.workspace.textDocuments.length, before, 'no editor with SQL that would fail');
  });
});
