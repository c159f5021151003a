// The Databend explorer: saved login → "Connections" / "Stages" → stage → files.
// "Connections" are Databend CONNECTION objects (SHOW CONNECTIONS), not logins.
// Nodes load lazily when expanded; a failure becomes an error item on that node, never
// a notification. Without a native driver a login holds one item saying so.

import * as vscode from 'vscode';
import type { ConnectionInfo, StageFile, StageFiles, StageInfo } from '../../databend/index';
import { describeConnection as describeLogin } from '../../core/dsn';
import { DriverUnavailableError, errorMessage } from '../../core/errors';
import type { Login, LoginStore } from '../loginStore';
import type { DatabendService } from '../databendService';
import { Commands, TreeItems } from '../ids';

const FILES_PAGE = 100;

export type ExplorerNode = LoginNode | GroupNode | ConnectionNode | StageNode | FileNode | LoadMoreNode | ErrorNode;

/** A saved Databend login: the root of its objects. */
export class LoginNode {
  readonly kind = 'login';
  constructor(readonly login: Login) {}
}

export class GroupNode {
  readonly kind = 'group';
  constructor(
    readonly login: Login,
    readonly group: 'connections' | 'stages',
  ) {}
}

/** A Databend CONNECTION object. */
export class ConnectionNode {
  readonly kind = 'connection';
  constructor(
    readonly login: Login,
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
  /** The open LIST the next page comes from. */
  listing?: StageFiles;
  constructor(
    readonly login: Login,
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
  constructor(
    readonly message: string,
    /** The whole story, when `message` is its summary. */
    readonly detail?: string,
  ) {}
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
  /** Stages whose LIST is open (their files shown in part): closed on refresh. */
  private readonly listing = new Set<StageNode>();

  constructor(
    private readonly store: LoginStore,
    private readonly databend: DatabendService,
  ) {
    this.subscription = store.onDidChange(() => this.refresh());
  }

  refresh(node?: ExplorerNode): void {
    if (node instanceof StageNode) {
      this.closeListing(node);
      node.files = [];
      node.more = true;
    } else {
      // The whole tree (or a login, a group) is read again: its stages are new nodes.
      for (const stage of this.listing) this.closeListing(stage);
    }
    this.changed.fire(node && !(node instanceof LoginNode) ? node : undefined);
  }

  async loadMore(node: LoadMoreNode): Promise<void> {
    await this.fetchFiles(node.stage);
    this.changed.fire(node.stage);
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    const collapsed = vscode.TreeItemCollapsibleState.Collapsed;
    switch (node.kind) {
      case 'login': {
        const active = this.store.active()?.id === node.login.id;
        const item = new vscode.TreeItem(node.login.name, collapsed);
        item.description = describeLogin(node.login) + (active ? ' · active' : '');
        item.tooltip = `Databend login ${node.login.name}\n${describeLogin(node.login)}\n${node.login.tls ? 'TLS' : 'plain HTTP'}`;
        item.iconPath = new vscode.ThemeIcon(active ? 'database' : 'server');
        item.contextValue = TreeItems.login;
        return item;
      }
      case 'group': {
        const item = new vscode.TreeItem(node.group === 'connections' ? 'Connections' : 'Stages', collapsed);
        item.iconPath = new vscode.ThemeIcon(node.group === 'connections' ? 'plug' : 'folder-library');
        item.contextValue = TreeItems.group(node.group);
        return item;
      }
      case 'connection': {
        const item = new vscode.TreeItem(node.info.name, vscode.TreeItemCollapsibleState.None);
        item.description = node.info.storageType;
        item.tooltip = `Connection ${node.info.name}\nStorage: ${node.info.storageType}\n${node.info.storageParams}`;
        item.iconPath = new vscode.ThemeIcon('plug');
        item.contextValue = TreeItems.connection;
        return item;
      }
      case 'stage': {
        const item = new vscode.TreeItem(node.info.name, collapsed);
        item.description = node.info.url;
        item.tooltip = `Stage @${node.info.name}\n${node.info.url || '(internal)'}\nStorage: ${node.info.storageType || node.info.stageType}${node.info.comment ? `\n${node.info.comment}` : ''}`;
        item.iconPath = new vscode.ThemeIcon('folder');
        item.contextValue = TreeItems.stage;
        return item;
      }
      case 'file': {
        const item = new vscode.TreeItem(node.file.name, vscode.TreeItemCollapsibleState.None);
        item.description = humanSize(node.file.size);
        item.tooltip = `${node.file.name}\n${node.file.size.toLocaleString()} bytes\nModified ${node.file.lastModified}`;
        item.iconPath = vscode.ThemeIcon.File;
        item.resourceUri = vscode.Uri.parse(`databend-stage:/${node.stage.name}/${node.file.name}`);
        item.contextValue = TreeItems.stageFile;
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
        item.tooltip = node.detail ?? node.message;
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
        item.contextValue = TreeItems.error;
        return item;
      }
    }
  }

  async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    if (!node) {
      return this.store.list().map((login) => new LoginNode(login));
    }
    try {
      switch (node.kind) {
        case 'login':
          // Without the driver, one item instead of two groups failing alike.
          this.databend.load();
          return [new GroupNode(node.login, 'connections'), new GroupNode(node.login, 'stages')];
        case 'group': {
          const session = await this.databend.session(node.login);
          const { listConnections, listStages } = this.databend.load();
          return node.group === 'connections'
            ? (await listConnections(session)).map((info) => new ConnectionNode(node.login, info))
            : (await listStages(session)).map((info) => new StageNode(node.login, info));
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
      if (error instanceof DriverUnavailableError) return [new ErrorNode(error.summary, error.message)];
      const message = errorMessage(error).replace(/^Databend login "[^"]*": /, '');
      return [new ErrorNode(message)];
    }
  }

  /** The next page of a stage's files, from the LIST opened with the first page (each page is read once). */
  private async fetchFiles(stage: StageNode): Promise<void> {
    if (!stage.listing) {
      const session = await this.databend.session(stage.login);
      stage.listing = await this.databend.load().StageFiles.open(session, stage.name);
      this.listing.add(stage);
    }
    try {
      const page = await stage.listing.next(FILES_PAGE);
      stage.files.push(...page.files);
      stage.more = page.more;
    } catch (error) {
      // A listing that failed (its session closed, the query expired) starts over on the next try.
      this.closeListing(stage);
      stage.files = [];
      stage.more = true;
      throw error;
    }
    if (!stage.more) this.closeListing(stage);
  }

  private closeListing(stage: StageNode): void {
    stage.listing?.close();
    stage.listing = undefined;
    this.listing.delete(stage);
  }

  dispose(): void {
    for (const stage of this.listing) this.closeListing(stage);
    this.subscription.dispose();
    this.changed.dispose();
  }
}
