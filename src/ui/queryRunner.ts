// Runs SQL from an editor on the active login and feeds the results panel. One run at a
// time: a second one asks first (cancel the running one, or leave it). Run All goes
// statement by statement and stops at the first failure, which it selects in the editor.

import * as vscode from 'vscode';
import type { DatabendSession, QueryResult } from '../databend/index';
import { errorMessage } from '../core/errors';
import { splitStatements, Statement } from '../core/statements';
import type { DatabendService } from './databendService';
import { Commands, CONTEXT_QUERY_RUNNING } from './ids';
import type { Dialogs } from './dialogs';
import type { Login, LoginStore } from './loginStore';
import { confirm } from './prompts';
import type { ResultsPanel } from './results/resultsPanel';
import { settings } from './settings';
import { UserError } from './userError';

export interface RunAllOutcome {
  ran: number;
  total: number;
  failed?: { index: number; message: string };
  results: QueryResult[];
}

/** Where a CodeLens was shown: the statement's offsets in that version of the document. */
export interface StatementRange {
  start: number;
  end: number;
  version: number;
}

interface Run {
  session: DatabendSession;
  login: string;
  label: string;
  queryId: string;
  cancelled: boolean;
  finished: Promise<unknown>;
}

const RUN_ROWS_BATCH = 500;

export class QueryRunner implements vscode.Disposable {
  private readonly failure = vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('inputValidation.errorBackground'),
    border: '1px solid',
    borderColor: new vscode.ThemeColor('inputValidation.errorBorder'),
    isWholeLine: false,
  });
  private current: Run | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly store: LoginStore,
    private readonly databend: DatabendService,
    private readonly panel: ResultsPanel,
    private readonly dialogs: Dialogs,
  ) {
    this.subscription = panel.onDidRequestCancel(() => void this.cancel());
  }

  /**
   * Runs one statement: the one a CodeLens was shown above (`range`, refused if the
   * document changed since), else the one at the cursor.
   */
  async runStatement(uri?: vscode.Uri, range?: StatementRange): Promise<QueryResult> {
    const document = await this.documentOf(uri);
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
    let statement: Statement | undefined;
    let label: string;
    if (range) {
      if (range.version !== document.version) {
        throw new Error('The SQL changed since this Run was shown: click Run again on the statement you want.');
      }
      const text = document.getText(new vscode.Range(document.positionAt(range.start), document.positionAt(range.end)));
      statement = { start: range.start, end: range.end, text };
      label = 'Statement';
    } else {
      const statements = splitStatements(document.getText());
      const at = this.statementAtCursor(statements, editor);
      statement = statements[at];
      label = `Statement ${at + 1} of ${statements.length}`;
    }
    if (!statement || statement.text === '') throw new Error('There is no SQL statement here to run.');
    const login = this.login();
    const session = await this.databend.session(login);
    editor?.setDecorations(this.failure, []);
    try {
      return await this.run(session, login, statement.text, label);
    } catch (error) {
      this.markFailure(document, statement);
      throw this.databend.explain(login, error);
    }
  }

  async runAll(uri?: vscode.Uri): Promise<RunAllOutcome> {
    const document = await this.documentOf(uri);
    const statements = splitStatements(document.getText());
    if (statements.length === 0) throw new Error('There is no SQL statement in this editor.');
    const login = this.login();
    const session = await this.databend.session(login);
    vscode.window.visibleTextEditors.find((e) => e.document === document)?.setDecorations(this.failure, []);
    const results: QueryResult[] = [];
    for (const [index, statement] of statements.entries()) {
      try {
        const result = await this.run(session, login, statement.text, `Statement ${index + 1} of ${statements.length}`);
        results.push(result);
        if (result.cancelled) return { ran: index + 1, total: statements.length, results };
      } catch (error) {
        const message = errorMessage(this.databend.explain(login, error));
        this.markFailure(document, statement);
        void this.dialogs.message('error', `Run All stopped at statement ${index + 1} of ${statements.length}: ${message}`, {});
        return { ran: index, total: statements.length, failed: { index, message }, results };
      }
    }
    void vscode.window.setStatusBarMessage(`Databend: ran ${statements.length} statement${statements.length > 1 ? 's' : ''} on ${login.name}`, 5000);
    return { ran: statements.length, total: statements.length, results };
  }

  /** Kills the running query on the server (the panel's Cancel and the Cancel command). */
  async cancel(): Promise<void> {
    const run = this.current;
    if (!run || run.cancelled) return;
    run.cancelled = true;
    if (run.queryId) await run.session.kill(run.queryId).catch(() => undefined);
  }

  /** One statement into the panel; resolves with its result, rejects with its error. */
  private async run(session: DatabendSession, login: Login, sql: string, label: string): Promise<QueryResult> {
    await this.waitForTurn(label);
    const run: Run = { session, login: login.name, label, queryId: '', cancelled: false, finished: Promise.resolve() };
    this.current = run;
    void vscode.commands.executeCommand('setContext', CONTEXT_QUERY_RUNNING, true);
    this.panel.begin(sql, login.name, label);
    const maxRows = settings.resultsMaxRows();
    const work = session.run(sql, {
      maxRows,
      batchSize: RUN_ROWS_BATCH,
      isCancelled: () => run.cancelled,
      onColumns: (columns, queryId) => {
        run.queryId = queryId;
        this.panel.columns(columns, queryId);
      },
      onRows: (rows) => this.panel.rows(rows),
    });
    run.finished = work.catch(() => undefined);
    try {
      const result = await work;
      this.panel.done({ rowCount: result.rowCount, elapsedMs: result.elapsedMs, truncated: result.truncated, affectedRows: result.affectedRows, maxRows, cancelled: result.cancelled || run.cancelled, queryId: result.queryId });
      return result;
    } catch (error) {
      this.panel.error(errorMessage(error), run.cancelled);
      throw error;
    } finally {
      if (this.current === run) {
        this.current = undefined;
        void vscode.commands.executeCommand('setContext', CONTEXT_QUERY_RUNNING, false);
      }
    }
  }

  /** A run is going: ask whether to cancel it for this one. @throws CancelledError when the user keeps it. */
  private async waitForTurn(label: string): Promise<void> {
    const running = this.current;
    if (!running) return;
    await confirm(
      this.dialogs,
      'warning',
      `A query is still running on ${running.login} (${running.label}).`,
      `Cancel it and run ${label.toLowerCase()} instead? Results of two runs are never mixed in one view.`,
      'Cancel It and Run',
    );
    await this.cancel();
    await running.finished;
  }

  private async documentOf(uri?: vscode.Uri): Promise<vscode.TextDocument> {
    const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    if (!document) throw new Error('Open a SQL editor first.');
    return document;
  }

  private login(): Login {
    const login = this.store.active();
    if (!login) throw new UserError('There is no Databend login yet: add one first.', [{ title: 'Add Login', command: Commands.addLogin }]);
    return login;
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
    this.subscription.dispose();
    this.failure.dispose();
  }
}
