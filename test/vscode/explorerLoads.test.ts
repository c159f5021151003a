// The explorer's loading under races, on the local Databend with a stage of 150 files on
// moto S3: Refresh while a stage's files load, "Load more…" clicked twice, and a stage
// whose LIST fails slowly next to one that lists at once.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ErrorNode, ExplorerNode, FileNode } from '../../src/ui/explorer/explorerTree';
import { Commands, TreeItems } from '../../src/ui/ids';
import { addLoginFromDsn, api, cleanSlate, expectScriptUsed, loadedChildren, LOCAL_DSN, MOTO_ENDPOINT, motoBucketWithFiles, removeMotoBucket } from './helpers';

const BUCKET = 'explorer-loads';
const FILES = Array.from({ length: 150 }, (_, i) => `part ${String(i).padStart(3, '0')}.csv`);

async function tree() {
  return (await api()).services.tree;
}

async function stage(name: string): Promise<ExplorerNode> {
  const explorer = await tree();
  const [login] = await explorer.getChildren();
  const [, stages] = await explorer.getChildren(login);
  const found = (await loadedChildren(stages)).find((s) => explorer.getTreeItem(s).label === name);
  assert.ok(found, `the stage ${name} is listed`);
  return found;
}

const fileNames = (nodes: ExplorerNode[]) => nodes.filter((n): n is FileNode => n.kind === 'file').map((n) => n.file.name);

async function sql(statement: string): Promise<void> {
  const { services } = await api();
  const [login] = services.store.list();
  await (await services.databend.session(login)).run(statement);
}

describe('Databend explorer: loading under races (local Databend, moto S3)', function () {
  this.timeout(120_000);

  before(async () => {
    assert.ok(MOTO_ENDPOINT && LOCAL_DSN, 'the launcher passes moto and the local Databend');
    await motoBucketWithFiles(BUCKET, FILES, 'a\n1\n');
  });

  after(async () => {
    await removeMotoBucket(BUCKET, FILES);
  });

  beforeEach(async () => {
    await cleanSlate();
    await addLoginFromDsn('local');
    await sql(`CREATE OR REPLACE CONNECTION loads_keys STORAGE_TYPE = 's3' ENDPOINT_URL = '${MOTO_ENDPOINT}' ACCESS_KEY_ID = 'testing' SECRET_ACCESS_KEY = 'testing' REGION = 'us-east-1'`);
    await sql(`CREATE OR REPLACE STAGE loads_files URL = 's3://${BUCKET}/' CONNECTION = (CONNECTION_NAME = 'loads_keys')`);
  });

  afterEach(async () => {
    await sql('DROP STAGE IF EXISTS loads_files');
    await sql('DROP STAGE IF EXISTS loads_failing');
    await sql('DROP CONNECTION IF EXISTS loads_keys');
    await sql('DROP CONNECTION IF EXISTS loads_role');
    await expectScriptUsed();
    await cleanSlate();
  });

  it('Refresh while the files load, then "Load more…" clicked twice at once: all 150 files, each once', async () => {
    const explorer = await tree();
    const node = await stage('loads_files');
    const early = explorer.getChildren(node);
    await vscode.commands.executeCommand(Commands.refreshExplorer, node);
    const firstPage = await loadedChildren(node);
    // The answer to the ask the Refresh superseded never doubles the list.
    const superseded = fileNames(await early);
    assert.equal(new Set(superseded).size, superseded.length);
    assert.ok(superseded.length <= 100);
    assert.equal(fileNames(firstPage).length, 100);
    assert.equal(new Set(fileNames(firstPage)).size, 100);
    const more = firstPage.at(-1)!;
    assert.equal(more.kind, 'loadMore');
    await Promise.all([vscode.commands.executeCommand(Commands.loadMore, more), vscode.commands.executeCommand(Commands.loadMore, more)]);
    const all = await loadedChildren(node);
    assert.deepEqual(fileNames(all).sort(), FILES);
    assert.ok(!all.some((n) => n.kind === 'loadMore'), 'no "Load more…" after the last page');
    // The same item once more, not yet redrawn: nothing is added.
    await vscode.commands.executeCommand(Commands.loadMore, more);
    assert.deepEqual(fileNames(await loadedChildren(node)).sort(), FILES);
  });

  it('Refresh while "Load more…" loads: the page in flight is dropped and the stage reads from its first page', async () => {
    const node = await stage('loads_files');
    const firstPage = await loadedChildren(node);
    const loading = vscode.commands.executeCommand(Commands.loadMore, firstPage.at(-1)!);
    await vscode.commands.executeCommand(Commands.refreshExplorer, node);
    await loading;
    const again = await loadedChildren(node);
    assert.equal(fileNames(again).length, 100);
    assert.equal(new Set(fileNames(again)).size, 100);
    await vscode.commands.executeCommand(Commands.loadMore, again.at(-1)!);
    assert.deepEqual(fileNames(await loadedChildren(node)).sort(), FILES);
  });

  it('a stage whose LIST fails slowly shows "Loading…", never holds up another stage, then the diagnosis with Retry and Edit Login', async () => {
    const explorer = await tree();
    await sql("CREATE OR REPLACE CONNECTION loads_role STORAGE_TYPE = 's3' ROLE_ARN = 'arn:aws:iam::987654321987:role/x' EXTERNAL_ID = 'ext-loads'");
    await sql("CREATE OR REPLACE STAGE loads_failing URL = 's3://explorer-bucket/data/' CONNECTION = (CONNECTION_NAME = 'loads_role')");
    const failing = await stage('loads_failing');
    const files = await stage('loads_files');
    // The engine retries the credential request for seconds (opendal's RetryLayer); meanwhile:
    assert.deepEqual((await explorer.getChildren(failing)).map((n) => n.kind), ['loading']);
    assert.equal(fileNames(await loadedChildren(files)).length, 100);
    assert.deepEqual((await explorer.getChildren(failing)).map((n) => n.kind), ['loading'], 'the other stage was listed while this one still loads');

    const [error] = await loadedChildren(failing);
    assert.equal(error.kind, 'error');
    const item = explorer.getTreeItem(error);
    // The same words Run and Verify uses (diagnoseStageError), the raw answer in the tooltip.
    assert.match(String(item.label), /^Databend could not load credentials to sign its requests to S3/);
    assert.match(String(item.tooltip), /Databend reported: .*\[4000\].*loading credential to sign http request/s);
    assert.equal(item.contextValue, TreeItems.error);
    assert.equal((error as ErrorNode).login.name, 'local', 'Edit Login opens the login the query ran on');

    await vscode.commands.executeCommand(Commands.retry, error);
    assert.deepEqual((await explorer.getChildren(failing)).map((n) => n.kind), ['loading'], 'Retry reads the stage again');
    const [again] = await loadedChildren(failing);
    assert.equal(again.kind, 'error');
    assert.notEqual(again, error);
  });
});
