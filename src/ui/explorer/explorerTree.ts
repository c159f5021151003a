// The Databend explorer: saved connection → "Connections" / "Stages" → stage → files.
// Nodes load lazily when expanded; a failure becomes an error item on that node, never
// a notification.

import * as vscode from 'vscode';
import type { ConnectionInfo, StageFile, StageInfo } from '../../databend/index';
import { describeConnection } from '../../core/dsn';
import { errorMessage } from '../../core/errors';
import type { ConnectionStore, SavedConnection } from '../connectionStore';
import type { DatabendService } from '../databendService';
import { Commands } from '../ids';

export const FILES_PAGE = 100;

export type ExplorerNode = ConnectionNode | GroupNode | DatabendConnectionNode | StageNode | FileNode | LoadMoreNode | ErrorNode;

export class ConnectionNode {
  readonly kind = 'connection';
  constructor(readonly connection: SavedConnection) {}
}

export class GroupNode {
  readonly kind = 'group';
  constructor(
    readonly connection: SavedConnection,
    readonly group: 'connections' | 'stages',
  ) {}
}

export class DatabendConnectionNode {
  readonly kind = 'databendConnection';
  constructor(
    readonly connection: SavedConnection,
    readonly info: ConnectionInfo,
  ) {}
  get name(): string {
    return this.info.name;
  }
}

export class StageNode {
  readonly kind = 'stage';
  files: StageFile[] = [];
  more = true;
  constructor(
    readonly connection: SavedConnection,
    readonly info: StageInfo,
  ) {}
  get name(): string {
    return this.info.name;
  }
}

export class FileNode {
  readonly kind = 'file';
  constructor(
    readonly stage: StageNode,
    readonly file: StageFile,
  ) {}
}

export class LoadMoreNode {
  readonly kind = 'loadMore';
  constructor(readonly stage: StageNode) {}
}

export class ErrorNode {
  readonly kind = 'error';
  constructor(readonly message: string) {}
}

function humanSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

export class ExplorerTree implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly store: ConnectionStore,
    private readonly databend: DatabendService,
  ) {
    this.subscription = store.onDidChange(() => this.refresh());
  }

  refresh(node?: ExplorerNode): void {
    if (node instanceof StageNode) {
      node.files = [];
      node.more = true;
    }
    this.changed.fire(node && !(node instanceof ConnectionNode) ? node : undefined);
  }

  async loadMore(node: LoadMoreNode): Promise<void> {
    await this.fetchFiles(node.stage);
    this.changed.fire(node.stage);
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    const collapsed = vscode.TreeItemCollapsibleState.Collapsed;
    switch (node.kind) {
      case 'connection': {
        const active = this.store.active()?.id === node.connection.id;
        const item = new vscode.TreeItem(node.connection.name, collapsed);
        item.description = describeConnection(node.connection) + (active ? ' · active' : '');
        item.tooltip = `${describeConnection(node.connection)}\n${node.connection.tls ? 'TLS' : 'plain HTTP'}`;
        item.iconPath = new vscode.ThemeIcon(active ? 'database' : 'server');
        item.contextValue = 'databendIam.connection';
        return item;
      }
      case 'group': {
        const item = new vscode.TreeItem(node.group === 'connections' ? 'Connections' : 'Stages', collapsed);
        item.iconPath = new vscode.ThemeIcon(node.group === 'connections' ? 'plug' : 'folder-library');
        item.contextValue = `databendIam.group.${node.group}`;
        return item;
      }
      case 'databendConnection': {
        const item = new vscode.TreeItem(node.info.name, vscode.TreeItemCollapsibleState.None);
        item.description = node.info.storageType;
        item.tooltip = `Connection ${node.info.name}\nStorage: ${node.info.storageType}\n${node.info.storageParams}`;
        item.iconPath = new vscode.ThemeIcon('plug');
        item.contextValue = 'databendIam.databendConnection';
        return item;
      }
      case 'stage': {
        const item = new vscode.TreeItem(node.info.name, collapsed);
        item.description = node.info.url;
        item.tooltip = `Stage @${node.info.name}\n${node.info.url || '(internal)'}\nStorage: ${node.info.storageType || node.info.stageType}${node.info.comment ? `\n${node.info.comment}` : ''}`;
        item.iconPath = new vscode.ThemeIcon('folder');
        item.contextValue = 'databendIam.stage';
        return item;
      }
      case 'file': {
        const item = new vscode.TreeItem(node.file.name, vscode.TreeItemCollapsibleState.None);
        item.description = humanSize(node.file.size);
        item.tooltip = `${node.file.name}\n${node.file.size.toLocaleString()} bytes\nModified ${node.file.lastModified}`;
        item.iconPath = vscode.ThemeIcon.File;
        item.resourceUri = vscode.Uri.parse(`databend-stage:/${node.stage.name}/${node.file.name}`);
        item.contextValue = 'databendIam.stageFile';
        return item;
      }
      case 'loadMore': {
        const item = new vscode.TreeItem('Load more…', vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.command = { command: Commands.loadMore, title: 'Load more', arguments: [node] };
        return item;
      }
      case 'error': {
        const item = new vscode.TreeItem(node.message, vscode.TreeItemCollapsibleState.None);
        item.tooltip = node.message;
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
        item.contextValue = 'databendIam.error';
        return item;
      }
    }
  }

  async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    if (!node) {
      return this.store.list().map((c) => new ConnectionNode(c));
    }
    try {
      switch (node.kind) {
        case 'connection':
          return [new GroupNode(node.connection, 'connections'), new GroupNode(node.connection, 'stages')];
        case 'group': {
          const session = await this.databend.session(node.connection);
          const { listConnections, listStages } = this.databend.load();
          return node.group === 'connections'
            ? (await listConnections(session)).map((info) => new DatabendConnectionNode(node.connection, info))
            : (await listStages(session)).map((info) => new StageNode(node.connection, info));
        }
        case 'stage': {
          if (node.files.length === 0 && node.more) {
            await this.fetchFiles(node);
          }
          const files: ExplorerNode[] = node.files.map((file) => new FileNode(node, file));
          return node.more ? [...files, new LoadMoreNode(node)] : files;
        }
        default:
          return [];
      }
    } catch (error) {
      const message = errorMessage(error).replace(/^Databend connection "[^"]*": /, '');
      return [new ErrorNode(message)];
    }
  }

  private async fetchFiles(stage: StageNode): Promise<void> {
    const session = await this.databend.session(stage.connection);
    const page = await this.databend.load().listStageFiles(session, stage.name, stage.files.length, FILES_PAGE);
    stage.files.push(...page.files);
    stage.more = page.more;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
