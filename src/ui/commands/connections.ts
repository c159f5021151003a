// Add, edit, remove, test and choose saved Databend connections. They share the prompts
// for a connection's settings, so they live together.

import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { describeConnection, parseDsn, validateHost, validatePort } from '../../core/dsn';
import { CancelledError } from '../../core/errors';
import type { ConnectionStore, SavedConnection } from '../connectionStore';
import type { DatabendService } from '../databendService';
import { askText } from '../prompts';

/** Values given by the caller (tests, the setup form); missing ones are asked for. */
export interface ConnectionArgs {
  name?: string;
  dsn?: string;
  host?: string;
  port?: number;
  tls?: boolean;
  user?: string;
  password?: string;
  database?: string;
  warehouse?: string;
}

/** Tree items and the status bar pass a node that carries its connection. */
type Target = { connection?: SavedConnection } | undefined;

const TITLE = 'Databend Connection';

export class ConnectionCommands {
  constructor(
    private readonly store: ConnectionStore,
    private readonly databend: DatabendService,
  ) {}

  async add(args: ConnectionArgs = {}): Promise<SavedConnection> {
    const mode = args.dsn !== undefined || args.host !== undefined ? (args.dsn !== undefined ? 'dsn' : 'fields') : await this.pickMode();
    const fields = mode === 'dsn' ? await this.fromDsn(args) : await this.fromFields(args);
    const name = args.name ?? (await askText({ title: TITLE, step: 2, totalSteps: 2, prompt: 'A name for this connection', value: fields.host.split('.')[0], validate: (v) => this.validateName(v) }));
    const { password, ...settings } = fields;
    const connection: SavedConnection = { id: randomUUID(), name, ...settings };
    await this.store.save(connection, password);
    // The connection just added is the one the user wants to use.
    await this.store.setActive(connection.id);
    try {
      await this.test({ connection });
    } catch (error) {
      // Saved all the same: a server that is down now may be up later, and Edit fixes a typo.
      void vscode.window.showWarningMessage(`Saved, but the test failed: ${(error as Error).message}`, 'Edit Connection').then((choice) => {
        if (choice) void vscode.commands.executeCommand('databendIam.editConnection', { connection });
      });
    }
    return connection;
  }

  async edit(target?: Target, args: ConnectionArgs = {}): Promise<SavedConnection> {
    const current = target?.connection ?? (await this.pick('Connection to edit'));
    // Given values (a caller, a test) change only what they name; otherwise every field is asked, prefilled.
    const fields =
      Object.keys(args).length > 0
        ? { ...current, password: args.password ?? '', ...Object.fromEntries(Object.entries(args).filter(([key]) => key !== 'password' && key !== 'name')) }
        : await this.fromFields({}, current);
    const { password, ...settings } = fields;
    const connection: SavedConnection = { ...current, ...settings, name: args.name ?? current.name };
    // An empty password box keeps the saved password.
    await this.store.save(connection, password === '' ? undefined : password);
    return connection;
  }

  async remove(target?: Target, confirmed = false): Promise<void> {
    const connection = target?.connection ?? (await this.pick('Connection to remove'));
    if (!confirmed) {
      const answer = await vscode.window.showWarningMessage(
        `Remove the connection "${connection.name}"?`,
        { modal: true, detail: `${describeConnection(connection)}\nIts saved password is deleted too. Nothing changes on the server.` },
        'Remove',
      );
      if (answer !== 'Remove') throw new CancelledError();
    }
    await this.databend.close(connection.id);
    await this.store.remove(connection.id);
  }

