// Saved logins, the explorer tree, CodeLens and Run All, on the local Databend. Each test
// adds the login it needs through "Add Login…" and leaves nothing behind.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExplorerNode } from '../../src/ui/explorer/explorerTree';
import { Commands } from '../../src/ui/ids';
import { ENTER } from '../build/scriptedDialogs';
import { addLoginFromDsn, answer, api, cleanSlate, expectScriptUsed, lastResult, loadedChildren, LOCAL_DSN, openSql } from './helpers';

async function labels(nodes: ExplorerNode[]): Promise<string[]> {
  const { tree } = (await api()).services;
  return nodes.map((n) => String(tree.getTreeItem(n).label));
}

/** The login's "Connections" and "Stages" groups. */
async function groups(): Promise<{ connections: ExplorerNode; stages: ExplorerNode }> {
  const { tree } = (await api()).services;
  const [login] = await tree.getChildren();
  const [connections, stages] = await tree.getChildren(login);
  return { connections, stages };
}

async function runScript(sql: string): Promise<{ ran: number; total: number; failed?: { index: number; message: string } } | undefined> {
  const editor = await openSql(sql);
  return vscode.commands.executeCommand(Commands.runAll, editor.document.uri);
}

/** A connection and a stage of the same name on a role (never assumed here). */
function stageScript(name: string, url: string): string {
  return (
    `CREATE OR REPLACE CONNECTION ${name} STORAGE_TYPE = 's3' ROLE_ARN = 'arn:aws:iam::987654321987:role/x' EXTERNAL_ID = 'ext-${name}';\n` +
    `CREATE OR REPLACE STAGE ${name} URL = '${url}' CONNECTION = (CONNECTION_NAME = '${name}');\n`
  );
}

