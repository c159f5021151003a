import * as vscode from 'vscode';
import { describeConnection as describeLogin } from '../core/dsn';
import { Commands, CONTEXT_HAS_LOGINS } from './ids';
import type { LoginStore } from './loginStore';

/** Shows the login SQL runs on; a click switches. Also keeps the has-logins context key. */
export class LoginStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('databendIam.activeLogin', vscode.StatusBarAlignment.Left, 50);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly store: LoginStore) {
    this.item.name = vscode.l10n.t('Databend Login');
    this.item.command = Commands.selectLogin;
    this.subscription = store.onDidChange(() => this.update());
    this.update();
  }

  update(): void {
    const active = this.store.active();
    void vscode.commands.executeCommand('setContext', CONTEXT_HAS_LOGINS, this.store.list().length > 0);
    if (!active) {
      this.item.hide();
      return;
    }
    this.item.text = `$(database) ${active.name}`;
    this.item.tooltip = vscode.l10n.t('Databend: SQL runs on {0}. Click to switch.', describeLogin(active));
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
