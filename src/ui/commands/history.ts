// The query history: find a statement (the quick pick searches its text, login, database
// and outcome), then open it in an editor or run it again; or clear the history.

import * as vscode from 'vscode';
import { HistoryEntry, oneLine, outcomeText } from '../../core/history';
import type { Dialogs } from '../dialogs';
import type { LoginStore } from '../loginStore';
import { confirm } from '../prompts';
import type { QueryHistory } from '../queryHistory';
import type { QueryRunner } from '../queryRunner';
import { openSqlEditor } from '../sqlEditor';


export class HistoryCommands {
  constructor(
    private readonly history: QueryHistory,
    private readonly store: LoginStore,
    private readonly runner: QueryRunner,
    private readonly dialogs: Dialogs,
  ) {}

  /** Finds a statement in the history, then opens it or runs it again. Returns the entry acted on. */
  async show(): Promise<HistoryEntry | undefined> {
    const entries = this.history.list();
    if (entries.length === 0) {
      void this.dialogs.message('info', vscode.l10n.t('The query history is empty: statements you run from a SQL editor show up here.'), {});
      return undefined;
    }
    const items = entries.map((entry) => ({
      label: oneLine(entry.sql),
      description: `${entry.login} · ${entry.database} · ${outcomeText(entry)}`,
      detail: entry.queryId
        ? vscode.l10n.t('{0} · {1} ms · query {2}', new Date(entry.startedAt).toLocaleString(), entry.durationMs.toLocaleString(), entry.queryId)
        : vscode.l10n.t('{0} · {1} ms', new Date(entry.startedAt).toLocaleString(), entry.durationMs.toLocaleString()),
      entry,
    }));
    const picked = await this.dialogs.quickPick(items, {
      title: vscode.l10n.t('Databend Query History'),
      placeHolder: vscode.l10n.t('Search the statements you ran: text, login, database, outcome'),
      matchOnDescription: true,
      matchOnDetail: true,
    });
    if (!picked) return undefined;
    const { entry } = picked;
    const login = this.store.get(entry.loginId);
    const runnable = !entry.cut && !entry.masked;
    const runAgain = vscode.l10n.t('$(play) Run Again');
    const actions = [
      ...(runnable ? [{ label: runAgain, description: vscode.l10n.t('in a new editor, on {0}', login?.name ?? this.store.active()?.name ?? vscode.l10n.t('the active login')) }] : []),
      {
        label: vscode.l10n.t('$(go-to-file) Open in Editor'),
        description: vscode.l10n.t('in a new SQL editor'),
        detail: entry.masked ? vscode.l10n.t('Its secrets were masked when it was kept: fill them in before running it.') : entry.cut ? vscode.l10n.t('It was too long to keep whole: only its beginning is there.') : undefined,
      },
    ];
    const action = await this.dialogs.quickPick(actions, { title: oneLine(entry.sql, 80), placeHolder: vscode.l10n.t('What to do with this statement') });
    if (!action) return undefined;
    if (action.label === runAgain) await this.runAgain(entry);
    else await openSqlEditor(this.text(entry));
    return entry;
  }

  /** In a new editor, on the login it ran on (made the active one), else on the active login. */
  private async runAgain(entry: HistoryEntry): Promise<void> {
    const login = this.store.get(entry.loginId);
    if (login) {
      if (this.store.active()?.id !== login.id) await this.store.setActive(login.id);
    } else {
      void this.dialogs.message('info', vscode.l10n.t('The login "{0}" is gone: running on the active login.', entry.login), {});
    }
    const editor = await openSqlEditor(this.text(entry));
    await this.runner.runStatement(editor.document.uri);
  }

  private text(entry: HistoryEntry): string {
    return `-- ${oneLine(`${entry.login} · ${entry.database} · ${new Date(entry.startedAt).toLocaleString()} · ${outcomeText(entry)}`, 200)}\n${entry.sql};\n`;
  }

  async clear(): Promise<void> {
    const count = this.history.list().length;
    await confirm(this.dialogs, 'warning', count === 1 ? vscode.l10n.t('Clear the query history (1 statement)?') : vscode.l10n.t('Clear the query history ({0} statements)?', count), vscode.l10n.t('The statements are removed from this machine in every VS Code window. This cannot be undone.'), vscode.l10n.t('Clear'), vscode.l10n.t('Keep History'));
    await this.history.clear();
    void vscode.window.setStatusBarMessage(vscode.l10n.t('Databend: query history cleared'), 3000);
  }
}
