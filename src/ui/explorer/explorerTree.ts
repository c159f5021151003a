// The Databend explorer: saved login → "Connections" / "Stages" → stage → files.
// "Connections" are Databend CONNECTION objects (SHOW CONNECTIONS), not logins.
// Nodes load lazily when expanded, each on its own: one fetch in flight per node, answers
// superseded by Refresh dropped (src/core/childLoads.ts), "Loading…" while an answer takes
// long. A failure becomes an error item on that node (Retry, Edit Login), never a
// notification. Without a native driver a login holds one item saying so.

import * as vscode from 'vscode';
import type { ConnectionInfo, StageFile, StageFiles, StageInfo } from '../../databend/index';
import { describeConnection as describeLogin } from '../../core/dsn';
import { PagedLoad, SingleLoad, type PageSource } from '../../core/childLoads';
import { diagnoseStageError, type Diagnosis } from '../../core/diagnose';
import { DriverUnavailableError, errorMessage } from '../../core/errors';
import type { Login, LoginStore } from '../loginStore';
import { TREE_CHANNEL, type DatabendService } from '../databendService';
import { Commands, TreeItems } from '../ids';

const FILES_PAGE = 100;
/** How long a node's fetch may take before it shows "Loading…" instead (ms). */
const LOADING_AFTER_MS = 300;

export type ExplorerNode = LoginNode | GroupNode | ConnectionNode | StageNode | FileNode | LoadMoreNode | LoadingNode | ErrorNode;

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

/** "Load more…" under the first `seen` files of a stage: it asks for the page after those. */
export class LoadMoreNode {
  readonly kind = 'loadMore';
  constructor(
    readonly stage: StageNode,
    readonly seen: number,
  ) {}
}

/** Stands in for a node's children while they load, so Refresh of the rest of the tree never waits for them. */
export class LoadingNode {
  readonly kind = 'loading';
}

export class ErrorNode {
  readonly kind = 'error';
  constructor(
    /** The node whose children failed to load: Retry reads it again. */
    readonly parent: LoginNode | GroupNode | StageNode,
    readonly message: string,
    /** The whole story, when `message` is its summary. */
    readonly detail?: string,
  ) {}
  /** The login the failed query ran on: Edit Login opens it. */
  get login(): Login {
    return this.parent.login;
  }
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
  /** A group's children (SHOW CONNECTIONS / SHOW STAGES), by login id and group. */
  private readonly groups = new Map<string, SingleLoad<ExplorerNode[]>>();
  /** A stage's files, read page by page from one open LIST, by login id and stage name. */
  private readonly files = new Map<string, PagedLoad<StageFile>>();

  constructor(
    private readonly store: LoginStore,
    private readonly databend: DatabendService,
  ) {
    this.subscription = store.onDidChange(() => this.refresh());
  }

  /**
   * Reads a node again (the whole tree without one): what it showed and any fetch of it in
   * flight are dropped, and open listings under it are closed.
   */
  refresh(node?: ExplorerNode): void {
    if (node instanceof ErrorNode) return this.refresh(node.parent);
    const under = node && 'login' in node ? node.login.id : undefined;
    const prefix = node instanceof StageNode ? stageKey(node) : node instanceof GroupNode ? groupKey(node.login, node.group) : under !== undefined ? `${under}\n` : '';
    for (const [key, load] of this.groups) {
      if (key.startsWith(prefix)) {
        load.reset();
        this.groups.delete(key);
      }
    }
    // A group read again makes new stage nodes: their files are read again too.
    const filesPrefix = node instanceof GroupNode ? `${under}\n` : prefix;
    if (!(node instanceof GroupNode && node.group === 'connections')) {
      for (const [key, load] of this.files) {
        if (key.startsWith(filesPrefix)) {
          load.reset();
          this.files.delete(key);
        }
      }
    }
    this.changed.fire(node && !(node instanceof LoginNode) ? node : undefined);
  }

