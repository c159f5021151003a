// The results panel: one webview that shows the statement running now, filled as rows
// stream in, with Cancel (kills the query on the server), copy and CSV/JSON export.

import * as vscode from 'vscode';
import type { DatabendSession, QueryResult } from '../../databend/index';
import { toCsv, toJson } from '../../core/cells';
import { errorMessage } from '../../core/errors';
import { Cell, isResultsRequest, ResultColumn, ResultsMessage } from '../../shared/protocol';
import type { Logger } from '../logger';
import { localResourceRoots, webviewHtml } from '../webviewHtml';

export interface RunRequest {
  session: DatabendSession;
  connectionName: string;
  sql: string;
  /** "Statement 2 of 5", shown above the grid. */
  statement: string;
  maxRows: number;
}

export class ResultsPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private queue: ResultsMessage[] = [];
  private columns: ResultColumn[] = [];
  private rows: Cell[][] = [];
  private running: { session: DatabendSession; queryId: string; cancelled: boolean } | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly logger: Logger,
  ) {}

  /** Runs one statement into the panel; resolves with its result, rejects with its error. */
  async run(request: RunRequest): Promise<QueryResult> {
    this.reveal();
    this.columns = [];
    this.rows = [];
    const running = { session: request.session, queryId: '', cancelled: false };
    this.running = running;
    this.post({ type: 'start', sql: request.sql, connection: request.connectionName, statement: request.statement });
    try {
      const result = await request.session.run(request.sql, {
        maxRows: request.maxRows,
        batchSize: 500,
        isCancelled: () => running.cancelled,
        onColumns: (columns, queryId) => {
          running.queryId = queryId;
          this.columns = columns;
          this.post({ type: 'columns', columns, queryId });
        },
        onRows: (rows) => {
          this.rows.push(...rows);
          this.post({ type: 'rows', rows });
        },
      });
      this.post({ type: 'done', rowCount: result.rowCount, elapsedMs: result.elapsedMs, truncated: result.truncated, affectedRows: result.affectedRows, maxRows: request.maxRows, cancelled: result.cancelled || running.cancelled, queryId: result.queryId });
      return result;
    } catch (error) {
      const message = errorMessage(error).replace(/\s*\[v\d+\.\d+\.\d+\]\s*$/, '');
      const code = /\[(\d+)\]/.exec(message)?.[1];
      this.post({ type: 'error', message: running.cancelled ? `Cancelled: ${message}` : message, code: code ? Number(code) : undefined });
      throw error;
    } finally {
      if (this.running === running) this.running = undefined;
    }
  }

  /** Kills the running query on the server. */
  async cancel(): Promise<void> {
    const running = this.running;
    if (!running) return;
    running.cancelled = true;
    if (running.queryId) {
      await running.session.kill(running.queryId).catch((error: unknown) => this.logger.warn(`kill failed: ${errorMessage(error)}`));
    }
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
      void this.cancel();
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
        void this.cancel();
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
    const names = this.columns.map((c) => c.name);
    const content = format === 'csv' ? toCsv(names, this.rows) : toJson(names, this.rows);
    const target = await vscode.window.showSaveDialog({ filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] }, saveLabel: `Export ${this.rows.length} rows` });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(content));
    void vscode.window.showInformationMessage(`Exported ${this.rows.length} rows to ${vscode.workspace.asRelativePath(target)}.`);
  }

  /** For tests: what the panel holds. */
  snapshot(): { columns: ResultColumn[]; rows: Cell[][] } {
    return { columns: this.columns, rows: this.rows };
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
