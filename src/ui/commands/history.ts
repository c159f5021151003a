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

const RUN_AGAIN = '$(play) Run Again';
const OPEN = '$(go-to-file) Open in Editor';

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
      void this.dialogs.message('info', 'The query history is empty: statements you run from a SQL editor show up here.', {});
      return undefined;
    }
    const items = entries.map((entry) => ({
      label: oneLine(entry.sql),
      description: `${entry.login} · ${entry.database} · ${outcomeText(entry)}`,
      detail: `${new Date(entry.startedAt).toLocaleString()} · ${entry.durationMs.toLocaleString()} ms${entry.queryId ? ` · query ${entry.queryId}` : ''}`,
      entry,
    }));
    const picked = await this.dialogs.quickPick(items, {
      title: 'Databend Query History',
      placeHolder: 'Search the statements you ran: text, login, database, outcome',
      matchOnDescription: true,
      matchOnDetail: true,
    });
    if (!picked) return undefined;
    const { entry } = picked;
    const login = this.store.get(entry.loginId);
    const runnable = !entry.cut && !entry.masked;
    const actions = [
      ...(runnable ? [{ label: RUN_AGAIN, description: `in a new editor, on ${login?.name ?? this.store.active()?.name ?? 'the active login'}` }] : []),
      {
        label: OPEN,
        description: 'in a new SQL editor',
        detail: entry.masked ? 'Its secrets were masked when it was kept: fill them in before running it.' : entry.cut ? 'It was too long to keep whole: only its beginning is there.' : undefined,
      },
    ];
    const action = await this.dialogs.quickPick(actions, { title: oneLine(entry.sql, 80), placeHolder: 'What to do with this statement' });
    if (!action) return undefined;
    if (action.label === RUN_AGAIN) await this.runAgain(entry);
    else await openSqlEditor(this.text(entry));
    return entry;
  }

  /** In a new editor, on the login it ran on (made the active one), else on the active login. */
  private async runAgain(entry: HistoryEntry): Promise<void> {
    const login = this.store.get(entry.loginId);
    if (login) {
      if (this.store.active()?.id !== login.id) await this.store.setActive(login.id);
    } else {
      void this.dialogs.message('info', `The login "${entry.login}" is gone: running on the active login.`, {});
    }
    const editor = await openSqlEditor(this.text(entry));
    await this.runner.runStatement(editor.document.uri);
  }

  private text(entry: HistoryEntry): string {
    return `-- ${oneLine(`${entry.login} · ${entry.database} · ${new Date(entry.startedAt).toLocaleString()} · ${outcomeText(entry)}`, 200)}\n${entry.sql};\n`;
  }

  async clear(): Promise<void> {
    const count = this.history.list().length;
    await confirm(this.dialogs, 'warning', `Clear the query history (${count} statement${count === 1 ? '' : 's'})?`, 'The statements are removed from this machine in every VS Code window. This cannot be undone.', 'Clear', 'Keep History');
    await this.history.clear();
    void vscode.window.setStatusBarMessage('Databend: query history cleared', 3000);
  }
}
