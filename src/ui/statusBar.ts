import * as vscode from 'vscode';
import { describeConnection } from '../core/dsn';
import type { ConnectionStore } from './connectionStore';
import { Commands, CONTEXT_HAS_CONNECTIONS } from './ids';

/** Shows the active connection; a click switches. Also keeps the has-connections context key. */
export class ConnectionStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('databendIam.activeConnection', vscode.StatusBarAlignment.Left, 50);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly store: ConnectionStore) {
    this.item.name = 'Databend Connection';
    this.item.command = Commands.selectConnection;
    this.subscription = store.onDidChange(() => this.update());
    this.update();
  }

  update(): void {
    const active = this.store.active();
    void vscode.commands.executeCommand('setContext', CONTEXT_HAS_CONNECTIONS, this.store.list().length > 0);
    if (!active) {
      this.item.hide();
      return;
    }
    this.item.text = `$(database) ${active.name}`;
    this.item.tooltip = `Databend: SQL runs on ${describeConnection(active)}. Click to switch.`;
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
