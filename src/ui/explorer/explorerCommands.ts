// Context-menu actions on explorer nodes.

import * as vscode from 'vscode';
import { toCell } from '../../core/cells';
import { DATABEND_IDENT } from '../../core/identifiers';
import { selectFromStageFile, stageFileColumnsSql, stageFileLocation, unreadableStageFile } from '../../core/sql';
import type { DatabendService } from '../databendService';
import type { Dialogs } from '../dialogs';
import type { LoginStore } from '../loginStore';
import { confirm } from '../prompts';
import { openSqlEditor } from '../sqlEditor';
import type { DescribeDocuments } from './describeDocuments';
import { ConnectionNode, ErrorNode, ExplorerNode, ExplorerTree, FileNode, LoadMoreNode, StageNode } from './explorerTree';

type Named = ConnectionNode | StageNode;

function objectOf(node: Named): { word: 'STAGE' | 'CONNECTION'; label: string } {
  return node instanceof StageNode ? { word: 'STAGE', label: vscode.l10n.t('stage') } : { word: 'CONNECTION', label: vscode.l10n.t('connection') };
}

/** Names come from SHOW output; only what Databend's lexer reads as a bare name is spliced into SQL. */
function checkedName(node: Named): string {
  if (!DATABEND_IDENT.test(node.name)) throw new Error(vscode.l10n.t('"{0}" cannot be used in a statement: Databend cannot quote {1} names.', node.name, objectOf(node).label));
  return node.name;
}

export class ExplorerCommands {
  constructor(
    private readonly tree: ExplorerTree,
    private readonly store: LoginStore,
    private readonly databend: DatabendService,
    private readonly describeDocuments: DescribeDocuments,
    private readonly dialogs: Dialogs,
  ) {}

  refresh(node?: ExplorerNode): void {
    this.tree.refresh(node);
  }

  loadMore(node: LoadMoreNode): Promise<void> {
    return this.tree.loadMore(node);
  }

  /** Reads again the node whose children failed to load (an error item's Retry). */
  retry(node: ErrorNode): void {
    this.tree.refresh(node.parent);
  }

  /** DESC output in a read-only editor. */
  async describe(node: Named): Promise<vscode.TextEditor> {
    const { word, label } = objectOf(node);
    const session = await this.databend.session(node.login);
    const rows = await session.rows(`DESC ${word} ${checkedName(node)}`);
    const text = rows.map((row) => Object.entries(row).map(([key, value]) => `${key}: ${toCell(value) ?? 'NULL'}`).join('\n')).join('\n\n');
    return this.describeDocuments.show(`/${node.login.name}/${label} ${node.name}.txt`, `-- DESC ${word} ${node.name} on ${node.login.name}\n\n${text}\n`);
  }

  async copyName(node: Named | FileNode): Promise<string> {
    // A file's location is quoted ('@s/report (1).csv'): the bare form ends at a space or parenthesis.
    const name = node instanceof FileNode ? stageFileLocation(node.stage.name, node.file.name) : node instanceof StageNode ? `@${node.name}` : node.name;
    await vscode.env.clipboard.writeText(name);
    void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', name), 3000);
    return name;
  }

  /** A new SQL editor on the node's login, with a statement that fits the node. */
  async newSqlEditorHere(node: ExplorerNode): Promise<vscode.TextEditor> {
    const unreadable = node instanceof FileNode ? unreadableStageFile(node.file.name) : undefined;
    if (unreadable) {
      // No SQL that fails with a bare NotFound: say why, before anything opens.
      throw new Error(vscode.l10n.t('Databend cannot read "{0}" by its name: {1}. Rename the object in S3 (for example with the AWS console or aws s3 mv) to read it from Databend.', node instanceof FileNode ? node.file.name : '', unreadable));
    }
    const login = 'login' in node ? node.login : node instanceof FileNode ? node.stage.login : this.store.active();
    if (login) await this.store.setActive(login.id);
    let sql = `-- Databend: ${login?.name ?? 'no login'}\n`;
    if (node instanceof StageNode) sql += `LIST @${node.name};\n`;
    else if (node instanceof FileNode) sql += `${selectFromStageFile(node.stage.name, node.file.name, { columns: await this.columnsOf(node), limit: 10 })};\n`;
    else if (node instanceof ConnectionNode) sql += `DESC CONNECTION ${node.name};\n`;
    else sql += 'SHOW STAGES;\n';
    return openSqlEditor(sql);
  }

  /** How many columns a text file has (INFER_SCHEMA), so its SELECT names each; undefined when not needed or not known. */
  private async columnsOf(node: FileNode): Promise<number | undefined> {
    const sql = stageFileColumnsSql(node.stage.name, node.file.name);
    if (!sql) return undefined;
    try {
      const rows = await (await this.databend.session(node.stage.login)).rows(sql);
      return rows.length || undefined;
    } catch {
      // One column still reads the file; the user widens the SELECT.
      return undefined;
    }
  }

  async drop(node: Named): Promise<void> {
    const { word } = objectOf(node);
    const name = checkedName(node);
    const detail =
      node instanceof StageNode
        ? node.info.url
          ? vscode.l10n.t('DROP STAGE {0} removes the stage from Databend. The files in {1} stay where they are.', name, node.info.url)
          : vscode.l10n.t('DROP STAGE {0} removes the stage from Databend. The files in the stage stay where they are.', name)
        : vscode.l10n.t('DROP CONNECTION {0} removes the connection from Databend. Stages created with it keep their own copy of its settings.', name);
    await confirm(this.dialogs, 'warning', node instanceof StageNode ? vscode.l10n.t('Drop the stage "{0}" on {1}?', name, node.login.name) : vscode.l10n.t('Drop the connection "{0}" on {1}?', name, node.login.name), detail, vscode.l10n.t('Drop'), node instanceof StageNode ? vscode.l10n.t('Keep Stage') : vscode.l10n.t('Keep Connection'));
    const session = await this.databend.session(node.login);
    await session.run(`DROP ${word} IF EXISTS ${name}`);
    this.tree.refresh();
    void vscode.window.setStatusBarMessage(node instanceof StageNode ? vscode.l10n.t('Dropped stage {0}', name) : vscode.l10n.t('Dropped connection {0}', name), 4000);
  }
}
