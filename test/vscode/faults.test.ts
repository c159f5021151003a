// Databend faults in the extension host: the message the user sees names the login and
// never the password; the tree shows the error on the node and recovers once fixed.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands } from '../../src/ui/ids';
import type { Login } from '../../src/ui/loginStore';
import { addLoginFromDsn, answer, api, cleanSlate, expectScriptUsed, loadedChildren, LOCAL_DSN, openSql } from './helpers';

const WRONG = 'Wrong-Password-Not-To-Leak-93';

describe('Databend faults', function () {
  this.timeout(60_000);
  const local = new URL(LOCAL_DSN.replace(/^databend:/, 'http:'));

  beforeEach(cleanSlate);
  afterEach(async () => {
    await expectScriptUsed();
    await cleanSlate();
  });

  it('a wrong password: the messages name the login, not the password; Edit Login fixes it and the tree recovers', async () => {
    const wrongDsn = `databend://root:${WRONG}@127.0.0.1:${local.port}/default?sslmode=disable`;
    const login = await addLoginFromDsn('faulty', wrongDsn);
    const { dialogs, services } = await api();
    const warning = dialogs.messages('warning').find((m) => m.startsWith('Saved, but the test failed'));
    assert.match(warning ?? '', /Databend login "faulty": the user name or password was refused/);
    assert.ok(!dialogs.messages().some((m) => m.includes(WRONG)), 'no message carries the password');

    const tree = services.tree;
    const [node] = await tree.getChildren();
    const [connectionsGroup] = await tree.getChildren(node);
    const [error] = await loadedChildren(connectionsGroup);
    const label = String(tree.getTreeItem(error).label);
    assert.equal(error.kind, 'error');
    assert.match(label, /user name or password was refused/);
    assert.ok(!label.includes(WRONG), 'the password is not in the tree');

    // Edit Login asks every setting, prefilled; only the password is typed again.
    await answer(
      { question: /Host/, answer: '127.0.0.1' },
      { question: /Connection security/, answer: 'Plain HTTP' },
      { question: /Port/, answer: local.port },
      { question: /User/, answer: 'root' },
      { question: /Password \(leave empty to keep the saved one\)/, answer: decodeURIComponent(local.password) },
      { question: /Database/, answer: 'default' },
      { question: /Warehouse/, answer: '' },
      { question: /Name of this login/, answer: 'faulty' },
    );
    await vscode.commands.executeCommand(Commands.editLogin, { login });
    const [again] = await tree.getChildren();
    const [groupAgain] = await tree.getChildren(again);
    const children = await loadedChildren(groupAgain);
    assert.ok(children.every((c) => c.kind !== 'error'), 'after the fix the node lists connections');
  });

  it('Add Login refuses, as they are typed, a user and a database the driver could not sign in with', async () => {
    const { dialogs, services } = await api();
    const upToUser = [
      { question: /How do you want to enter the login/, answer: 'Enter host, user and password' },
      { question: /Host/, answer: '127.0.0.1' },
      { question: /Connection security/, answer: 'Plain HTTP' },
      { question: /Port/, answer: local.port },
    ];
    await answer(...upToUser, { question: /User/, answer: 'a:b' });
    assert.equal(await vscode.commands.executeCommand(Commands.addLogin), undefined);
    const user = dialogs.shown.find((s) => s.kind === 'inputBox' && /User/.test(s.text));
    assert.match(user?.refused ?? '', /cannot sign in as a user whose name contains ":"/);

    dialogs.shown.length = 0;
    await answer(...upToUser, { question: /User/, answer: 'root' }, { question: /Password/, answer: 'pw' }, { question: /Database/, answer: 'my db' });
    assert.equal(await vscode.commands.executeCommand(Commands.addLogin), undefined);
    const database = dialogs.shown.find((s) => s.kind === 'inputBox' && /Database/.test(s.text));
    assert.match(database?.refused ?? '', /cannot open a database whose name .*contains spaces/);
    assert.deepEqual(services.store.list(), [], 'nothing was saved');
  });

  it('a server that is down: Run Statement reports it once, naming the login and the address', async () => {
    const login: Login = await addLoginFromDsn('down', 'databend://root:pw-down-123@127.0.0.1:9/default?sslmode=disable');
    assert.ok(login);
    (await api()).dialogs.shown.length = 0;
    const editor = await openSql('SELECT 1;');
    const result = await vscode.commands.executeCommand(Commands.runStatement, editor.document.uri);
    assert.equal(result, undefined, 'the command failed');
    const errors = (await api()).dialogs.messages('error');
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0], /^Databend login "down": the server at 127\.0\.0\.1:9 could not be reached/);
    assert.ok(!errors[0].includes('pw-down-123'));
    const shown = (await api()).dialogs.shown.find((m) => m.kind === 'message' && m.severity === 'error');
    assert.deepEqual(shown?.actions, ['Edit Login', 'Retry', 'Show Logs'], 'the notification offers what fixes it');
  });

  it('no login yet: Run Statement says so once and offers Add Login', async () => {
    const editor = await openSql('SELECT 1;');
    assert.equal(await vscode.commands.executeCommand(Commands.runStatement, editor.document.uri), undefined);
    const shown = (await api()).dialogs.shown.filter((m) => m.kind === 'message' && m.severity === 'error');
    assert.equal(shown.length, 1);
    assert.match(shown[0].text, /There is no Databend login yet/);
    assert.deepEqual(shown[0].actions, ['Add Login', 'Show Logs']);
  });
});
