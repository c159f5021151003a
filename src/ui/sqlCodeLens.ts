// "▶ Run" above each statement and "Run All" at the top of SQL editors. One linear pass
// of splitStatements per request; nothing is shown until a connection exists.

import * as vscode from 'vscode';
import { splitStatements } from '../core/statements';
import type { ConnectionStore } from './connectionStore';
import { Commands, Settings } from './ids';

export class SqlCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly store: ConnectionStore) {
    this.subscriptions = [
      store.onDidChange(() => this.changed.fire()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(Settings.codeLensEnabled) && this.changed.fire()),
    ];
  }

  provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): vscode.CodeLens[] {
    if (!vscode.workspace.getConfiguration().get<boolean>(Settings.codeLensEnabled, true) || this.store.list().length === 0) {
      return [];
    }
    const statements = splitStatements(document.getText());
    if (token.isCancellationRequested || statements.length === 0) {
      return [];
    }
    const top = new vscode.Range(0, 0, 0, 0);
    const lenses = [new vscode.CodeLens(top, { title: `Run All (${statements.length})`, command: Commands.runAll, arguments: [document.uri] })];
    for (const [index, statement] of statements.entries()) {
      const start = document.positionAt(statement.start);
      lenses.push(
        new vscode.CodeLens(new vscode.Range(start, start), {
          title: '▶ Run',
          tooltip: statement.text.length > 200 ? `${statement.text.slice(0, 200)}…` : statement.text,
          command: Commands.runStatement,
          arguments: [document.uri, index],
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
