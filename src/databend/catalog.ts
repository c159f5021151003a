// What the explorer shows: connections, stages and stage files, read with SHOW and LIST.

import { DATABEND_IDENT } from '../core/identifiers';
import type { DatabendSession } from './session';

export interface ConnectionInfo {
  name: string;
  storageType: string;
  /** As Databend shows it: every value masked to its last three characters. */
  storageParams: string;
}

export interface StageInfo {
  name: string;
  url: string;
  storageType: string;
  stageType: string;
  comment: string;
}

export interface StageFile {
  name: string;
  size: number;
  lastModified: string;
}

const str = (value: unknown): string => (value === null || value === undefined ? '' : String(value));

export async function listConnections(session: DatabendSession): Promise<ConnectionInfo[]> {
  const rows = await session.rows('SHOW CONNECTIONS');
  return rows.map((r) => ({ name: str(r.name), storageType: str(r.storage_type), storageParams: str(r.storage_params) })).sort((a, b) => a.name.localeCompare(b.name));
}

export async function listStages(session: DatabendSession): Promise<StageInfo[]> {
  const rows = await session.rows('SHOW STAGES');
  return rows
    .map((r) => ({ name: str(r.name), url: str(r.url), storageType: str(r.storage_type), stageType: str(r.stage_type), comment: str(r.comment) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Files of a stage, `limit` at a time after the first `offset`. */
export async function listStageFiles(session: DatabendSession, stageName: string, offset: number, limit: number): Promise<{ files: StageFile[]; more: boolean }> {
  // Stage names cannot be quoted in Databend; anything its lexer would not read as one name is refused rather than spliced in.
  if (!DATABEND_IDENT.test(stageName)) {
    throw new Error(`"${stageName}" is not a stage name that can be listed.`);
  }
  const rows = await session.rows(`LIST @${stageName}`, offset + limit + 1);
  const files = rows.slice(offset, offset + limit).map((r) => ({ name: str(r.name), size: Number(r.size ?? 0), lastModified: str(r.last_modified) }));
  return { files, more: rows.length > offset + limit };
}
