// The query history, on the local Databend: every statement run is kept (text, login,
// database, time, duration, rows or error, query id), secrets masked; found again with the
// quick pick's search, opened or run again, cleared.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands } from '../../src/ui/ids';
import { addLoginFromDsn, answer, api, cleanSlate, expectScriptUsed, openSql } from './helpers';

describe('Query history (on the local Databend)', function () {
  this.timeout(60_000);

  beforeEach(async () => {
    await cleanSlate();
    await (await api()).services.history.clear();
    await addLoginFromDsn('local');
    (await api()).dialogs.reset();
  });

  afterEach(async () => {
    await expectScriptUsed();
    await (await api()).services.history.clear();
    await cleanSlate();
  });

  it('keeps each statement run with its login, database, outcome and query id, secrets masked', async () => {
    const editor = await openSql(
      "SELECT number AS history_n FROM numbers(3);\nSELECT * FROM history_missing;\nCREATE OR REPLACE CONNECTION history_conn STORAGE_TYPE = 's3' ACCESS_KEY_ID = 'AKIAHISTORY' SECRET_ACCESS_KEY = 'history-secret-key';\n",
    );
    const position = (line: number) => new vscode.Selection(line, 0, line, 0);
    for (const line of [0, 1, 2]) {
      editor.selection = position(line);
      await vscode.commands.executeCommand(Commands.runStatement, editor.document.uri);
    }
    await (await api()).services.history.settled();
    const [created, failed, selected] = (await api()).services.history.list();
    assert.deepEqual(
      { sql: selected.sql, login: selected.login, database: selected.database, outcome: selected.outcome, rows: selected.rows },
      { sql: 'SELECT number AS history_n FROM numbers(3)', login: 'local', database: 'default', outcome: 'rows', rows: 3 },
    );
    assert.match(selected.queryId, /\w{8,}/);
    assert.ok(selected.startedAt > 0 && selected.durationMs >= 0);
    assert.equal(failed.outcome, 'error');
    assert.match(failed.error ?? '', /\[1025\]Unknown table/);
    assert.equal(created.outcome, 'affected');
    assert.match(created.sql, /SECRET_ACCESS_KEY = '\*\*\*'/);
    assert.ok(!JSON.stringify((await api()).services.history.list()).includes('history-secret-key'), 'the secret is not kept');
    assert.equal(created.masked, true);
    await openSql('DROP CONNECTION IF EXISTS history_conn;\n').then((e) => vscode.commands.executeCommand(Commands.runStatement, e.document.uri));
  });

  it('finds a statement by its text and runs it again in a new editor', async () => {
    const first = await openSql('SELECT 1 AS other;\n');
    await vscode.commands.executeCommand(Commands.runStatement, first.document.uri);
    const mine = await openSql("SELECT 'found again' AS history_again;\n");
    await vscode.commands.executeCommand(Commands.runStatement, mine.document.uri);
    const { dialogs, services } = await api();
    await answer({ question: /Databend Query History/, answer: /history_again/ }, { question: /What to do with this statement/, answer: '$(play) Run Again' });
    const entry = await vscode.commands.executeCommand<{ sql: string }>(Commands.showHistory);
    assert.equal(entry?.sql, "SELECT 'found again' AS history_again");
    const picker = dialogs.shown.find((s) => s.kind === 'quickPick');
    assert.deepEqual(picker?.actions, ["SELECT 'found again' AS history_again", 'SELECT 1 AS other'], 'newest first');
    // A new editor holds the statement; its own results view shows the rows.
    const again = vscode.window.activeTextEditor!;
    assert.notEqual(again.document, mine.document);
    assert.match(again.document.getText(), /SELECT 'found again' AS history_again;/);
    assert.deepEqual(services.results.get(again.document.uri)?.shown.results[0].rows, [['found again']]);
    await services.history.settled();
    assert.equal(services.history.list().length, 3, 'the run again is in the history too');
  });

  it('opens a statement in an editor without running it, and clears the history after asking', async () => {
    const editor = await openSql('SELECT 2 AS history_open;\n');
    await vscode.commands.executeCommand(Commands.runStatement, editor.document.uri);
    await answer({ question: /Databend Query History/, answer: /history_open/ }, { question: /What to do with this statement/, answer: '$(go-to-file) Open in Editor' });
    await vscode.commands.executeCommand(Commands.showHistory);
    assert.match(vscode.window.activeTextEditor?.document.getText() ?? '', /^-- local · default · .* · 1 row\nSELECT 2 AS history_open;\n$/);
    const { services } = await api();
    await services.history.settled();
    assert.equal(services.history.list().length, 1, 'opening runs nothing');

    await answer({ question: /Clear the query history \(1 statement\)\?/, answer: 'Clear' });
    await vscode.commands.executeCommand(Commands.clearHistory);
    assert.deepEqual(services.history.list(), []);
    await vscode.commands.executeCommand(Commands.showHistory);
    assert.match((await api()).dialogs.messages('info').at(-1) ?? '', /The query history is empty/);
  });
});
