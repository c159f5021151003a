// One results view per SQL editor (document), made on its first run. A view whose
// editor is gone stays while its panel is open and goes with it.

import * as vscode from 'vscode';
import type { Dialogs } from '../dialogs';
import type { Logger } from '../logger';
import { ResultsView } from './resultsView';

export class ResultsViews implements vscode.Disposable {
  private readonly views = new Map<string, ResultsView>();
  /** Views whose document was closed. */
  private readonly orphans = new Set<string>();
  private readonly cancelRequested = new vscode.EventEmitter<{ document: string; run: number }>();
  /** Cancel pressed in the view of `document` (a document URI) during run `run`. */
  readonly onDidRequestCancel = this.cancelRequested.event;
  private readonly exactRequested = new vscode.EventEmitter<{ document: string; sql: string }>();
  /** Show Exact Values pressed in the view of `document` (a document URI), for statement `sql`. */
  readonly onDidRequestExact = this.exactRequested.event;
  private readonly subscriptions: vscode.Disposable[];
  /** The view a run began in last (for the tests and the benchmark). */
  last: ResultsView | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly dialogs: Dialogs,
    private readonly logger: Logger,
  ) {
    this.subscriptions = [
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (this.views.has(document.uri.toString())) this.orphans.add(document.uri.toString());
      }),
    ];
  }

  /** The view of a document's results, made on first use. */
  for(document: vscode.TextDocument): ResultsView {
    const key = document.uri.toString();
    this.orphans.delete(key);
    let view = this.views.get(key);
    if (!view) {
      const name = document.uri.path.split('/').pop() || document.uri.toString();
      const made = new ResultsView(`Results: ${name}`, this.extensionUri, this.dialogs, this.logger);
      made.onDidRequestCancel((run) => this.cancelRequested.fire({ document: key, run }));
      made.onDidRequestExact(({ sql }) => this.exactRequested.fire({ document: key, sql }));
      made.onDidClose(() => {
        if (!this.orphans.has(key)) return;
        this.orphans.delete(key);
        this.views.delete(key);
        if (this.last === made) this.last = undefined;
        // Not from inside its own event.
        queueMicrotask(() => made.dispose());
      });
      this.views.set(key, made);
      view = made;
    }
    this.last = view;
    return view;
  }

  get(document: vscode.Uri | string): ResultsView | undefined {
    return this.views.get(document.toString());
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    for (const view of this.views.values()) view.dispose();
    this.views.clear();
    this.cancelRequested.dispose();
    this.exactRequested.dispose();
  }
}
