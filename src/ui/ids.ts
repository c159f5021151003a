// Command ids, settings and names the package.json contributes: one place, so code and
// manifest cannot drift apart unnoticed (a test compares both).

export const EXTENSION_ID = 'databend-tools.databend-iam-role';

export const Commands = {
  setup: 'databendIam.setup',
  generateSql: 'databendIam.generateSql',
  provision: 'databendIam.provision',
  teardown: 'databendIam.teardown',
  showLogs: 'databendIam.showLogs',
  addConnection: 'databendIam.addConnection',
  editConnection: 'databendIam.editConnection',
  removeConnection: 'databendIam.removeConnection',
  testConnection: 'databendIam.testConnection',
  selectConnection: 'databendIam.selectConnection',
  refreshExplorer: 'databendIam.refreshExplorer',
  loadMore: 'databendIam.loadMore',
  describe: 'databendIam.describe',
  copyName: 'databendIam.copyName',
  newSqlEditorHere: 'databendIam.newSqlEditorHere',
  drop: 'databendIam.drop',
  runStatement: 'databendIam.runStatement',
  runAll: 'databendIam.runAll',
  cancelQuery: 'databendIam.cancelQuery',
} as const;

export const Settings = {
  awsEndpointUrl: 'databendIam.aws.endpointUrl',
  codeLensEnabled: 'databendIam.codeLens.enabled',
  resultsMaxRows: 'databendIam.results.maxRows',
} as const;

export const VIEW_EXPLORER = 'databendIam.explorer';
/** Context key: true when at least one connection is saved (welcome view, menus). */
export const CONTEXT_HAS_CONNECTIONS = 'databendIam.hasConnections';

export const LOG_CHANNEL_NAME = 'Databend IAM Role';
