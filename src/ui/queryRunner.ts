// Runs SQL from an editor on the active login. Each SQL editor has its own Databend
// session (USE and SET stay with it, and no tree query shares it) and its own results
// view. Runs in different editors go side by side; a second run in the same editor asks
// first (cancel the running one, or leave it). Run All gives each statement its own
// result and stops at the first failure, which it selects in the editor. Every statement
// run goes to the query history.

import * as vscode from 'vscode';
import type { QueryResult } from '../databend/index';
import { CancelledError, DriverUnavailableError, errorMessage } from '../core/errors';
import { splitStatements, Statement } from '../core/statements';
import type { DatabendService } from './databendService';
import type { Dialogs } from './dialogs';
import { Commands, CONTEXT_QUERY_RUNNING } from './ids';
import type { Login, LoginStore } from './loginStore';
import { confirm } from './prompts';
import type { QueryHistory } from './queryHistory';
import type { ResultsView } from './results/resultsView';
import type { ResultsViews } from './results/resultsViews';
import { settings } from './settings';
import { ShownError, UserError } from './userError';

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

/** A run going on in one editor: one statement, or a Run All. */
export interface ActiveRun {
  readonly id: number;
  /** The editor's document URI. */
  readonly document: string;
  readonly login: Login;
  readonly label: string;
  /** The query of the statement running now went out to Databend. */
  sent: boolean;
  /** The id of the query running now ('' until Databend names it). */
  queryId: string;
  cancelled: boolean;
}

interface Run extends ActiveRun {
  readonly view: ResultsView;
  readonly controller: AbortController;
  /** Settles when the run is over (`end` called). */
  readonly finished: Promise<void>;
  readonly end: () => void;
}

/** What the panel's Cancel and the Cancel command point at. */
export interface CancelTarget {
  document: string;
  run?: number;
}

/** Rows per message while a result streams row by row. */
const RUN_ROWS_BATCH = 500;

/** The session channel of an editor's runs. */
export const editorChannel = (document: string): string => `editor:${document}`;

