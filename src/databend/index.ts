// Entry point of dist/databend.js: the driver-facing code, loaded by the UI on first use.

export { completionNames, listConnections, listStages, StageFiles, type ConnectionInfo, type StageFile, type StageInfo } from './catalog';
export { DatabendSession, loadDriver, RowCursor, type QueryColumn, type QueryOptions, type QueryResult } from './session';
