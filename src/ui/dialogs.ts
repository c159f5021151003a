// Every question and message the extension puts to the user goes through one port, so
// the UI code says *what* it asks and the window decides *how*. The product uses
// `windowDialogs` (VS Code's own input box, quick pick, notifications and modals); the
// extension-host test build answers through the same port, so no command needs an
// argument that skips a prompt.

import * as vscode from 'vscode';

export type Severity = 'info' | 'warning' | 'error';

export interface Dialogs {
  /** An input box; undefined when the user pressed Escape. */
  inputBox(options: vscode.InputBoxOptions): Thenable<string | undefined>;
  /** A quick pick of `items`; undefined when dismissed. */
  quickPick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Thenable<T | undefined>;
  /**
   * A notification (or, with `options.modal`, a dialog) with action buttons; resolves to
   * the chosen action, undefined when dismissed. Modal dialogs never have a default
   * action besides Cancel.
   */
  message(severity: Severity, text: string, options: vscode.MessageOptions, ...actions: string[]): Thenable<string | undefined>;
  /** The native save dialog. */
  saveDialog(options: vscode.SaveDialogOptions): Thenable<vscode.Uri | undefined>;
}

/**
 * Text for places that show no Markdown (notifications, dialogs, quick-pick details): the
 * messages are written once, for the form too, with `code` spans; here they read as quotes.
 */
function plain(text: string): string;
function plain(text: string | undefined): string | undefined;
function plain(text: string | undefined): string | undefined {
  return text?.replace(/`([^`\n]+)`/g, '"$1"');
}

/** The real thing: VS Code's window API. */
export const windowDialogs: Dialogs = {
  inputBox: (options) => vscode.window.showInputBox(options),
  quickPick: async (items, options) => {
    // Copies with plain details; the pick is mapped back to the caller's own item.
    const shown = items.map((item, index) => ({ ...item, detail: plain(item.detail), description: plain(item.description), index }));
    const picked = await vscode.window.showQuickPick(shown, options);
    return picked === undefined ? undefined : items[picked.index];
  },
  message: (severity, text, options, ...actions) => {
    const shown = { ...options, detail: plain(options.detail) };
    switch (severity) {
      case 'info':
        return vscode.window.showInformationMessage(plain(text), shown, ...actions);
      case 'warning':
        return vscode.window.showWarningMessage(plain(text), shown, ...actions);
      case 'error':
        return vscode.window.showErrorMessage(plain(text), shown, ...actions);
    }
  },
  saveDialog: (options) => vscode.window.showSaveDialog(options),
};