export class QueryRunner implements vscode.Disposable {
  private readonly failure = vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('inputValidation.errorBackground'),
    border: '1px solid',
    borderColor: new vscode.ThemeColor('inputValidation.errorBorder'),
    isWholeLine: false,
  });
  /** The run of each editor (by document URI). */
  private readonly runs = new Map<string, Run>();
  private nextRun = 1;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly store: LoginStore,
    private readonly databend: DatabendService,
    private readonly views: ResultsViews,
    private readonly history: QueryHistory,
    private readonly dialogs: Dialogs,
  ) {
    this.subscriptions = [
      views.onDidRequestCancel((target) => void this.cancel(target)),
      // Its failure shows in the results view, as the statement's error.
      views.onDidRequestExact(({ document, sql }) => void this.runExact(vscode.Uri.parse(document), sql).catch(() => undefined)),
      // A closed editor's session goes (after its run, if one is going).
      vscode.workspace.onDidCloseTextDocument((document) => {
        const key = document.uri.toString();
        const running = this.runs.get(key);
        void (running ? running.finished : Promise.resolve()).then(() => {
          if (!this.runs.has(key)) return this.databend.closeChannel(editorChannel(key));
          return undefined;
        });
      }),
    ];
  }

  /** The runs going on now, one per editor at most. */
  active(): ActiveRun[] {
    return [...this.runs.values()];
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
        throw new Error(vscode.l10n.t('The SQL changed since this Run was shown: click Run again on the statement you want.'));
      }
      const text = document.getText(new vscode.Range(document.positionAt(range.start), document.positionAt(range.end)));
      statement = { start: range.start, end: range.end, text };
      label = 'Statement';
    } else {
      const statements = splitStatements(document.getText());
      const at = this.statementAtCursor(statements, editor);
      statement = statements[at];
      label = statements.length > 1 ? vscode.l10n.t('Statement {0} of {1}', at + 1, statements.length) : vscode.l10n.t('Statement');
    }
    if (!statement || statement.text === '') throw new Error(vscode.l10n.t('There is no SQL statement here to run.'));
    const login = this.login();
    const run = await this.begin(document, login, label);
    editor?.setDecorations(this.failure, []);
    try {
      return await this.execute(run, statement.text, label);
    } catch (error) {
      this.markFailure(document, statement);
      const explained = this.databend.explain(login, error);
      // Databend's answer about the statement is in its results panel: nothing to fix but the SQL, so no second report.
      if (explained instanceof UserError && explained.fixes.length === 0 && !explained.retryable && run.view.open) throw new ShownError(explained.message);
      throw explained;
    } finally {
      this.finish(run);
    }
  }

  /**
   * Runs `sql` (a statement a results view showed) again in its editor's session, with
   * Databend's exact text for the columns the driver hands over approximately (the session
   * casts them to text on the server). A statement that is no query fails with why.
   */
  async runExact(uri: vscode.Uri, sql: string): Promise<QueryResult> {
    const document = await this.documentOf(uri);
    const login = this.login();
    const label = vscode.l10n.t('Statement (exact text)');
    const run = await this.begin(document, login, label);
    try {
      return await this.execute(run, sql, label, true);
    } catch (error) {
      throw this.databend.explain(login, error);
    } finally {
      this.finish(run);
    }
  }

  async runAll(uri?: vscode.Uri): Promise<RunAllOutcome> {
    const document = await this.documentOf(uri);
    const statements = splitStatements(document.getText());
    if (statements.length === 0) throw new Error(vscode.l10n.t('There is no SQL statement in this editor.'));
    const login = this.login();
    const total = statements.length;
    const run = await this.begin(document, login, vscode.l10n.t('Run All ({0})', total));
    vscode.window.visibleTextEditors.find((e) => e.document === document)?.setDecorations(this.failure, []);
    const results: QueryResult[] = [];
    try {
      for (const [index, statement] of statements.entries()) {
        if (run.cancelled) return { ran: index, total, results };
        try {
          const result = await this.execute(run, statement.text, vscode.l10n.t('{0} of {1}', index + 1, total));
          results.push(result);
          if (result.cancelled) return { ran: index + 1, total, results };
        } catch (error) {
          // No driver on this platform: not this statement's failure, and said once by the command.
          if (error instanceof DriverUnavailableError) throw error;
          const explained = this.databend.explain(login, error);
          const message = errorMessage(explained);
          this.markFailure(document, statement);
          this.reportRunAllStop(vscode.l10n.t('Run All stopped at statement {0} of {1}: {2}', index + 1, total, message), explained, document.uri);
          return { ran: index, total, failed: { index, message }, results };
        }
      }
    } finally {
      this.finish(run);
    }
    void vscode.window.setStatusBarMessage(total > 1 ? vscode.l10n.t('Databend: ran {0} statements on {1}', total, login.name) : vscode.l10n.t('Databend: ran 1 statement on {0}', login.name), 5000);
    return { ran: total, total, results };
  }

  /**
   * Run All's one report of where it stopped, with what fixes the cause (Edit Login, Add
   * Login), Retry when the server may answer next time, and the logs.
   */
  private reportRunAllStop(text: string, explained: Error, document: vscode.Uri): void {
    const fixes = explained instanceof UserError ? explained.fixes : [];
    const retryTitle = vscode.l10n.t('Retry');
    const showLogs = vscode.l10n.t('Show Logs');
    const retry = explained instanceof UserError && explained.retryable ? [retryTitle] : [];
    void this.dialogs.message('error', text, {}, ...fixes.map((f) => f.title), ...retry, showLogs).then((choice) => {
      const fix = fixes.find((f) => f.title === choice);
      if (fix) void vscode.commands.executeCommand(fix.command, ...(fix.args ?? []));
      else if (choice === retryTitle) void vscode.commands.executeCommand(Commands.runAll, document);
      else if (choice === showLogs) void vscode.commands.executeCommand(Commands.showLogs);
    });
  }

  /**
   * Kills the query of one run: the run a results view names, else the active editor's,
   * else the only one going, else the one the user picks.
   */
  async cancel(target?: CancelTarget): Promise<ActiveRun | undefined> {
    let run: Run | undefined;
    if (target) {
      run = this.runs.get(target.document);
      if (run && target.run !== undefined && run.id !== target.run) return undefined;
    } else {
      const active = vscode.window.activeTextEditor?.document.uri.toString();
      run = (active && this.runs.get(active)) || (this.runs.size === 1 ? [...this.runs.values()][0] : undefined);
      if (!run && this.runs.size > 1) {
        const items = [...this.runs.values()].map((r) => ({ label: r.label, description: `${r.login.name} · ${vscode.Uri.parse(r.document).path.split('/').pop()}`, run: r }));
        run = (await this.dialogs.quickPick(items, { title: vscode.l10n.t('Cancel which query?'), placeHolder: vscode.l10n.t('Queries running in several editors') }))?.run;
        if (!run) throw new CancelledError();
      }
    }
    if (!run) {
      void this.dialogs.message('info', vscode.l10n.t('No Databend query is running.'), {});
      return undefined;
    }
    if (!run.cancelled) {
      run.cancelled = true;
      run.view.cancelling(run.id);
      // The session kills the query now, or the moment Databend names it.
      run.controller.abort();
    }
    await run.finished;
    return run;
  }

  /** Takes the editor for a new run: a run going on there is cancelled first, if the user agrees. */
  private async begin(document: vscode.TextDocument, login: Login, label: string): Promise<Run> {
    const key = document.uri.toString();
    const running = this.runs.get(key);
    if (running) {
      await confirm(
        this.dialogs,
        'warning',
        vscode.l10n.t('A query is still running in this editor on {0} ({1}).', running.login.name, running.label),
        vscode.l10n.t('Cancel it and run {0} instead? Runs in other editors go on; results of two runs are never mixed.', label.toLowerCase()),
        vscode.l10n.t('Cancel It and Run'),
      );
      await this.cancel({ document: key, run: running.id });
    }
    if (this.runs.has(key)) throw new Error(vscode.l10n.t('Another run started in this editor meanwhile: try again once it ends.'));
    const view = this.views.for(document);
    let end!: () => void;
    const finished = new Promise<void>((resolve) => (end = resolve));
    const run: Run = { id: this.nextRun++, document: key, login, label, sent: false, queryId: '', cancelled: false, view, controller: new AbortController(), finished, end };
    this.runs.set(key, run);
    void vscode.commands.executeCommand('setContext', CONTEXT_QUERY_RUNNING, true);
    view.beginRun(run.id, login.name, vscode.l10n.t('{0} on {1}', label, login.name));
    return run;
  }

  private finish(run: Run): void {
    if (this.runs.get(run.document) === run) this.runs.delete(run.document);
    void vscode.commands.executeCommand('setContext', CONTEXT_QUERY_RUNNING, this.runs.size > 0);
    run.view.end(run.id);
    run.end();
  }

  /** One statement into the run's view and the history; resolves with its result, rejects with its error. */
  private async execute(run: Run, sql: string, label: string, exactText = false): Promise<QueryResult> {
    const { view, login } = run;
    const index = view.start(run.id, sql, label);
    const maxRows = settings.resultsMaxRows();
    const startedAt = Date.now();
    // The database the statement runs in (USE changes it), asked beside the statement.
    let database: Promise<string> = Promise.resolve(login.database);
    run.queryId = '';
    run.sent = false;
    try {
      const session = await this.databend.session(login, editorChannel(run.document));
      database = session.database().catch(() => login.database);
      const result = await session.run(sql, {
        maxRows,
        batchSize: RUN_ROWS_BATCH,
        exactText,
        signal: run.controller.signal,
        onSent: () => (run.sent = true),
        onQueryId: (queryId) => {
          run.queryId = queryId;
          view.queryId(run.id, index, queryId);
        },
        onColumns: (columns) => view.columns(run.id, index, columns),
        onRows: (rows, approx) => view.rows(run.id, index, rows, approx),
      });
      const cancelled = result.cancelled || run.cancelled;
      view.done(run.id, index, { rowCount: result.rowCount, elapsedMs: result.elapsedMs, truncated: result.truncated, affectedRows: result.affectedRows, maxRows, cancelled, queryId: result.queryId });
      const outcome = cancelled ? 'cancelled' : result.columns.length === 0 ? 'affected' : 'rows';
      this.remember({ sql, login, database: await database, startedAt, outcome, queryId: result.queryId, rows: result.rowCount, truncated: result.truncated, affectedRows: result.affectedRows });
      return { ...result, cancelled };
    } catch (error) {
      const message = errorMessage(error);
      view.error(run.id, index, message, run.cancelled);
      this.remember({ sql, login, database: await database, startedAt, outcome: run.cancelled ? 'cancelled' : 'error', queryId: run.queryId, error: message });
      throw error;
    }
  }

  private remember(entry: { sql: string; login: Login; database: string; startedAt: number; outcome: 'rows' | 'affected' | 'error' | 'cancelled'; queryId: string; rows?: number; truncated?: boolean; affectedRows?: number; error?: string }): void {
    const { login, ...rest } = entry;
    // Not awaited: the run is over; a failed write is logged by the history.
    this.history.add({ ...rest, loginId: login.id, login: login.name, durationMs: Date.now() - entry.startedAt }).catch(() => undefined);
  }

  private async documentOf(uri?: vscode.Uri): Promise<vscode.TextDocument> {
    const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    if (!document) throw new Error(vscode.l10n.t('Open a SQL editor first.'));
    return document;
  }

  private login(): Login {
    const login = this.store.active();
    if (!login) throw new UserError(vscode.l10n.t('There is no Databend login yet: add one first.'), [{ title: vscode.l10n.t('Add Login'), command: Commands.addLogin }]);
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
    for (const run of this.runs.values()) run.controller.abort();
    this.subscriptions.forEach((s) => s.dispose());
    this.failure.dispose();
  }
}
