// The results of one SQL editor: a webview panel that shows the editor's latest run, one
// result per statement (Run All shows them as tabs), each arriving as it comes (columns,
// row batches, then the summary or the error), with copy and CSV/JSON export. It runs
// nothing: QueryRunner feeds it and listens for Cancel. Messages of any other run than
// the one shown are dropped here and in the page, so two runs never mix.

import * as vscode from 'vscode';
import { encodeRows } from '../../core/cells';
import { toCsv, toJson } from '../../core/exports';
import { withoutDriverVersion } from '../../core/errors';
import { Cell, isResultsRequest, ResultColumn, ResultsMessage, ResultSummary } from '../../shared/protocol';
import type { Dialogs } from '../dialogs';
import type { Logger } from '../logger';
import { sideColumn } from '../sideColumn';
import { localResourceRoots, webviewHtml } from '../webviewHtml';

/** One statement's result as the view holds it (at most the row cap of rows). */
export interface StatementResult {
  label: string;
  sql: string;
  queryId: string;
  columns: ResultColumn[];
  rows: Cell[][];
  /** Approximate cells that columns without `approxEvery` have, as flat pairs [row, column, …]. */
  approx: number[];
  summary?: ResultSummary;
  error?: string;
  /** Rows the page reports holding in its grid, and when it drew them (epoch ms). */
  inGrid: number;
  drawnAt?: number;
}

/** How many cells of a result are approximate (marked ≈ in the grid). */
export function approximateCells(result: Pick<StatementResult, 'columns' | 'rows' | 'approx'>): number {
  let count = result.approx.length / 2;
  result.columns.forEach((column, c) => {
    if (column.approx && column.approxEvery) for (const row of result.rows) if (row[c] !== null) count += 1;
  });
  return count;
}

