// Add, edit, remove, test and choose saved Databend logins. They share the questions for
// a login's settings, so they live together.

import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { describeConnection as describeLogin, parseDsn, validateDatabase, validateHost, validatePort, validateUser } from '../../core/dsn';
import { CancelledError, DriverUnavailableError, errorMessage } from '../../core/errors';
import type { DatabendService } from '../databendService';
import type { Dialogs } from '../dialogs';
import { Commands } from '../ids';
import type { Login, LoginStore } from '../loginStore';
import { confirm, Wizard } from '../prompts';
import { UserError } from '../userError';

/** Tree items and the status bar pass a node that carries its login. */
type Target = { login?: Login } | undefined;

/** An example, not words: the same in every language. */
const DSN_EXAMPLE = 'databend://cloudapp:<password>@<tenant>.gw.<region>.default.databend.com:443/default?warehouse=<wh>';

/** The title of the login questions, in the display language. */
const title = (): string => vscode.l10n.t('Databend Login');

export class LoginCommands {
  constructor(
    private readonly store: LoginStore,
    private readonly databend: DatabendService,
    private readonly dialogs: Dialogs,
  ) {}

  async add(): Promise<Login> {
    const mode = await this.pickMode();
    const fields = mode === 'dsn' ? await this.fromDsn() : await this.fromFields(new Wizard(this.dialogs, title(), 8));
    const name = await new Wizard(this.dialogs, title(), mode === 'dsn' ? 2 : 8).text(mode === 'dsn' ? 2 : 8, {
      prompt: vscode.l10n.t('A name for this login'),
      // A tenant host names itself (tn1abc.gw…); an address does not.
      value: /^[\d.]+$|:/.test(fields.host) || fields.host === 'localhost' ? 'local' : fields.host.split('.')[0],
      validate: (v) => this.validateName(v),
    });
    const { password, ...settings } = fields;
    const login: Login = { id: randomUUID(), name, ...settings };
    await this.store.save(login, password);
    try {
      await this.test({ login });
      // A login that works is the one the user wants to use now.
      await this.store.setActive(login.id);
    } catch (error) {
      // One that does not stays out of the way of the login SQL runs on (unless it is the only one).
      if (this.store.list().length === 1) await this.store.setActive(login.id);
      // Without the driver no setting would help: say that alone.
      if (error instanceof DriverUnavailableError) {
        void this.dialogs.message('warning', vscode.l10n.t('Saved the login "{0}". {1}', name, error.message), {});
        return login;
      }
      // Saved all the same: a server that is down now may be up later, and Edit fixes a typo.
      void this.dialogs.message('warning', vscode.l10n.t('Saved, but the test failed: {0}', errorMessage(error)), {}, vscode.l10n.t('Edit Login')).then((choice) => {
        if (choice) void vscode.commands.executeCommand(Commands.editLogin, { login });
      });
    }
    return login;
  }

  /** Every setting asked again, prefilled with the current value; the name too (renaming). */
  async edit(target?: Target): Promise<Login> {
    const current = target?.login ?? (await this.pick(vscode.l10n.t('Login to edit')));
    const ask = new Wizard(this.dialogs, vscode.l10n.t('Databend Login: {0}', current.name), 8);
    const { password, ...settings } = await this.fromFields(ask, current);
    const name = await ask.text(8, { prompt: vscode.l10n.t('Name of this login'), value: current.name, validate: (v) => this.validateName(v, current.id) });
    const login: Login = { ...current, ...settings, name };
    // An empty password box keeps the saved password.
    await this.store.save(login, password === '' ? undefined : password);
    return login;
  }

  /** Only the name, asked with the current one filled in; the session and password stay. */
  async rename(target?: Target): Promise<Login> {
    const current = target?.login ?? (await this.pick(vscode.l10n.t('Login to rename')));
    const name = await new Wizard(this.dialogs, vscode.l10n.t('Rename Login: {0}', current.name), 1).text(1, {
      prompt: vscode.l10n.t('New name of this login'),
      value: current.name,
      validate: (v) => this.validateName(v, current.id),
    });
    const login: Login = { ...current, name };
    if (name !== current.name) await this.store.save(login, undefined);
    return login;
  }

  async remove(target?: Target): Promise<void> {
    const login = target?.login ?? (await this.pick(vscode.l10n.t('Login to remove')));
    await confirm(this.dialogs, 'warning', vscode.l10n.t('Remove the login "{0}"?', login.name), vscode.l10n.t('{0}\nIts saved password is deleted too. Nothing changes on the server.', describeLogin(login)), vscode.l10n.t('Remove'), vscode.l10n.t('Keep Login'));
    await this.databend.close(login.id);
    await this.store.remove(login.id);
  }

