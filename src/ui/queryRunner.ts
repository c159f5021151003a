// Runs SQL from an editor on the active connection into the results panel. Run All goes
// statement by statement and stops at the first failure, which it selects in the editor.

import * as vscode from 'vscode';
import type { QueryResult } from '../databend/index';
import { errorMessage } from '../core/errors';
import { splitStatements, Statement } from '../core/statements';
import type { ConnectionStore } from './connectionStore';
import type { DatabendService } from './databendService';
import { Settings } from './ids';
import type { ResultsPanel } from './results/resultsPanel';

export interface RunAllOutcome {
  ran: number;
  total: number;
  failed?: { index: number; message: string };
  results: QueryResult[];
}

export class QueryRunner implements vscode.Disposable {
  private readonly failure = vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('inputValidation.errorBackground'),
    border: '1px solid',
    borderColor: new vscode.ThemeColor('inputValidation.errorBorder'),
    isWholeLine: false,
  });

  constructor(
    private readonly store: ConnectionStore,
    private readonly databend: DatabendService,
    private readonly panel: ResultsPanel,
  ) {}

  private async statementsOf(uri?: vscode.Uri): Promise<{ document: vscode.TextDocument; statements: Statement[] }> {
    const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    if (!document) throw new Error('Open a SQL editor first.');
    return { document, statements: splitStatements(document.getText()) };
  }

  private connection() {
    const connection = this.store.active();
    if (!connection) throw new Error('There is no Databend connection yet: run "Databend: Add Connection…" first.');
    return connection;
  }

  private maxRows(): number {
    return Math.max(1, vscode.workspace.getConfiguration().get<number>(Settings.resultsMaxRows, 10_000));
  }

  /** Runs statement `index` of the document (the one at the cursor when not given). */
  async runStatement(uri?: vscode.Uri, index?: number): Promise<QueryResult> {
    const { document, statements } = await this.statementsOf(uri);
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
    const at = index ?? this.statementAtCursor(statements, editor);
    const statement = statements[at];
    if (!statement) throw new Error('There is no SQL statement here to run.');
    const connection = this.connection();
    const session = await this.databend.session(connection);
    if (editor) editor.setDecorations(this.failure, []);
    try {
      return await this.panel.run({ session, connectionName: connection.name, sql: statement.text, statement: `Statement ${at + 1} of ${statements.length}`, maxRows: this.maxRows() });
    } catch (error) {
      this.markFailure(document, statement);
      throw this.databend.explain(connection, error);
    }
  }

  async runAll(uri?: vscode.Uri): Promise<RunAllOutcome> {
    const { document, statements } = await this.statementsOf(uri);
    if (statements.length === 0) throw new Error('There is no SQL statement in this editor.');
    const connection = this.connection();
    const session = await this.databend.session(connection);
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
    editor?.setDecorations(this.failure, []);
    const results: QueryResult[] = [];
    for (const [index, statement] of statements.entries()) {
      try {
        const result = await this.panel.run({ session, connectionName: connection.name, sql: statement.text, statement: `Statement ${index + 1} of ${statements.length}`, maxRows: this.maxRows() });
        results.push(result);
        if (result.cancelled) return { ran: index + 1, total: statements.length, results };
      } catch (error) {
        const message = errorMessage(this.databend.explain(connection, error));
        this.markFailure(document, statement);
        void vscode.window.showErrorMessage(`Run All stopped at statement ${index + 1} of ${statements.length}: ${message}`);
        return { ran: index, total: statements.length, failed: { index, message }, results };
      }
    }
    void vscode.window.setStatusBarMessage(`Databend: ran ${statements.length} statement${statements.length > 1 ? 's' : ''} on ${connection.name}`, 5000);
    return { ran: statements.length, total: statements.length, results };
  }

  private statementAtCursor(statements: Statement[], editor: vscode.TextEditor | undefined): number {
    if (!editor) return 0;
    const offset = editor.document.offsetAt(editor.selection.active);
    const found = statements.findIndex((s) => offset <= s.end + 1);
    return found < 0 ? statements.length - 1 : found;
  }

  private markFailure(document: vscode.TextDocument, statement: Statement): void {
    const range = new vscode.Range(document.positionAt(statement.start), document.positionAt(statement.end));
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
    if (editor) {
      editor.setDecorations(this.failure, [range]);
      editor.selection = new vscode.Selection(range.start, range.end);
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }
  }

  dispose(): void {
    this.failure.dispose();
  }
}
