// "▶ Run" above each statement and "Run All" at the top of SQL editors. One linear pass
// of splitStatements per request; nothing is shown until a Databend login exists.

import * as vscode from 'vscode';
import { splitStatements } from '../core/statements';
import { Commands } from './ids';
import type { LoginStore } from './loginStore';
import type { StatementRange } from './queryRunner';
import { settings } from './settings';

export class SqlCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly store: LoginStore) {
    this.subscriptions = [
      store.onDidChange(() => this.changed.fire()),
      vscode.workspace.onDidChangeConfiguration((e) => settings.changed(e, 'codeLensEnabled') && this.changed.fire()),
    ];
  }

  provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): vscode.CodeLens[] {
    if (!settings.codeLensEnabled() || this.store.list().length === 0) {
      return [];
    }
    const statements = splitStatements(document.getText());
    if (token.isCancellationRequested || statements.length === 0) {
      return [];
    }
    const top = new vscode.Range(0, 0, 0, 0);
    const lenses = [new vscode.CodeLens(top, { title: vscode.l10n.t('Run All ({0})', statements.length), command: Commands.runAll, arguments: [document.uri] })];
    for (const statement of statements) {
      const start = document.positionAt(statement.start);
      // The lens carries what it was shown above, so an edit since never runs another statement.
      const range: StatementRange = { start: statement.start, end: statement.end, version: document.version };
      lenses.push(
        new vscode.CodeLens(new vscode.Range(start, start), {
          title: vscode.l10n.t('▶ Run'),
          tooltip: statement.text.length > 200 ? `${statement.text.slice(0, 200)}…` : statement.text,
          command: Commands.runStatement,
          arguments: [document.uri, range],
        }),
      );
    }
    return lenses;
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
  }
}