  async test(target?: Target): Promise<string> {
    const login = target?.login ?? (await this.pick(vscode.l10n.t('Login to test')));
    const version = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Connecting to {0}…', login.name) }, async () =>
      this.databend.probe(login, await this.store.password(login.id)),
    );
    void this.dialogs.message('info', vscode.l10n.t('Connected to "{0}": {1}', login.name, version), {});
    return version;
  }

  async select(target?: Target): Promise<Login> {
    const login = target?.login ?? (await this.pick(vscode.l10n.t('Login to run SQL on')));
    await this.store.setActive(login.id);
    return login;
  }

  /** The only login, or the one the user picks. @throws Error when none is saved. */
  async pick(placeHolder: string): Promise<Login> {
    const logins = this.store.list();
    if (logins.length === 0) {
      throw new UserError(vscode.l10n.t('There is no Databend login yet: add one first.'), [{ title: vscode.l10n.t('Add Login'), command: Commands.addLogin }]);
    }
    if (logins.length === 1) {
      return logins[0];
    }
    const active = this.store.active()?.id;
    const picked = await this.dialogs.quickPick(
      logins.map((c) => ({ label: c.name, description: describeLogin(c), detail: c.id === active ? vscode.l10n.t('active') : undefined, login: c })),
      { placeHolder, ignoreFocusOut: true },
    );
    if (!picked) throw new CancelledError();
    return picked.login;
  }

  private validateName(name: string, except?: string): string | undefined {
    if (name.trim() === '') return vscode.l10n.t('Enter a name, for example "cloud" or "local".');
    if (this.store.list().some((c) => c.name === name.trim() && c.id !== except)) return vscode.l10n.t('A login named "{0}" exists already.', name.trim());
    return undefined;
  }

  private async pickMode(): Promise<'dsn' | 'fields'> {
    const picked = await new Wizard(this.dialogs, vscode.l10n.t('Add Databend Login'), 2).pick(1, vscode.l10n.t('How do you want to enter the login?'), [
      { label: vscode.l10n.t('Paste a DSN'), description: DSN_EXAMPLE, mode: 'dsn' as const },
      { label: vscode.l10n.t('Enter host, user and password'), mode: 'fields' as const },
    ]);
    return picked.mode;
  }

  private async fromDsn() {
    const dsn = await new Wizard(this.dialogs, title(), 2).text(1, {
      prompt: vscode.l10n.t('Databend DSN (the password in it is stored in VS Code secret storage only)'),
      placeholder: 'databend://cloudapp:<password>@<tenant>.gw.<region>.default.databend.com:443/default?warehouse=<warehouse>',
      password: true,
      validate: (v) => {
        try {
          const parsed = parseDsn(v);
          return validateUser(parsed.user) ?? validateDatabase(parsed.database);
        } catch (error) {
          return errorMessage(error);
        }
      },
    });
    return parseDsn(dsn);
  }

  /** Steps 1–7: host, TLS, port, user, password, database, warehouse. */
  private async fromFields(ask: Wizard, current?: Login) {
    const host = await ask.text(1, { prompt: vscode.l10n.t('Host'), value: current?.host, placeholder: 'tnxxxx.gw.aws-us-east-2.default.databend.com', validate: validateHost });
    const tls = await this.pickTls(ask, current?.tls);
    const port = Number(await ask.text(3, { prompt: vscode.l10n.t('Port'), value: String(current?.port ?? (tls ? 443 : 8000)), validate: validatePort }));
    // What the driver could not sign in with is refused here, not when the login is first used.
    const user = await ask.text(4, { prompt: vscode.l10n.t('User'), value: current?.user ?? 'cloudapp', validate: validateUser });
    const password = await ask.text(5, { prompt: current ? vscode.l10n.t('Password (leave empty to keep the saved one)') : vscode.l10n.t('Password (kept in VS Code secret storage only)'), password: true });
    const database = await ask.text(6, { prompt: vscode.l10n.t('Database'), value: current?.database ?? 'default', validate: (v) => (v.trim() ? validateDatabase(v) : vscode.l10n.t('Enter a database, usually "default".')) });
    const warehouse = await ask.text(7, { prompt: vscode.l10n.t('Warehouse (Databend Cloud; leave empty otherwise)'), value: current?.warehouse, placeholder: 'my-warehouse' });
    return { host, port, tls, user, password, database, warehouse: warehouse || undefined, options: current?.options ?? {} };
  }

  private async pickTls(ask: Wizard, current?: boolean): Promise<boolean> {
    const items = [
      { label: vscode.l10n.t('TLS (HTTPS)'), description: vscode.l10n.t('Databend Cloud and most servers'), tls: true, picked: current !== false },
      { label: vscode.l10n.t('Plain HTTP'), description: vscode.l10n.t('a local server (sslmode=disable)'), tls: false, picked: current === false },
    ];
    // The current choice first, so Enter keeps it.
    const ordered = current === false ? [items[1], items[0]] : items;
    return (await ask.pick(2, vscode.l10n.t('Connection security'), ordered)).tls;
  }
}
