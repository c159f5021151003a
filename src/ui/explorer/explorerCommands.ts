// Context-menu actions on explorer nodes.

import * as vscode from 'vscode';
import { CancelledError } from '../../core/errors';
import type { ConnectionStore } from '../connectionStore';
import type { DatabendService } from '../databendService';
import { openSqlEditor } from '../sqlEditor';
import { DatabendConnectionNode, ExplorerNode, ExplorerTree, FileNode, LoadMoreNode, StageNode } from './explorerTree';

const DESCRIBE_SCHEME = 'databend-describe';
const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_$]*$/;

type Named = DatabendConnectionNode | StageNode;

function objectOf(node: Named): { word: 'STAGE' | 'CONNECTION'; label: string } {
  return node instanceof StageNode ? { word: 'STAGE', label: 'stage' } : { word: 'CONNECTION', label: 'connection' };
}

/** Names come from SHOW output; a name that is not plain is never spliced into SQL. */
function checkedName(node: Named): string {
  if (!PLAIN_NAME.test(node.name)) throw new Error(`"${node.name}" cannot be used in a statement: Databend cannot quote ${objectOf(node).label} names.`);
  return node.name;
}

export class ExplorerCommands implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly documents = new Map<string, string>();
  private readonly registration: vscode.Disposable;

  constructor(
    private readonly tree: ExplorerTree,
    private readonly store: ConnectionStore,
    private readonly databend: DatabendService,
  ) {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(DESCRIBE_SCHEME, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.documents.get(uri.toString()) ?? '';
  }

  refresh(node?: ExplorerNode): void {
    this.tree.refresh(node);
  }

  loadMore(node: LoadMoreNode): Promise<void> {
    return this.tree.loadMore(node);
  }

  /** DESC output in a read-only editor. */
  async describe(node: Named): Promise<vscode.TextEditor> {
    const { word, label } = objectOf(node);
    const session = await this.databend.session(node.connection);
    const rows = await session.rows(`DESC ${word} ${checkedName(node)}`);
    const text = rows.map((row) => Object.entries(row).map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}`).join('\n')).join('\n\n');
    const uri = vscode.Uri.from({ scheme: DESCRIBE_SCHEME, path: `/${node.connection.name}/${label} ${node.name}.txt` });
    this.documents.set(uri.toString(), `-- DESC ${word} ${node.name} on ${node.connection.name}\n\n${text}\n`);
    const document = await vscode.workspace.openTextDocument(uri);
    return vscode.window.showTextDocument(document, { preview: true });
  }

  async copyName(node: Named | FileNode): Promise<string> {
    const name = node instanceof FileNode ? `@${node.stage.name}/${node.file.name}` : node instanceof StageNode ? `@${node.name}` : node.name;
    await vscode.env.clipboard.writeText(name);
    void vscode.window.setStatusBarMessage(`Copied ${name}`, 3000);
    return name;
  }

  /** A new SQL editor on the node's connection, with a statement that fits the node. */
  async newSqlEditorHere(node: ExplorerNode): Promise<vscode.TextEditor> {
    const connection = 'connection' in node ? node.connection : node instanceof FileNode ? node.stage.connection : this.store.active();
    if (connection) await this.store.setActive(connection.id);
    let sql = `-- Databend: ${connection?.name ?? 'no connection'}\n`;
    if (node instanceof StageNode) sql += `LIST @${node.name};\n`;
    else if (node instanceof FileNode) sql += `SELECT * FROM @${node.stage.name}/${node.file.name} LIMIT 10;\n`;
    else if (node instanceof DatabendConnectionNode) sql += `DESC CONNECTION ${node.name};\n`;
    else sql += 'SHOW STAGES;\n';
    return openSqlEditor(sql);
  }

  async drop(node: Named, confirmed = false): Promise<void> {
    const { word, label } = objectOf(node);
    const name = checkedName(node);
    if (!confirmed) {
      const detail =
        node instanceof StageNode
          ? `DROP STAGE ${name} removes the stage from Databend. The files in ${node.info.url || 'the stage'} stay where they are.`
          : `DROP CONNECTION ${name} removes the connection from Databend. Stages created with it keep their own copy of its settings.`;
      const answer = await vscode.window.showWarningMessage(`Drop the ${label} "${name}" on ${node.connection.name}?`, { modal: true, detail }, 'Drop');
      if (answer !== 'Drop') throw new CancelledError();
    }
    const session = await this.databend.session(node.connection);
    await session.run(`DROP ${word} IF EXISTS ${name}`);
    this.tree.refresh();
    void vscode.window.setStatusBarMessage(`Dropped ${label} ${name}`, 4000);
  }

  dispose(): void {
    this.registration.dispose();
  }
}