  async test(target?: Target): Promise<string> {
    const connection = target?.connection ?? (await this.pick('Connection to test'));
    const version = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Connecting to ${connection.name}…` }, async () =>
      this.databend.probe(connection, await this.store.password(connection.id)),
    );
    void vscode.window.showInformationMessage(`Connected to "${connection.name}": ${version}`);
    return version;
  }

  async select(target?: Target): Promise<SavedConnection> {
    const connection = target?.connection ?? (await this.pick('Connection to run SQL on'));
    await this.store.setActive(connection.id);
    return connection;
  }

  async pick(placeHolder: string): Promise<SavedConnection> {
    const connections = this.store.list();
    if (connections.length === 0) {
      throw new Error('There is no Databend connection yet: run "Databend: Add Connection…" first.');
    }
    if (connections.length === 1) {
      return connections[0];
    }
    const active = this.store.active()?.id;
    const picked = await vscode.window.showQuickPick(
      connections.map((c) => ({ label: c.name, description: describeConnection(c), detail: c.id === active ? 'active' : undefined, connection: c })),
      { placeHolder, ignoreFocusOut: true },
    );
    if (!picked) throw new CancelledError();
    return picked.connection;
  }

  private validateName(name: string, except?: string): string | undefined {
    if (name.trim() === '') return 'Enter a name, for example "cloud" or "local".';
    if (this.store.list().some((c) => c.name === name.trim() && c.id !== except)) return `A connection named "${name.trim()}" exists already.`;
    return undefined;
  }

  private async pickMode(): Promise<'dsn' | 'fields'> {
    const picked = await vscode.window.showQuickPick(
      [
        { label: 'Paste a DSN', description: 'databend://cloudapp:<password>@<tenant>.gw.<region>.default.databend.com:443/default?warehouse=<wh>', mode: 'dsn' as const },
        { label: 'Enter host, user and password', mode: 'fields' as const },
      ],
      { title: 'Add Databend Connection', placeHolder: 'How do you want to enter the connection?', ignoreFocusOut: true },
    );
    if (!picked) throw new CancelledError();
    return picked.mode;
  }

  private async fromDsn(args: ConnectionArgs) {
    const dsn =
      args.dsn ??
      (await askText({
        title: TITLE,
        step: 1,
        totalSteps: 2,
        prompt: 'Databend DSN (the password in it is stored in VS Code secret storage only)',
        placeholder: 'databend://cloudapp:<password>@<tenant>.gw.<region>.default.databend.com:443/default?warehouse=<warehouse>',
        password: true,
        validate: (v) => {
          try {
            parseDsn(v);
            return undefined;
          } catch (error) {
            return (error as Error).message;
          }
        },
      }));
    return parseDsn(dsn);
  }

  private async fromFields(args: ConnectionArgs, current?: SavedConnection) {
    const steps = 7;
    const ask = (step: number, prompt: Omit<Parameters<typeof askText>[0], 'title' | 'step' | 'totalSteps'>) => askText({ title: TITLE, step, totalSteps: steps, ...prompt });
    const host = args.host ?? (await ask(1, { prompt: 'Host', value: current?.host, placeholder: 'tnxxxx.gw.aws-us-east-2.default.databend.com', validate: validateHost }));
    const tls = args.tls ?? (await this.pickTls());
    const port = args.port ?? Number(await ask(3, { prompt: 'Port', value: String(current?.port ?? (tls ? 443 : 8000)), validate: validatePort }));
    const user = args.user ?? (await ask(4, { prompt: 'User', value: current?.user ?? 'cloudapp' }));
    const password =
      args.password ??
      (await ask(5, { prompt: current ? 'Password (leave empty to keep the saved one)' : 'Password (kept in VS Code secret storage only)', password: true }));
    const database = args.database ?? (await ask(6, { prompt: 'Database', value: current?.database ?? 'default', validate: (v) => (v.trim() ? undefined : 'Enter a database, usually "default".') }));
    const warehouse = args.warehouse ?? (await ask(7, { prompt: 'Warehouse (Databend Cloud; leave empty otherwise)', value: current?.warehouse, placeholder: 'my-warehouse' }));
    return { host, port, tls, user, password, database, warehouse: warehouse || undefined, options: current?.options ?? {} };
  }

  private async pickTls(): Promise<boolean> {
    const picked = await vscode.window.showQuickPick(
      [
        { label: 'TLS (HTTPS)', description: 'Databend Cloud and most servers', tls: true },
        { label: 'Plain HTTP', description: 'a local server (sslmode=disable)', tls: false },
      ],
      { title: TITLE, placeHolder: 'Connection security', ignoreFocusOut: true },
    );
    if (!picked) throw new CancelledError();
    return picked.tls;
  }
}
