// Sessions follow what is saved, on the local Databend: a password-only edit takes effect at
// once, and a second window (a second LoginStore on the same global state and secret
// storage, as another VS Code window has) changing or removing a login is seen here.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { QueryResult } from '../../src/databend/index';
import { parseDsn } from '../../src/core/dsn';
import { Commands } from '../../src/ui/ids';
import { LoginStore } from '../../src/ui/loginStore';
import { ENTER } from '../build/scriptedDialogs';
import { addLoginFromDsn, answer, api, cleanSlate, expectScriptUsed, loadedChildren, LOCAL_DSN, openSql } from './helpers';

const WRONG = 'Not-The-Password-51';

async function run(sql: string): Promise<QueryResult | undefined> {
  const editor = await openSql(`${sql};\n`);
  return vscode.commands.executeCommand<QueryResult>(Commands.runStatement, editor.document.uri);
}

/** Polls (no timing asserted) until `check` holds. */
async function until(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`never happened: ${what}`);
}

describe('Sessions follow the saved logins (on the local Databend)', function () {
  this.timeout(60_000);
  const password = parseDsn(LOCAL_DSN).password;

  beforeEach(cleanSlate);
  afterEach(async () => {
    await expectScriptUsed();
    await cleanSlate();
  });

  it('a password-only edit takes effect on the next run and in the tree', async () => {
    const login = await addLoginFromDsn('local');
    const { dialogs, services } = await api();
    assert.equal((await run('SELECT 1'))?.rowCount, 1);
    const editPassword = (typed: string) =>
      answer(
        { question: /Host/, answer: ENTER },
        { question: /Connection security/, answer: 'Plain HTTP' },
        { question: /Port/, answer: ENTER },
        { question: /User/, answer: ENTER },
        { question: /Password \(leave empty to keep the saved one\)/, answer: typed },
        { question: /Database/, answer: ENTER },
        { question: /Warehouse/, answer: ENTER },
        { question: /Name of this login/, answer: ENTER },
      );

    await editPassword(WRONG);
    await vscode.commands.executeCommand(Commands.editLogin, { login });
    dialogs.shown.length = 0;
    assert.equal(await run('SELECT 2'), undefined, 'the run failed');
    assert.match(dialogs.messages('error')[0] ?? '', /Databend login "local": the user name or password was refused/);
    const [group] = await services.tree.getChildren((await services.tree.getChildren())[0]);
    assert.equal((await loadedChildren(group))[0].kind, 'error');

    await editPassword(password);
    await vscode.commands.executeCommand(Commands.editLogin, { login });
    assert.equal((await run('SELECT 3'))?.rowCount, 1);
    assert.notEqual((await loadedChildren(group))[0]?.kind, 'error');
  });

  it('another window changing the password, renaming or removing the login keeps this one in step', async () => {
    const login = await addLoginFromDsn('local');
    const { dialogs, services, storage } = await api();
    const otherWindow = new LoginStore(storage.globalState, storage.secrets);
    let changes = 0;
    const counted = services.store.onDidChange(() => (changes += 1));
    try {
      assert.equal((await run('SELECT 1'))?.rowCount, 1);

      // A password-only change there: SecretStorage tells this window.
      let seen = changes;
      await otherWindow.save(login, WRONG);
      await until('this window hears of the new password', () => changes > seen);
      dialogs.shown.length = 0;
      assert.equal(await run('SELECT 2'), undefined);
      assert.match(dialogs.messages('error')[0] ?? '', /password was refused/);
      seen = changes;
      await otherWindow.save(login, password);
      await until('this window hears of the right password', () => changes > seen);
      assert.equal((await run('SELECT 3'))?.rowCount, 1);

      // A rename there (global state only, no password): the tree here shows the new name.
      seen = changes;
      await otherWindow.save({ ...login, name: 'renamed-elsewhere' });
      await until('this window hears of the rename', () => changes > seen);
      const [node] = await services.tree.getChildren();
      assert.equal(services.tree.getTreeItem(node).label, 'renamed-elsewhere');
      assert.equal((await run('SELECT 4'))?.rowCount, 1);

      // Removed there: gone here, and SQL has no login to run on.
      seen = changes;
      await otherWindow.remove(login.id);
      await until('this window hears of the removal', () => changes > seen);
      assert.deepEqual(await services.tree.getChildren(), []);
      dialogs.shown.length = 0;
      assert.equal(await run('SELECT 5'), undefined);
      assert.match(dialogs.messages('error')[0] ?? '', /There is no Databend login yet/);
    } finally {
      counted.dispose();
      otherWindow.dispose();
    }
  });
});