  /** The page after the files the item was shown under; a second click while it loads, or after, loads nothing more. */
  async loadMore(node: LoadMoreNode): Promise<void> {
    const files = this.files.get(stageKey(node.stage));
    if (!files) return;
    await files.next(node.seen);
    if (this.files.get(stageKey(node.stage)) === files) this.changed.fire(node.stage);
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    const collapsed = vscode.TreeItemCollapsibleState.Collapsed;
    switch (node.kind) {
      case 'login': {
        const active = this.store.active()?.id === node.login.id;
        const item = new vscode.TreeItem(node.login.name, collapsed);
        item.description = describeLogin(node.login) + (active ? ' · active' : '');
        item.tooltip = node.login.tls
          ? vscode.l10n.t('Databend login {0}\n{1}\nTLS', node.login.name, describeLogin(node.login))
          : vscode.l10n.t('Databend login {0}\n{1}\nplain HTTP', node.login.name, describeLogin(node.login));
        item.iconPath = new vscode.ThemeIcon(active ? 'database' : 'server');
        item.contextValue = TreeItems.login;
        return item;
      }
      case 'group': {
        const item = new vscode.TreeItem(node.group === 'connections' ? vscode.l10n.t('Connections') : vscode.l10n.t('Stages'), collapsed);
        item.iconPath = new vscode.ThemeIcon(node.group === 'connections' ? 'plug' : 'folder-library');
        item.contextValue = TreeItems.group(node.group);
        return item;
      }
      case 'connection': {
        const item = new vscode.TreeItem(node.info.name, vscode.TreeItemCollapsibleState.None);
        item.description = node.info.storageType;
        item.tooltip = vscode.l10n.t('Connection {0}\nStorage: {1}\n{2}', node.info.name, node.info.storageType, node.info.storageParams);
        item.iconPath = new vscode.ThemeIcon('plug');
        item.contextValue = TreeItems.connection;
        return item;
      }
      case 'stage': {
        const item = new vscode.TreeItem(node.info.name, collapsed);
        item.description = node.info.url;
        item.tooltip = vscode.l10n.t('Stage @{0}\n{1}\nStorage: {2}', node.info.name, node.info.url || vscode.l10n.t('(internal)'), node.info.storageType || node.info.stageType) + (node.info.comment ? `\n${node.info.comment}` : '');
        item.iconPath = new vscode.ThemeIcon('folder');
        item.contextValue = TreeItems.stage;
        return item;
      }
      case 'file': {
        const item = new vscode.TreeItem(node.file.name, vscode.TreeItemCollapsibleState.None);
        item.description = humanSize(node.file.size);
        item.tooltip = vscode.l10n.t('{0}\n{1} bytes\nModified {2}', node.file.name, node.file.size.toLocaleString(), node.file.lastModified);
        item.iconPath = vscode.ThemeIcon.File;
        item.resourceUri = vscode.Uri.parse(`databend-stage:/${node.stage.name}/${node.file.name}`);
        item.contextValue = TreeItems.stageFile;
        return item;
      }
      case 'loadMore': {
        const item = new vscode.TreeItem(vscode.l10n.t('Load more…'), vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.command = { command: Commands.loadMore, title: vscode.l10n.t('Load more'), arguments: [node] };
        return item;
      }
      case 'loading': {
        const item = new vscode.TreeItem(vscode.l10n.t('Loading…'), vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('loading~spin');
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
    switch (node.kind) {
      case 'login':
        try {
          // Without the driver, one item instead of two groups failing alike.
          this.databend.load();
        } catch (error) {
          return [errorNode(node, error)];
        }
        return [new GroupNode(node.login, 'connections'), new GroupNode(node.login, 'stages')];
      case 'group':
        return this.groupChildren(node);
      case 'stage':
        return this.stageChildren(node);
      default:
        return [];
    }
  }

  private async groupChildren(node: GroupNode): Promise<ExplorerNode[]> {
    const key = groupKey(node.login, node.group);
    let load = this.groups.get(key);
    if (!load) {
      load = new SingleLoad(async () => {
        const session = await this.databend.session(node.login);
        const { listConnections, listStages } = this.databend.load();
        return node.group === 'connections'
          ? (await listConnections(session)).map((info) => new ConnectionNode(node.login, info))
          : (await listStages(session)).map((info) => new StageNode(node.login, info));
      });
      this.groups.set(key, load);
    }
    if (!(await this.shownSoon(node, load.load()))) return [new LoadingNode()];
    // Refreshed meanwhile: the answer above was dropped; join the new fetch.
    if (this.groups.get(key) !== load) return this.groupChildren(node);
    const state = load.state;
    if (state.kind === 'failed') return [errorNode(node, state.error)];
    return state.kind === 'loaded' ? state.value : this.groupChildren(node);
  }

  private async stageChildren(node: StageNode): Promise<ExplorerNode[]> {
    const key = stageKey(node);
    let files = this.files.get(key);
    if (!files) {
      files = new PagedLoad(async () => {
        // Its own session: a LIST that hangs or fails slowly never holds up another node's query.
        const session = await this.databend.session(node.login, stageChannel(node.name));
        return pagesOf(await this.databend.load().StageFiles.open(session, node.name));
      }, FILES_PAGE);
      this.files.set(key, files);
    }
    if (!(await this.shownSoon(node, files.first()))) return [new LoadingNode()];
    if (this.files.get(key) !== files || files.loading) return this.stageChildren(node);
    if (files.error) return [errorNode(node, files.error.error, diagnoseStageError)];
    const shown: ExplorerNode[] = files.items.map((file) => new FileNode(node, file));
    return files.more ? [...shown, new LoadMoreNode(node, files.items.length)] : shown;
  }

  /**
   * Whether `work` settled within a moment. If not, the node shows "Loading…" and is
   * redrawn when its answer comes: VS Code's Refresh waits for every expanded node's
   * children, so one slow node must not hold up the others.
   */
  private async shownSoon(node: ExplorerNode, work: Promise<void>): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const soon = await Promise.race([work.then(() => true), new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), LOADING_AFTER_MS)))]);
    clearTimeout(timer);
    if (!soon) void work.then(() => this.changed.fire(node));
    return soon;
  }

  dispose(): void {
    for (const load of this.files.values()) load.reset();
    this.files.clear();
    this.groups.clear();
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function groupKey(login: Login, group: string): string {
  return `${login.id}\ngroup\n${group}\n`;
}

function stageKey(node: StageNode): string {
  return `${node.login.id}\nstage\n${node.name}\n`;
}

/** The session channel a stage's LIST runs on (one per stage name, per login). */
function stageChannel(stageName: string): string {
  return `${TREE_CHANNEL}:stage:${stageName}`;
}

function pagesOf(listing: StageFiles): PageSource<StageFile> {
  return {
    next: async (limit) => {
      const page = await listing.next(limit);
      return { items: page.files, more: page.more };
    },
    close: () => listing.close(),
  };
}

/**
 * What a failed node shows: the driver-missing summary, or the error in the user's terms
 * (for a stage, the same diagnosis Run and Verify gives), with the raw message in the tooltip.
 */
function errorNode(parent: ErrorNode['parent'], error: unknown, diagnose?: (message: string) => Diagnosis): ErrorNode {
  if (error instanceof DriverUnavailableError) return new ErrorNode(parent, error.summary, error.message);
  const message = errorMessage(error).replace(/^Databend login "[^"]*": /, '');
  const diagnosis = diagnose?.(message);
  if (!diagnosis || diagnosis.cause === 'unknown') return new ErrorNode(parent, message);
  return new ErrorNode(parent, diagnosis.text, vscode.l10n.t('{0}\n\nDatabend reported: {1}', diagnosis.text, message));
}
