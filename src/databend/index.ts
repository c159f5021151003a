// Entry point of dist/databend.js: the driver-facing code, loaded by the UI on first use.

export { completionNames, listConnections, listStages, StageFiles, type ConnectionInfo, type StageFile, type StageInfo } from './catalog';
// This bundle has its own copy of @vscode/l10n: the UI hands it the loaded translations.
export { config as configureStrings } from '@vscode/l10n';
export { DatabendSession, loadDriver, RowCursor, type QueryColumn, type QueryOptions, type QueryResult } from './session';