export class ResultsView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private queue: ResultsMessage[] = [];
  /** The run shown; 0 before the first. */
  private run = 0;
  private results: StatementResult[] = [];
  private running = false;
  private readonly cancelRequested = new vscode.EventEmitter<number>();
  /** The user pressed Cancel (or closed the panel) during run `run`. */
  readonly onDidRequestCancel = this.cancelRequested.event;
  private readonly exactRequested = new vscode.EventEmitter<{ run: number; result: number; sql: string }>();
  /** The user asked for a result's statement again with Databend's exact text. */
  readonly onDidRequestExact = this.exactRequested.event;
  private readonly gridFilled = new vscode.EventEmitter<{ run: number; result: number; rows: number; at: number }>();
  /** The page drew its grid holding more rows of a result (at: epoch ms). */
  readonly onDidFillGrid = this.gridFilled.event;
  private readonly closed = new vscode.EventEmitter<void>();
  readonly onDidClose = this.closed.event;

  constructor(
    private readonly title: string,
    private readonly extensionUri: vscode.Uri,
    private readonly dialogs: Dialogs,
    private readonly logger: Logger,
  ) {}

  /** The run shown and its results, as the user sees them. */
  get shown(): { run: number; running: boolean; results: readonly StatementResult[] } {
    return { run: this.run, running: this.running, results: this.results };
  }

  /** Whether its panel is open (a statement's error shown there needs no other report). */
  get open(): boolean {
    return this.panel !== undefined;
  }

  /** Clears the view for run `run` and reveals it. */
  beginRun(run: number, login: string, title: string): void {
    this.reveal();
    this.run = run;
    this.results = [];
    this.running = true;
    this.post({ type: 'run', run, login, title });
  }

  /** A statement of the run starts; returns its index. */
  start(run: number, sql: string, label: string): number {
    if (run !== this.run) return -1;
    const result = this.results.push({ label, sql, queryId: '', columns: [], rows: [], approx: [], inGrid: 0 }) - 1;
    this.post({ type: 'start', run, result, sql, label });
    return result;
  }

  queryId(run: number, result: number, queryId: string): void {
    const target = this.target(run, result);
    if (!target) return;
    target.queryId = queryId;
    this.post({ type: 'queryId', run, result, queryId });
  }

  columns(run: number, result: number, columns: ResultColumn[]): void {
    const target = this.target(run, result);
    if (!target) return;
    target.columns = columns;
    this.post({ type: 'columns', run, result, columns });
  }

  /** A batch of rows, and its approximate cells as flat pairs [row, column, …] counted in the batch. */
  rows(run: number, result: number, rows: Cell[][], approx: number[] = []): void {
    const target = this.target(run, result);
    if (!target) return;
    const offset = target.rows.length;
    for (let i = 0; i < approx.length; i += 2) target.approx.push(offset + approx[i], approx[i + 1]);
    for (const row of rows) target.rows.push(row);
    this.post({ type: 'rows', run, result, rows: encodeRows(rows), count: rows.length, approx });
  }

  done(run: number, result: number, summary: ResultSummary): void {
    const target = this.target(run, result);
    if (!target) return;
    target.summary = summary;
    target.queryId = summary.queryId || target.queryId;
    this.post({ type: 'done', run, result, ...summary });
  }

  error(run: number, result: number, message: string, cancelled: boolean): void {
    const target = this.target(run, result);
    if (!target) return;
    const text = withoutDriverVersion(message);
    target.error = text;
    const code = /\[(\d+)\]/.exec(text)?.[1];
    this.post({ type: 'error', run, result, message: text, code: code ? Number(code) : undefined, cancelled, queryId: target.queryId });
  }

  cancelling(run: number): void {
    if (run === this.run) this.post({ type: 'cancelling', run });
  }

  end(run: number): void {
    if (run !== this.run) return;
    this.running = false;
    this.post({ type: 'end', run });
  }

  private target(run: number, result: number): StatementResult | undefined {
    return run === this.run ? this.results[result] : undefined;
  }

  private reveal(): void {
    if (this.panel) {
      // Revealing a panel in view makes the workbench lay out again, while rows arrive. A
      // hidden one comes back in its own column.
      if (!this.panel.visible) this.panel.reveal(undefined, true);
      return;
    }
    const panel = vscode.window.createWebviewPanel('databendIam.results', this.title, { viewColumn: sideColumn(), preserveFocus: true }, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: localResourceRoots(this.extensionUri),
    });
    panel.webview.html = webviewHtml(panel.webview, this.extensionUri, {
      title: this.title,
      script: 'results.js',
      style: 'results.css',
      body: '<main id="app"></main>',
    });
    panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message));
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.ready = false;
      this.queue = [];
      if (this.running) this.cancelRequested.fire(this.run);
      this.closed.fire();
    });
    this.panel = panel;
  }

  private post(message: ResultsMessage): void {
    if (this.panel && this.ready) {
      void this.panel.webview.postMessage(message);
    } else {
      this.queue.push(message);
    }
  }

  private receive(message: unknown): void {
    if (!isResultsRequest(message)) {
      this.logger.warn(`results view: dropped a malformed message (${JSON.stringify(message)?.slice(0, 200)})`);
      return;
    }
    switch (message.type) {
      case 'ready':
        this.ready = true;
        for (const queued of this.queue.splice(0)) void this.panel?.webview.postMessage(queued);
        return;
      case 'cancel':
        if (message.run === this.run && this.running) this.cancelRequested.fire(message.run);
        return;
      case 'copy':
        void vscode.env.clipboard.writeText(message.text);
        return;
      case 'export':
        void this.export(message.format, message.run, message.result);
        return;
      case 'exact': {
        const target = this.target(message.run, message.result);
        if (target && !this.running) this.exactRequested.fire({ run: message.run, result: message.result, sql: target.sql });
        return;
      }
      case 'received': {
        const target = this.target(message.run, message.result);
        if (!target) return;
        target.inGrid = Math.min(message.rows, target.rows.length);
        target.drawnAt = message.at;
        this.gridFilled.fire({ run: message.run, result: message.result, rows: target.inGrid, at: message.at });
        return;
      }
    }
  }

  private async export(format: 'csv' | 'json', run: number, result: number): Promise<void> {
    const target = this.target(run, result);
    if (!target) return;
    const { columns, rows } = target;
    const approximate = approximateCells(target);
    if (approximate > 0) {
      // Never a silently wrong value in a file: the user chooses, knowing.
      const exact = vscode.l10n.t('Show Exact Values');
      const anyway = vscode.l10n.t('Export Anyway');
      const answer = await this.dialogs.message(
        'warning',
        approximate === 1 ? vscode.l10n.t('1 value is approximate in this result (marked ≈).') : vscode.l10n.t('{0} values are approximate in this result (marked ≈).', approximate.toLocaleString()),
        { modal: true, detail: vscode.l10n.t('The driver could not hand them over as Databend prints them. Show Exact Values runs the statement again with Databend\'s own text; export that result instead.') },
        anyway,
        exact,
      );
      if (answer === exact && !this.running) this.exactRequested.fire({ run, result, sql: target.sql });
      if (answer !== anyway) return;
    }
    // With their types: JSON carries them, so a reader can tell "1" the UInt8 from "1" the String.
    const content = format === 'csv' ? toCsv(columns, rows) : toJson(columns, rows);
    const saved = await this.dialogs.saveDialog({ filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] }, saveLabel: vscode.l10n.t('Export {0} rows', rows.length) });
    if (!saved) return;
    await vscode.workspace.fs.writeFile(saved, new TextEncoder().encode(content));
    void this.dialogs.message('info', vscode.l10n.t('Exported {0} rows to {1}.', rows.length, vscode.workspace.asRelativePath(saved)), {});
  }

  dispose(): void {
    this.panel?.dispose();
    this.cancelRequested.dispose();
    this.exactRequested.dispose();
    this.gridFilled.dispose();
    this.closed.dispose();
  }
}
