// Saved connections, the explorer tree, CodeLens and Run All, on the local Databend.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { ExplorerNode } from '../../src/ui/explorer/explorerTree';
import { Commands, EXTENSION_ID } from '../../src/ui/ids';
import { closeAllEditorsWithoutSaving } from './helpers';

const dsn = process.env.DATABEND_IAM_TEST_DSN ?? '';

async function api(): Promise<ExtensionApi> {
  return (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as ExtensionApi;
}

async function labels(nodes: ExplorerNode[]): Promise<string[]> {
  const tree = (await api()).explorerTree;
  return nodes.map((n) => String(tree.getTreeItem(n).label));
}

async function openSql(content: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument({ language: 'sql', content });
  return vscode.window.showTextDocument(document);
}

describe('Databend explorer (on the local Databend)', function () {
  this.timeout(60_000);

  after(closeAllEditorsWithoutSaving);

  it('adds a connection from a DSN, tests it and lists it in the tree', async () => {
    assert.ok(dsn, 'the launcher passes a DSN');
    const added = await vscode.commands.executeCommand<{ name: string }>(Commands.addConnection, { dsn, name: 'local' });
    assert.equal(added?.name, 'local');
    const version = await vscode.commands.executeCommand<string>(Commands.testConnection);
    assert.match(version ?? '', /Databend Query v1\.2\./);
    const tree = (await api()).explorerTree;
    const roots = await tree.getChildren();
    assert.deepEqual(await labels(roots), ['local']);
    assert.deepEqual(await labels(await tree.getChildren(roots[0])), ['Connections', 'Stages']);
  });

  it('puts CodeLens above each statement of a tricky script and Run All at the top', async () => {
    const script = "-- setup; not a statement\nSELECT 'a;b' AS x;\n\n/* ; */ SELECT $$ ; $$;\nSELECT \"c;d\" -- ;\n;";
    const editor = await openSql(script);
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri)) ?? [];
    assert.deepEqual(
      lenses.map((l) => [l.command?.title, l.range.start.line, l.range.start.character]),
      [
        ['Run All (3)', 0, 0],
        ['▶ Run', 1, 0],
        ['▶ Run', 3, 8],
        ['▶ Run', 4, 0],
      ],
    );
  });

  it('runs a script with Run All; the tree then shows the new connection and stage', async () => {
    const editor = await openSql(
      "CREATE OR REPLACE CONNECTION explorer_conn STORAGE_TYPE = 's3' ROLE_ARN = 'arn:aws:iam::987654321987:role/x' EXTERNAL_ID = 'ext-1';\n" +
        "CREATE OR REPLACE STAGE explorer_stage URL = 's3://explorer-bucket/data/' CONNECTION = (CONNECTION_NAME = 'explorer_conn');\n" +
        'SELECT number FROM numbers(25) ORDER BY number;\n',
    );
    const outcome = await vscode.commands.executeCommand<{ ran: number; total: number; failed?: unknown }>(Commands.runAll, editor.document.uri);
    assert.deepEqual(outcome && { ran: outcome.ran, total: outcome.total, failed: outcome.failed }, { ran: 3, total: 3, failed: undefined });
    const results = (await api()).resultsPanel.snapshot();
    assert.equal(results.rows.length, 25);
    assert.deepEqual(results.rows[24], ['24']);

    const tree = (await api()).explorerTree;
    const [local] = await tree.getChildren();
    const [connectionsGroup, stagesGroup] = await tree.getChildren(local);
    assert.ok((await labels(await tree.getChildren(connectionsGroup))).includes('explorer_conn'));
    const stages = await tree.getChildren(stagesGroup);
    const stage = stages.find((s) => tree.getTreeItem(s).label === 'explorer_stage');
    assert.ok(stage, 'the stage is listed');
    assert.equal(tree.getTreeItem(stage).description, 's3://explorer-bucket/data/');
    // Listing needs the bucket: offline the role cannot be assumed, and the error sits on the node.
    const files = await tree.getChildren(stage);
    assert.equal(files.length, 1);
    assert.equal(files[0].kind, 'error');
  });

  it('Run All stops at the first failing statement and selects it', async () => {
    const editor = await openSql('SELECT 1;\nSELECT * FROM no_such_table_here;\nSELECT 3;\n');
    const outcome = await vscode.commands.executeCommand<{ ran: number; failed?: { index: number; message: string } }>(Commands.runAll, editor.document.uri);
    assert.equal(outcome?.ran, 1);
    assert.equal(outcome?.failed?.index, 1);
    assert.match(outcome?.failed?.message ?? '', /Databend connection "local".*\[1025\]Unknown table/);
    assert.equal(editor.document.getText(editor.selection), 'SELECT * FROM no_such_table_here');
  });

  it('describes and drops a stage from the tree', async () => {
    const tree = (await api()).explorerTree;
    const [local] = await tree.getChildren();
    const [, stagesGroup] = await tree.getChildren(local);
    const stage = (await tree.getChildren(stagesGroup)).find((s) => tree.getTreeItem(s).label === 'explorer_stage')!;
    const described = await vscode.commands.executeCommand<vscode.TextEditor>(Commands.describe, stage);
    assert.match(described?.document.getText() ?? '', /url: s3:\/\/explorer-bucket\/data\//);
    await vscode.commands.executeCommand(Commands.drop, stage, true);
    assert.ok(!(await labels(await tree.getChildren(stagesGroup))).includes('explorer_stage'));
  });
});
