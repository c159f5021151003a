// Saved Databend logins (what the driver signs in with: host, user, database, warehouse):
// settings in globalState, passwords only in SecretStorage. Not to be confused with a
// Databend CONNECTION object (storage parameters inside Databend), which the explorer lists.

import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { ConnectionSettings as LoginSettings } from '../core/dsn';

export interface Login extends LoginSettings {
  id: string;
  name: string;
}

// Storage keys kept from 0.1 (when logins were called connections) so saved logins survive.
const LIST_KEY = 'databendIam.connections';
const ACTIVE_KEY = 'databendIam.activeConnection';
const SECRET_PREFIX = 'databendIam.connection.';
const secretKey = (id: string) => `${SECRET_PREFIX}${id}.password`;
/**
 * Written on every change of the list: SecretStorage tells every window of a change,
 * globalState tells none, so this is how another window learns that a login was added,
 * edited or removed. It holds a random value, nothing secret.
 */
const REVISION_KEY = 'databendIam.logins.revision';
/** globalState reaches other windows on its own schedule: they read the list again this much later too. */
const SHARED_STATE_DELAY_MS = 1_000;

export class LoginStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a login is added, edited, removed or chosen, here or in another window. */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private readonly timers = new Set<NodeJS.Timeout>();
  /** The revision this window wrote last: its own echo is not news. */
  private written = '';

  constructor(
    private readonly state: vscode.Memento,
    private readonly secrets: vscode.SecretStorage,
  ) {
    // SecretStorage is shared by every window: a password changed elsewhere must reopen our session.
    this.subscription = secrets.onDidChange((e) => {
      if (e.key.startsWith(SECRET_PREFIX)) this.changed.fire();
      else if (e.key === REVISION_KEY) void this.otherWindowChanged();
    });
  }

  private async otherWindowChanged(): Promise<void> {
    if ((await this.secrets.get(REVISION_KEY)) === this.written) return;
    this.changed.fire();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.changed.fire();
    }, SHARED_STATE_DELAY_MS);
    this.timers.add(timer);
  }

  /** Tells the other windows that the list changed. */
  private async announce(): Promise<void> {
    this.written = randomUUID();
    await this.secrets.store(REVISION_KEY, this.written);
  }

  list(): Login[] {
    return this.state.get<Login[]>(LIST_KEY, []);
  }

  get(id: string): Login | undefined {
    return this.list().find((c) => c.id === id);
  }

  /** The login SQL runs on: the chosen one, else the first. */
  active(): Login | undefined {
    const id = this.state.get<string>(ACTIVE_KEY);
    return (id && this.get(id)) || this.list()[0];
  }

  async setActive(id: string): Promise<void> {
    await this.state.update(ACTIVE_KEY, id);
    this.changed.fire();
  }

  /**
   * Adds or replaces a login (by id); `password` undefined keeps the saved one.
   * @throws Error when another login has the same name.
   */
  async save(login: Login, password?: string): Promise<void> {
    const others = this.list().filter((c) => c.id !== login.id);
    if (others.some((c) => c.name === login.name)) {
      throw new Error(vscode.l10n.t('A login named "{0}" exists already: choose another name.', login.name));
    }
    if (password !== undefined) {
      await this.secrets.store(secretKey(login.id), password);
    }
    await this.state.update(LIST_KEY, [...others, login].sort((a, b) => a.name.localeCompare(b.name)));
    await this.announce();
    this.changed.fire();
  }

  async remove(id: string): Promise<void> {
    await this.secrets.delete(secretKey(id));
    await this.state.update(LIST_KEY, this.list().filter((c) => c.id !== id));
    await this.announce();
    this.changed.fire();
  }

  async password(id: string): Promise<string> {
    return (await this.secrets.get(secretKey(id))) ?? '';
  }

  dispose(): void {
    this.timers.forEach((timer) => clearTimeout(timer));
    this.subscription.dispose();
    this.changed.dispose();
  }
}
