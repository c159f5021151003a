// Saved Databend connections: settings in globalState, passwords only in SecretStorage.

import * as vscode from 'vscode';
import type { ConnectionSettings } from '../core/dsn';

export interface SavedConnection extends ConnectionSettings {
  id: string;
  name: string;
}

const LIST_KEY = 'databendIam.connections';
const ACTIVE_KEY = 'databendIam.activeConnection';
const secretKey = (id: string) => `databendIam.connection.${id}.password`;

export class ConnectionStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly state: vscode.Memento,
    private readonly secrets: vscode.SecretStorage,
  ) {}

  list(): SavedConnection[] {
    return this.state.get<SavedConnection[]>(LIST_KEY, []);
  }

  get(id: string): SavedConnection | undefined {
    return this.list().find((c) => c.id === id);
  }

  /** The active connection: the chosen one, else the first. */
  active(): SavedConnection | undefined {
    const id = this.state.get<string>(ACTIVE_KEY);
    return (id && this.get(id)) || this.list()[0];
  }

  async setActive(id: string): Promise<void> {
    await this.state.update(ACTIVE_KEY, id);
    this.changed.fire();
  }

  async save(connection: SavedConnection, password?: string): Promise<void> {
    const others = this.list().filter((c) => c.id !== connection.id);
    if (others.some((c) => c.name === connection.name)) {
      throw new Error(`A connection named "${connection.name}" exists already: choose another name.`);
    }
    if (password !== undefined) {
      await this.secrets.store(secretKey(connection.id), password);
    }
    await this.state.update(LIST_KEY, [...others, connection].sort((a, b) => a.name.localeCompare(b.name)));
    this.changed.fire();
  }

  async remove(id: string): Promise<void> {
    await this.secrets.delete(secretKey(id));
    await this.state.update(LIST_KEY, this.list().filter((c) => c.id !== id));
    this.changed.fire();
  }

  async password(id: string): Promise<string> {
    return (await this.secrets.get(secretKey(id))) ?? '';
  }

  dispose(): void {
    this.changed.dispose();
  }
}
