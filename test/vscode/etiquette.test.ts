// Editor etiquette through the commands: a destructive confirmation never has the
// destructive button as its default (Enter keeps things), Edit and Rename Login start from
// the current values, and each failure is reported once, with the action that fixes it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands } from '../../src/ui/ids';
import type { QueryResult } from '../../src/databend/index';
import { ENTER } from '../build/scriptedDialogs';
import { addLoginFromDsn, answer, api, cleanSlate, expectScriptUsed, lastResult, openSql } from './helpers';

describe('Editor etiquette', function () {
  this.timeout(60_000);

  beforeEach(cleanSlate);
  afterEach(async () => {
    await expectScriptUsed();
    await cleanSlate();
  });

  /** As stored (globalState keeps JSON: no undefined properties). */
  const plain = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

  /** The last modal dialog: its buttons in order and the one pressed. */
  const lastModal = async () => {
    const dialog = (await api()).dialogs.shown.filter((s) => s.modal).at(-1);
    return { actions: dialog?.actions, answered: dialog?.answered };
  };

  it('Remove Login: Enter keeps the login (Keep Login is the default); Remove removes it', async () => {
    const login = await addLoginFromDsn('etiquette-remove');
    const { services } = await api();
    await answer({ question: /Remove the login "etiquette-remove"\?/, answer: ENTER });
    await vscode.commands.executeCommand(Commands.removeLogin, { login });
    assert.deepEqual(await lastModal(), { actions: ['Keep Login', 'Remove'], answered: 'Keep Login' });
    assert.ok(services.store.list().some((l) => l.id === login.id), 'Enter kept the login');
    await answer({ question: /Remove the login "etiquette-remove"\?/, answer: 'Remove' });
    await vscode.commands.executeCommand(Commands.removeLogin, { login });
    assert.ok(!services.store.list().some((l) => l.id === login.id));
  });

  it('Clear Query History: Enter keeps the history', async () => {
    await addLoginFromDsn('local');
    const editor = await openSql('SELECT 1 AS kept;');
    await vscode.commands.executeCommand(Commands.runStatement, editor.document.uri);
    const { services } = await api();
    const before = services.history.list().length;
    assert.ok(before > 0);
    await answer({ question: /Clear the query history/, answer: ENTER });
    await vscode.commands.executeCommand(Commands.clearHistory);
    assert.deepEqual(await lastModal(), { actions: ['Keep History', 'Clear'], answered: 'Keep History' });
    assert.equal(services.history.list().length, before);
  });

  it('Edit Login asks every setting with its current value filled in', async () => {
    const login = await addLoginFromDsn('etiquette-edit');
    const { dialogs, services } = await api();
    dialogs.shown.length = 0;
    await answer(
      { question: /Host/, answer: ENTER },
      { question: /Connection security/, answer: ENTER },
      { question: /Port/, answer: ENTER },
      { question: /User/, answer: ENTER },
      { question: /Password \(leave empty to keep the saved one\)/, answer: ENTER },
      { question: /Database/, answer: ENTER },
      { question: /Warehouse/, answer: ENTER },
      { question: /Name of this login/, answer: ENTER },
    );
    await vscode.commands.executeCommand(Commands.editLogin, { login });
    const answered = dialogs.shown.filter((s) => s.kind === 'inputBox').map((s) => s.answered);
    assert.deepEqual(answered, [login.host, String(login.port), login.user, '', login.database, login.warehouse ?? '', login.name]);
    // Connection security: the current choice is the one offered first.
    const security = dialogs.shown.find((s) => /Connection security/.test(s.text));
    assert.equal(security?.answered, login.tls ? security?.actions?.find((a) => /TLS|HTTPS/i.test(a)) : 'Plain HTTP');
    assert.deepEqual(plain(services.store.list().find((l) => l.id === login.id)), plain(login), 'Enter on every question changes nothing');
  });

  it('Rename Login asks only the name, filled in, and keeps everything else', async () => {
    const login = await addLoginFromDsn('etiquette-old');
    const { dialogs, services } = await api();
    await answer({ question: /Rename Login: etiquette-old.*New name of this login/, answer: 'etiquette-new' });
    await vscode.commands.executeCommand(Commands.renameLogin, { login });
    const asked = dialogs.shown.filter((s) => /New name of this login/.test(s.text));
    assert.equal(asked.length, 1);
    assert.deepEqual(plain(services.store.list().find((l) => l.id === login.id)), plain({ ...login, name: 'etiquette-new' }));
    await answer({ question: /New name of this login/, answer: ENTER });
    await vscode.commands.executeCommand(Commands.renameLogin, { login: { ...login, name: 'etiquette-new' } });
    assert.equal(dialogs.shown.filter((s) => /New name of this login/.test(s.text)).at(-1)?.answered, 'etiquette-new', 'the current name is filled in');
  });

  it('a statement Databend refuses is reported once: in its results panel, not again as a notification', async () => {
    await addLoginFromDsn('local');
    const { dialogs } = await api();
    dialogs.shown.length = 0;
    const editor = await openSql('SELECT * FROM etiquette_no_such_table;');
    const result = await vscode.commands.executeCommand<QueryResult>(Commands.runStatement, editor.document.uri);
    assert.equal(result, undefined, 'the command failed');
    assert.match((await lastResult()).error ?? '', /etiquette_no_such_table/);
    assert.deepEqual(dialogs.messages('error'), []);
  });

  it('Run All that cannot reach the server offers Edit Login, Retry and Show Logs', async () => {
    await addLoginFromDsn('down', 'databend://root:pw@127.0.0.1:9/default?sslmode=disable');
    const { dialogs } = await api();
    dialogs.shown.length = 0;
    const editor = await openSql('SELECT 1;\nSELECT 2;\n');
    await vscode.commands.executeCommand(Commands.runAll, editor.document.uri);
    const errors = dialogs.shown.filter((s) => s.kind === 'message' && s.severity === 'error');
    assert.equal(errors.length, 1, errors.map((e) => e.text).join('\n'));
    assert.match(errors[0].text, /^Run All stopped at statement 1 of 2: Databend login "down": the server at 127\.0\.0\.1:9 could not be reached/);
    assert.deepEqual(errors[0].actions, ['Edit Login', 'Retry', 'Show Logs']);
  });

  it('results open beside the SQL in a column that is open already, not in a third one', async () => {
    await addLoginFromDsn('local');
    const form = await vscode.workspace.openTextDocument({ content: 'where the setup form would be' });
    await vscode.window.showTextDocument(form, vscode.ViewColumn.One);
    const sql = await vscode.workspace.openTextDocument({ language: 'sql', content: 'SELECT 1 AS beside;' });
    await vscode.window.showTextDocument(sql, vscode.ViewColumn.Two);
    await vscode.commands.executeCommand(Commands.runStatement, sql.uri);
    assert.equal(vscode.window.tabGroups.all.length, 2, 'no third column');
    const results = vscode.window.tabGroups.all.find((g) => g.tabs.some((t) => t.label.startsWith('Results:')));
    assert.equal(results?.viewColumn, vscode.ViewColumn.One);
  });
});
