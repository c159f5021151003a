// What the explorer shows: connections, stages and stage files, read with SHOW and LIST.

import { DATABEND_IDENT } from '../core/identifiers';
import type { DatabendSession, RowCursor } from './session';
import * as l10n from '@vscode/l10n';

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

/**
 * The files of a stage, read page by page from one open LIST: each page is read once,
 * never again for the next one. Close it when the listing is dropped (refresh, new login).
 */
export class StageFiles {
  private constructor(private readonly cursor: RowCursor) {}

  /** @throws Error for a name Databend's lexer would not read as one stage name (never spliced into SQL). */
  static async open(session: DatabendSession, stageName: string): Promise<StageFiles> {
    // Stage names cannot be quoted in Databend; anything its lexer would not read as one name is refused rather than spliced in.
    if (!DATABEND_IDENT.test(stageName)) {
      throw new Error(l10n.t('"{0}" is not a stage name that can be listed.', stageName));
    }
    return new StageFiles(await session.cursor(`LIST @${stageName}`));
  }

  /** The next `limit` files, and whether more follow. */
  async next(limit: number): Promise<{ files: StageFile[]; more: boolean }> {
    const { rows, more } = await this.cursor.take(limit);
    return { files: rows.map((r) => ({ name: str(r.name), size: Number(r.size ?? 0), lastModified: str(r.last_modified) })), more };
  }

  close(): void {
    this.cursor.close();
  }
}

/**
 * Names for a SQL editor's completion, read in one go: stages, connections, databases and
 * the tables of the session's current database (at most `maxTables`; SHOW reads the
 * catalog, never the data). A part that fails (a privilege the user lacks) is left empty
 * and its error returned with the rest.
 */
export async function completionNames(session: DatabendSession, maxTables = 2000): Promise<{ stages: string[]; connections: string[]; databases: string[]; tables: string[]; errors: string[] }> {
  const errors: string[] = [];
  const names = async (sql: string, column: string, maxRows?: number): Promise<string[]> => {
    try {
      return (await session.rows(sql, maxRows)).map((r) => str(r[column] ?? Object.values(r)[0])).filter((n) => n !== '');
    } catch (error) {
      errors.push(`${sql}: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }
  };
  // One after another: the session runs one query at a time.
  const stages = await names('SHOW STAGES', 'name');
  const connections = await names('SHOW CONNECTIONS', 'name');
  const databases = await names('SHOW DATABASES', 'name');
  const tables = await names('SHOW TABLES', 'name', maxTables);
  return { stages, connections, databases, tables, errors };
}
