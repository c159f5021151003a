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
import { localResourceRoots, webviewHtml } from '../webviewHtml';

/** One statement's result as the view holds it (at most the row cap of rows). */
export interface StatementResult {
  label: string;
  sql: string;
  queryId: string;
  columns: ResultColumn[];
  rows: Cell[][];
  summary?: ResultSummary;
  error?: string;
  /** Rows the page reports holding in its grid, and when it drew them (epoch ms). */
  inGrid: number;
  drawnAt?: number;
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
    const result = this.results.push({ label, sql, queryId: '', columns: [], rows: [], inGrid: 0 }) - 1;
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

  rows(run: number, result: number, rows: Cell[][]): void {
    const target = this.target(run, result);
    if (!target) return;
    for (const row of rows) target.rows.push(row);
    this.post({ type: 'rows', run, result, rows: encodeRows(rows), count: rows.length });
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
      // Revealing a panel in view makes the workbench lay out again, while rows arrive.
      if (!this.panel.visible) this.panel.reveal(vscode.ViewColumn.Beside, true);
      return;
    }
    const panel = vscode.window.createWebviewPanel('databendIam.results', this.title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: localResourceRoots(this.extensionUri),
    });
    panel.webview.html = webviewHtml(panel.webview, this.extensionUri, {
      title: this.title,
      script: 'results.js',
      style: 'results.css',
      body: '<div id="app"></div>',
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
    // With their types: JSON carries them, so a reader can tell "1" the UInt8 from "1" the String.
    const content = format === 'csv' ? toCsv(columns, rows) : toJson(columns, rows);
    const saved = await this.dialogs.saveDialog({ filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] }, saveLabel: `Export ${rows.length} rows` });
    if (!saved) return;
    await vscode.workspace.fs.writeFile(saved, new TextEncoder().encode(content));
    void this.dialogs.message('info', `Exported ${rows.length} rows to ${vscode.workspace.asRelativePath(saved)}.`, {});
  }

  dispose(): void {
    this.panel?.dispose();
    this.cancelRequested.dispose();
    this.gridFilled.dispose();
    this.closed.dispose();
  }
}
