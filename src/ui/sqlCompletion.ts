// Completion in SQL editors: stage names after `@`, connection names inside
// `CONNECTION_NAME = '…'`, databases, tables and keywords for a plain word, from the
// active login's catalog. The names are cached per login for a short time and read again
// in the background, never per keystroke: typing never waits for Databend longer than a
// short first read.

import * as vscode from 'vscode';
import { completionSite, connectionNameLiteral, identifierReference, SQL_KEYWORDS, stageReference } from '../core/sqlCompletion';
import { errorMessage } from '../core/errors';
import type { DatabendService } from './databendService';
import type { Logger } from './logger';
import type { Login, LoginStore } from './loginStore';

/** How long a login's names are used before they are read again (ms). */
const TTL_MS = 30_000;
/** How long a completion request waits for names not read yet before it answers with what it has (ms). */
const FIRST_READ_WAIT_MS = 1_500;
/** The channel of the completion's own session: never in the way of a run or the tree. */
const COMPLETION_CHANNEL = 'completion';

interface Names {
  stages: string[];
  connections: string[];
  databases: string[];
  tables: string[];
}

interface Entry {
  names?: Names;
  readAt: number;
  reading?: Promise<void>;
}

export class SqlCompletion implements vscode.CompletionItemProvider, vscode.Disposable {
  private readonly cache = new Map<string, Entry>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly store: LoginStore,
    private readonly databend: DatabendService,
    private readonly logger: Logger,
    /** Fires when the explorer is refreshed: the names are read again on the next request. */
    refreshed: vscode.Event<unknown>,
  ) {
    this.subscriptions = [refreshed(() => this.cache.clear()), store.onDidChange(() => this.cache.clear())];
  }

  async provideCompletionItems(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.CompletionItem[] | vscode.CompletionList | undefined> {
    const before = document.lineAt(position.line).text.slice(0, position.character);
    const site = completionSite(before);
    const login = this.store.active();
    if (!site || !login) return undefined;
    const names = await this.names(login, token);
    if (token.isCancellationRequested) return undefined;
    const range = new vscode.Range(position.translate(0, -site.typed.length), position);
    const items: vscode.CompletionItem[] = [];
    switch (site.kind) {
      case 'stage':
        for (const stage of names?.stages ?? []) {
          const text = stageReference(stage);
          if (text === undefined) continue;
          items.push(item(stage, text, vscode.CompletionItemKind.Folder, vscode.l10n.t('Stage on {0}', login.name), range));
        }
        break;
      case 'connection':
        for (const connection of names?.connections ?? []) {
          items.push(item(connection, connectionNameLiteral(connection), vscode.CompletionItemKind.Reference, vscode.l10n.t('Connection on {0}', login.name), range));
        }
        break;
      case 'identifier':
        for (const database of names?.databases ?? []) items.push(item(database, identifierReference(database), vscode.CompletionItemKind.Module, vscode.l10n.t('Database on {0}', login.name), range));
        for (const table of names?.tables ?? []) items.push(item(table, identifierReference(table), vscode.CompletionItemKind.Class, vscode.l10n.t('Table on {0}', login.name), range));
        for (const keyword of SQL_KEYWORDS) items.push(item(keyword, keyword, vscode.CompletionItemKind.Keyword, 'Keyword', range));
        break;
    }
    // Names still being read: VS Code asks again as the user types on.
    return new vscode.CompletionList(items, names === undefined);
  }

  /**
   * The login's names: the cached ones, read again in the background when older than the
   * TTL; the first time, waits up to FIRST_READ_WAIT_MS for them. Undefined while unknown.
   */
  private async names(login: Login, token: vscode.CancellationToken): Promise<Names | undefined> {
    const entry = this.cache.get(login.id) ?? { readAt: 0 };
    this.cache.set(login.id, entry);
    if (!entry.reading && Date.now() - entry.readAt > TTL_MS) entry.reading = this.read(login, entry);
    if (entry.names || !entry.reading) return entry.names;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let cancellation: vscode.Disposable | undefined;
    const givenUp = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, FIRST_READ_WAIT_MS);
      cancellation = token.onCancellationRequested(() => resolve());
    });
    try {
      await Promise.race([entry.reading, givenUp]);
    } finally {
      clearTimeout(timer);
      cancellation?.dispose();
    }
    return entry.names;
  }

  private async read(login: Login, entry: Entry): Promise<void> {
    try {
      const session = await this.databend.session(login, COMPLETION_CHANNEL);
      const { errors, ...names } = await this.databend.load().completionNames(session);
      for (const error of errors) this.logger.debug(`completion names of ${login.name}: ${error}`);
      entry.names = names;
    } catch (error) {
      // No names is no completion: the tree and Run say what is wrong with the login.
      this.logger.debug(`completion names of ${login.name}: ${errorMessage(error)}`);
    } finally {
      entry.readAt = Date.now();
      entry.reading = undefined;
    }
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.cache.clear();
  }
}

function item(label: string, insert: string, kind: vscode.CompletionItemKind, detail: string, range: vscode.Range): vscode.CompletionItem {
  const completion = new vscode.CompletionItem(label, kind);
  completion.insertText = insert;
  completion.detail = detail;
  completion.range = range;
  return completion;
}
