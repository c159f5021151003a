// The statements run from SQL editors, kept per user in VS Code's global state (bounded,
// secrets masked; never a password: logins' passwords live only in SecretStorage). The
// rules are in src/core/history.ts.

import * as vscode from 'vscode';
import { addToHistory, HistoryEntry } from '../core/history';
import { errorMessage } from '../core/errors';
import type { Logger } from './logger';

const HISTORY_KEY = 'databendIam.queryHistory';

export class QueryHistory implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  /** Writes one after the other: Run All adds entries faster than storage answers. */
  private writing: Promise<void> = Promise.resolve();
  private counter = 0;

  constructor(
    private readonly state: vscode.Memento,
    private readonly logger: Logger,
  ) {}

  /** Newest first. */
  list(): HistoryEntry[] {
    return this.state.get<HistoryEntry[]>(HISTORY_KEY, []);
  }

  add(entry: Omit<HistoryEntry, 'id'>): Promise<void> {
    const id = `${entry.startedAt.toString(36)}-${(this.counter++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    return this.write(() => addToHistory(this.list(), { id, ...entry }));
  }

  clear(): Promise<void> {
    return this.write(() => []);
  }

  /** Resolves once every entry added so far is stored. */
  settled(): Promise<void> {
    return this.writing;
  }

  private write(next: () => HistoryEntry[]): Promise<void> {
    const written = this.writing.then(async () => {
      await this.state.update(HISTORY_KEY, next());
      this.changed.fire();
    });
    // A failed write is logged and does not stop the next one.
    this.writing = written.catch((error: unknown) => this.logger.warn(`the query history could not be stored: ${errorMessage(error)}`));
    return written;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
