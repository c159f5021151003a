// The extension-host test build: the product's services with scripted dialogs, and a
// handle on both for the tests. Built to out/test-build/extension.js and installed in
// place of dist/extension.js for the extension-host suite only; never shipped.

import type * as vscode from 'vscode';
import { createServices, Services } from '../../src/ui/services';
import { ScriptedDialogs } from './scriptedDialogs';

export interface TestApi {
  services: Services;
  dialogs: ScriptedDialogs;
  /** The extension's storage, for a second LoginStore standing in for another window. */
  storage: { globalState: vscode.Memento; secrets: vscode.SecretStorage };
}

export function activate(context: vscode.ExtensionContext): TestApi {
  const dialogs = new ScriptedDialogs();
  return { services: createServices(context, dialogs), dialogs, storage: { globalState: context.globalState, secrets: context.secrets } };
}

export function deactivate(): void {}
