// Composition root: the services with VS Code's own dialogs. Kept small and cheap: the
// AWS SDK and the Databend driver are loaded by the features on first use. activate
// returns nothing: other extensions get no handle on this one's internals.

import type * as vscode from 'vscode';
import { windowDialogs } from './ui/dialogs';
import { createServices } from './ui/services';

export function activate(context: vscode.ExtensionContext): void {
  createServices(context, windowDialogs);
}

export function deactivate(): void {
  // Everything, open Databend sessions included, is owned by context.subscriptions.
}
