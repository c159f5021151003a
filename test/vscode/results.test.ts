// Runs that overlap, Cancel and Run All's results, on the local Databend: each SQL editor's
// run owns its results view; Cancel kills exactly the query of the run it points at (the
// local server's log names every query it killed).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { QueryResult } from '../../src/databend/index';
import { Commands } from '../../src/ui/ids';
import type { ActiveRun } from '../../src/ui/queryRunner';
import { addLoginFromDsn, answer, api, cleanSlate, expectScriptUsed, openSql } from './helpers';

/** 30 s on the local engine, asleep (no CPU): one row at the end. */
const SLOW = `SELECT count(*) AS n FROM (${Array.from({ length: 10 }, () => 'SELECT sleep(3)').join(' UNION ALL ')})`;

function killedOnServer(): string[] {
  const log = readFileSync(process.env.DATABEND_IAM_TEST_DATABEND_LOG ?? '', 'utf8');
  return [...log.matchAll(/query (\S+) killed/g)].map((m) => m[1]);
}

/** Polls (no timing asserted) until `check` holds. */
async function until<T>(what: string, check: () => Promise<T | undefined | false | ''>, tries = 600): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await check();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`never happened: ${what}`);
}

async function runIn(editor: vscode.TextEditor): Promise<QueryResult | undefined> {
  return vscode.commands.executeCommand<QueryResult>(Commands.runStatement, editor.document.uri);
}

async function activeRunOf(editor: vscode.TextEditor): Promise<ActiveRun | undefined> {
  return (await api()).services.runner.active().find((r) => r.document === editor.document.uri.toString());
}

describe('Runs and their results (on the local Databend)', function () {
  this.timeout(120_000);

  beforeEach(async () => {
    await cleanSlate();
    assert.ok(process.env.DATABEND_IAM_TEST_DATABEND_LOG, 'the launcher passes the server log');
    await addLoginFromDsn('local');
    (await api()).dialogs.reset();
  });

  afterEach(async () => {
    await expectScriptUsed();
    await cleanSlate();
  });

  it('two overlapping runs in two editors keep their rows apart; Cancel kills exactly the pointed-at run', async () => {
    const { services } = await api();
    const slowEditor = await openSql(`${SLOW};\n`);
    const slow = runIn(slowEditor);
    const slowRun = await until('the slow run is named by Databend', async () => {
      const run = await activeRunOf(slowEditor);
      return run?.queryId ? run : undefined;
    });
    const slowView = services.results.get(slowEditor.document.uri)!;

    // Meanwhile a tree query and a second run, in another editor: it ends with its own rows.
    const fastEditor = await openSql('SELECT number FROM numbers(25) ORDER BY number;\n');
    const [tree, fast] = await Promise.all([services.tree.getChildren((await services.tree.getChildren())[0]), runIn(fastEditor)]);
    assert.equal(tree.length, 2);
    assert.equal(fast?.rowCount, 25);
    const fastView = services.results.get(fastEditor.document.uri)!;
    assert.notEqual(fastView, slowView);
    assert.deepEqual(fastView.shown.results[0].rows.at(-1), ['24']);
    assert.equal(slowView.shown.results[0].rows.length, 0, 'no row of the other run in the slow run view');
    assert.equal(slowView.shown.running, true, 'the other run ending left this one running');

    // Cancel from the slow editor: its run, not the one in the editor shown last.
    await vscode.window.showTextDocument(slowEditor.document);
    const cancelled = await vscode.commands.executeCommand<ActiveRun>(Commands.cancelQuery);
    assert.equal(cancelled?.id, slowRun.id);
    const result = await slow;
    assert.equal(result?.cancelled, true);
    const killed = killedOnServer();
    assert.ok(killed.includes(result.queryId), `the server killed ${result.queryId}`);
    assert.ok(!killed.includes(fast.queryId), 'the other run was not touched');
    const shown = slowView.shown.results[0];
    assert.deepEqual([shown.summary?.cancelled, shown.queryId, shown.rows.length, slowView.shown.running], [true, result.queryId, 0, false]);
  });

  it('Cancel before Databend answered the query still kills that query', async () => {
    const editor = await openSql(`${SLOW};\n`);
    const running = runIn(editor);
    await until('the query went out', async () => (await activeRunOf(editor))?.sent);
    // Databend answers this query's first request only after a second or two (planning sleeps).
    assert.equal((await activeRunOf(editor))?.queryId, '', 'not named yet');
    await vscode.commands.executeCommand(Commands.cancelQuery);
    const result = await running;
    assert.equal(result?.cancelled, true);
    assert.ok(result.queryId, 'the run learned the id of its query');
    assert.ok(killedOnServer().includes(result.queryId));
    assert.match((await api()).services.history.list()[0].outcome, /cancelled/);
  });

  it('a second run in the same editor asks first, then cancels the running one', async () => {
    const editor = await openSql(`${SLOW};\n`);
    const first = runIn(editor);
    await until('the first run started', () => activeRunOf(editor));
    await editor.edit((e) => e.replace(new vscode.Range(0, 0, editor.document.lineCount, 0), 'SELECT 7 AS seven;\n'));
    await answer({ question: /A query is still running in this editor on local/, answer: 'Cancel It and Run' });
    const second = await runIn(editor);
    assert.equal((await first)?.cancelled, true);
    assert.equal(second?.rowCount, 1);
    const view = (await api()).services.results.get(editor.document.uri)!;
    assert.deepEqual(view.shown.results.map((r) => r.rows), [[['7']]], 'the view shows the second run only');
  });

  it('Run All keeps one result per statement: rows, an affected count, an error', async () => {
    const editor = await openSql('CREATE OR REPLACE TABLE results_t (a INT);\nINSERT INTO results_t VALUES (1), (2), (3);\nSELECT a FROM results_t ORDER BY a;\nSELECT * FROM results_missing;\nSELECT 5;\n');
    const outcome = await vscode.commands.executeCommand<{ ran: number; failed?: { index: number } }>(Commands.runAll, editor.document.uri);
    assert.deepEqual([outcome?.ran, outcome?.failed?.index], [3, 3]);
    const view = (await api()).services.results.get(editor.document.uri)!;
    assert.deepEqual(
      view.shown.results.map((r) => [r.label, r.summary?.affectedRows ?? null, r.rows.length, r.error?.replace(/^.*(\[1025\]).*$/s, '$1') ?? null]),
      [
        ['1 of 5', 0, 0, null],
        ['2 of 5', 3, 0, null],
        ['3 of 5', 0, 3, null],
        ['4 of 5', null, 0, '[1025]'],
      ],
    );
    assert.match((await api()).dialogs.messages('error')[0], /^Run All stopped at statement 4 of 5/);
  });
});
