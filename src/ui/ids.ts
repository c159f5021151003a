// Command ids, view ids and context keys the package.json contributes: one place, so code
// and manifest cannot drift apart unnoticed (a test compares both). Settings: settings.ts.

export const EXTENSION_ID = 'databend-tools.databend-iam-role';

export const Commands = {
  setup: 'databendIam.setup',
  generateSql: 'databendIam.generateSql',
  createRole: 'databendIam.createRole',
  removeRole: 'databendIam.removeRole',
  exportCloudFormation: 'databendIam.exportCloudFormation',
  exportTerraform: 'databendIam.exportTerraform',
  showLogs: 'databendIam.showLogs',
  addLogin: 'databendIam.addLogin',
  editLogin: 'databendIam.editLogin',
  renameLogin: 'databendIam.renameLogin',
  removeLogin: 'databendIam.removeLogin',
  testLogin: 'databendIam.testLogin',
  selectLogin: 'databendIam.selectLogin',
  refreshExplorer: 'databendIam.refreshExplorer',
  loadMore: 'databendIam.loadMore',
  retry: 'databendIam.retry',
  describe: 'databendIam.describe',
  copyName: 'databendIam.copyName',
  newSqlEditorHere: 'databendIam.newSqlEditorHere',
  drop: 'databendIam.drop',
  runStatement: 'databendIam.runStatement',
  runAll: 'databendIam.runAll',
  cancelQuery: 'databendIam.cancelQuery',
  openEditableCopy: 'databendIam.openEditableCopy',
  showHistory: 'databendIam.showHistory',
  clearHistory: 'databendIam.clearHistory',
} as const;

/** URI scheme of the read-only documents the setup form generates (menus' `resourceScheme`). */
export const GENERATED_SCHEME = 'databend-generated';

export const VIEW_EXPLORER = 'databendIam.explorer';
/** Context key: true when at least one Databend login is saved (welcome view, menus). */
export const CONTEXT_HAS_LOGINS = 'databendIam.hasLogins';
/** Context key: true while a user's query runs (Cancel Running Query). */
export const CONTEXT_QUERY_RUNNING = 'databendIam.queryRunning';

/** Tree item context values (menus' `viewItem`). */
export const TreeItems = {
  login: 'databendIam.login',
  connection: 'databendIam.connection',
  stage: 'databendIam.stage',
  stageFile: 'databendIam.stageFile',
  error: 'databendIam.error',
  group: (group: string) => `databendIam.group.${group}`,
} as const;

export const LOG_CHANNEL_NAME = 'Databend IAM Role';