describe('Databend explorer (on the local Databend)', function () {
  this.timeout(60_000);

  beforeEach(async () => {
    await cleanSlate();
    assert.ok(LOCAL_DSN, 'the launcher passes a DSN');
    await addLoginFromDsn('local');
  });

  afterEach(async () => {
    await expectScriptUsed();
    await cleanSlate();
  });

  it('adds a login from a DSN, tests it and lists it in the tree', async () => {
    const { dialogs, services } = await api();
    assert.ok(dialogs.messages('info').some((m) => /^Connected to "local": Databend Query v1\.2\./.test(m)), dialogs.messages().join('\n'));
    const roots = await services.tree.getChildren();
    assert.deepEqual(await labels(roots), ['local']);
    assert.deepEqual(await labels(await services.tree.getChildren(roots[0])), ['Connections', 'Stages']);
    const version = await vscode.commands.executeCommand<string>(Commands.testLogin);
    assert.match(version ?? '', /Databend Query v1\.2\./);
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

  it('a Run lens runs the statement it was shown above, and refuses once the text changed', async () => {
    const editor = await openSql('SELECT 1 AS first;\nSELECT 2 AS second;\n');
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri)) ?? [];
    const second = lenses.find((l) => l.range.start.line === 1)!.command!;
    await vscode.commands.executeCommand(second.command, ...(second.arguments ?? []));
    assert.deepEqual((await lastResult()).columns.map((c) => c.name), ['second']);
    // Insert a statement above: the lens shown earlier must not run whatever now sits at its place.
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), 'SELECT 0 AS zeroth;\n'));
    assert.equal(await vscode.commands.executeCommand(second.command, ...(second.arguments ?? [])), undefined);
    assert.ok((await api()).dialogs.messages('error').some((m) => /The SQL changed since this Run was shown/.test(m)));
  });

  it('runs a script with Run All; the tree then shows the new connection and stage', async () => {
    const outcome = await runScript(
      "CREATE OR REPLACE CONNECTION explorer_conn STORAGE_TYPE = 's3' ROLE_ARN = 'arn:aws:iam::987654321987:role/x' EXTERNAL_ID = 'ext-1';\n" +
        "CREATE OR REPLACE STAGE explorer_stage URL = 's3://explorer-bucket/data/' CONNECTION = (CONNECTION_NAME = 'explorer_conn');\n" +
        'SELECT number FROM numbers(25) ORDER BY number;\n',
    );
    assert.deepEqual(outcome && { ran: outcome.ran, total: outcome.total, failed: outcome.failed }, { ran: 3, total: 3, failed: undefined });
    const { results, tree } = (await api()).services;
    // One result per statement: two affected counts, then the rows.
    assert.deepEqual(
      results.last?.shown.results.map((r) => [r.label, r.summary?.rowCount, r.columns.length]),
      [
        ['1 of 3', 0, 0],
        ['2 of 3', 0, 0],
        ['3 of 3', 25, 1],
      ],
    );
    const last = await lastResult();
    assert.equal(last.rows.length, 25);
    assert.deepEqual(last.rows[24], ['24']);

    const { connections, stages } = await groups();
    assert.ok((await labels(await loadedChildren(connections))).includes('explorer_conn'));
    const stage = (await loadedChildren(stages)).find((s) => tree.getTreeItem(s).label === 'explorer_stage');
    assert.ok(stage, 'the stage is listed');
    assert.equal(tree.getTreeItem(stage).description, 's3://explorer-bucket/data/');
    // Listing needs the bucket: offline the role cannot be assumed, and the error sits on the node.
    const files = await loadedChildren(stage);
    assert.equal(files.length, 1);
    assert.equal(files[0].kind, 'error');
    await runScript('DROP STAGE IF EXISTS explorer_stage;\nDROP CONNECTION IF EXISTS explorer_conn;\n');
  });

  it('Run All stops at the first failing statement, selects it and says which one failed', async () => {
    const editor = await openSql('SELECT 1;\nSELECT * FROM no_such_table_here;\nSELECT 3;\n');
    const outcome = await vscode.commands.executeCommand<{ ran: number; failed?: { index: number; message: string } }>(Commands.runAll, editor.document.uri);
    assert.equal(outcome?.ran, 1);
    assert.equal(outcome?.failed?.index, 1);
    assert.equal(editor.document.getText(editor.selection), 'SELECT * FROM no_such_table_here');
    const [shown] = (await api()).dialogs.messages('error');
    assert.match(shown, /^Run All stopped at statement 2 of 3: Databend login "local": .*\[1025\]Unknown table/);
  });

  it('describes and drops a stage from the tree, after a confirmation that says what dropping does', async () => {
    await runScript(stageScript('explorer_drop', 's3://explorer-bucket/drop/'));
    const { tree } = (await api()).services;
    const { stages } = await groups();
    const stage = (await loadedChildren(stages)).find((s) => tree.getTreeItem(s).label === 'explorer_drop')!;
    const described = await vscode.commands.executeCommand<vscode.TextEditor>(Commands.describe, stage);
    assert.match(described?.document.getText() ?? '', /url: s3:\/\/explorer-bucket\/drop\//);
    await answer({ question: /Drop the stage "explorer_drop" on local\?/, answer: 'Drop' });
    await vscode.commands.executeCommand(Commands.drop, stage);
    const dialog = (await api()).dialogs.shown.find((s) => s.modal);
    assert.match(dialog?.detail ?? '', /The files in s3:\/\/explorer-bucket\/drop\/ stay where they are/);
    assert.ok(!(await labels(await loadedChildren(stages))).includes('explorer_drop'));
    await runScript('DROP CONNECTION IF EXISTS explorer_drop;\n');
  });

  it('keeps a stage when the drop is cancelled, or Enter is pressed (the default button keeps it)', async () => {
    await runScript(stageScript('explorer_keep', 's3://explorer-bucket/keep/'));
    const { tree } = (await api()).services;
    const { stages } = await groups();
    const stage = (await loadedChildren(stages)).find((s) => tree.getTreeItem(s).label === 'explorer_keep')!;
    await answer({ question: /Drop the stage "explorer_keep"/, answer: undefined });
    await vscode.commands.executeCommand(Commands.drop, stage);
    assert.ok((await labels(await loadedChildren(stages))).includes('explorer_keep'));
    await answer({ question: /Drop the stage "explorer_keep"/, answer: ENTER });
    await vscode.commands.executeCommand(Commands.drop, stage);
    const dialog = (await api()).dialogs.shown.filter((s) => s.modal).at(-1);
    assert.deepEqual({ actions: dialog?.actions, answered: dialog?.answered }, { actions: ['Keep Stage', 'Drop'], answered: 'Keep Stage' });
    assert.ok((await labels(await loadedChildren(stages))).includes('explorer_keep'));
    await runScript('DROP STAGE IF EXISTS explorer_keep;\nDROP CONNECTION IF EXISTS explorer_keep;\n');
  });
});
