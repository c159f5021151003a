// The results panel: one webview that shows a result as it arrives (columns, row batches,
// the summary or the error), with copy and CSV/JSON export of what it shows. It runs
// nothing: QueryRunner feeds it and listens for Cancel.

import * as vscode from 'vscode';
import { toCsv, toJson } from '../../core/cells';
import { withoutDriverVersion } from '../../core/errors';
import { Cell, isResultsRequest, ResultColumn, ResultsMessage } from '../../shared/protocol';
import type { Dialogs } from '../dialogs';
import type { Logger } from '../logger';
import { localResourceRoots, webviewHtml } from '../webviewHtml';

type Summary = Extract<ResultsMessage, { type: 'done' }>;

export class ResultsPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private queue: ResultsMessage[] = [];
  private readonly cancelRequested = new vscode.EventEmitter<void>();
  /** The user pressed Cancel, or closed the panel while a result was arriving. */
  readonly onDidRequestCancel = this.cancelRequested.event;
  /** What the panel shows now: the last result's columns and the rows received so far. */
  readonly shown: { columns: ResultColumn[]; rows: Cell[][] } = { columns: [], rows: [] };

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly dialogs: Dialogs,
    private readonly logger: Logger,
  ) {}

  /** Clears the grid for a new statement and reveals the panel. */
  begin(sql: string, login: string, statement: string): void {
    this.reveal();
    this.shown.columns = [];
    this.shown.rows = [];
    this.post({ type: 'start', sql, login, statement });
  }

  columns(columns: ResultColumn[], queryId: string): void {
    this.shown.columns = columns;
    this.post({ type: 'columns', columns, queryId });
  }

  rows(rows: Cell[][]): void {
    for (const row of rows) this.shown.rows.push(row);
    this.post({ type: 'rows', rows });
  }

  done(summary: Omit<Summary, 'type'>): void {
    this.post({ type: 'done', ...summary });
  }

  error(message: string, cancelled: boolean): void {
    const text = withoutDriverVersion(message);
    const code = /\[(\d+)\]/.exec(text)?.[1];
    this.post({ type: 'error', message: cancelled ? `Cancelled: ${text}` : text, code: code ? Number(code) : undefined });
  }

  private reveal(): void {
    if (this.panel) {
      this.panel.reveal(vscode.ViewColumn.Beside, true);
      return;
    }
    const panel = vscode.window.createWebviewPanel('databendIam.results', 'Databend Results', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: localResourceRoots(this.extensionUri),
    });
    panel.webview.html = webviewHtml(panel.webview, this.extensionUri, {
      title: 'Databend Results',
      script: 'results.js',
      style: 'results.css',
      body: '<div id="app"></div>',
    });
    panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message));
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.ready = false;
      this.queue = [];
      this.cancelRequested.fire();
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
      this.logger.warn(`results panel: dropped a malformed message (${JSON.stringify(message)?.slice(0, 200)})`);
      return;
    }
    switch (message.type) {
      case 'ready':
        this.ready = true;
        for (const queued of this.queue.splice(0)) void this.panel?.webview.postMessage(queued);
        return;
      case 'cancel':
        this.cancelRequested.fire();
        return;
      case 'copy':
        void vscode.env.clipboard.writeText(message.text);
        return;
      case 'export':
        void this.export(message.format);
        return;
    }
  }

  private async export(format: 'csv' | 'json'): Promise<void> {
    const { columns, rows } = this.shown;
    const content = format === 'csv' ? toCsv(columns.map((c) => c.name), rows) : toJson(columns.map((c) => c.name), rows);
    const target = await this.dialogs.saveDialog({ filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] }, saveLabel: `Export ${rows.length} rows` });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(content));
    void this.dialogs.message('info', `Exported ${rows.length} rows to ${vscode.workspace.asRelativePath(target)}.`, {});
  }

  dispose(): void {
    this.panel?.dispose();
    this.cancelRequested.dispose();
  }
}
