// One open connection to Databend through databend-driver: streams rows in batches up to
// a cap, reports affected rows, kills queries. The driver is loaded on first use.

import type { Connection, Row, RowIterator, RowIteratorExt, RowOrStats } from 'databend-driver';
import { Cell, toCell } from '../core/cells';
import { isDml } from '../core/statements';

export interface QueryColumn {
  name: string;
  type: string;
}

export interface QueryOptions {
  /** Stop fetching after this many rows (the rest is not read). */
  maxRows?: number;
  batchSize?: number;
  onColumns?: (columns: QueryColumn[], queryId: string) => void;
  onRows?: (rows: Cell[][]) => void;
  /** Checked between batches: a cancelled query is killed on the server. */
  isCancelled?: () => boolean;
}

export interface QueryResult {
  queryId: string;
  columns: QueryColumn[];
  rowCount: number;
  /** More rows existed than maxRows. */
  truncated: boolean;
  affectedRows: number;
  elapsedMs: number;
  cancelled: boolean;
}

type Driver = typeof import('databend-driver');
let driver: Driver | undefined;

/**
 * The native driver, loaded once; its Rust logging (retries) would go to stdout otherwise.
 * @throws the loader's error when this platform's native package is missing or unusable.
 */
export function loadDriver(): Driver {
  if (!driver) {
    process.env.RUST_LOG ??= 'error';
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a native module, loaded on first use on purpose
    driver = require('databend-driver') as Driver;
  }
  return driver;
}

/** The driver's iterators resolve with an Error instead of rejecting: make it a throw. */
async function nextOf<T>(iterator: { next(): Promise<Error | T | null> }): Promise<T | null> {
  const item = await iterator.next();
  if (item instanceof Error) throw item;
  return item;
}

export class DatabendSession {
  private constructor(private readonly conn: Connection) {}

  static async open(dsn: string): Promise<DatabendSession> {
    const { Client } = loadDriver();
    return new DatabendSession(await new Client(dsn).getConn());
  }

  async version(): Promise<string> {
    return this.conn.version();
  }

  /** All rows of a small query (SHOW, DESC, LIST): for the tree. */
  async rows(sql: string, maxRows = 10_000): Promise<Record<string, unknown>[]> {
    const iterator: RowIterator = await this.conn.queryIter(sql);
    const out: Record<string, unknown>[] = [];
    try {
      for (let row = await nextOf(iterator); row !== null && out.length < maxRows; row = await nextOf(iterator)) {
        out.push(row.data());
      }
    } finally {
      iterator.close();
    }
    return out;
  }

  async run(sql: string, options: QueryOptions = {}): Promise<QueryResult> {
    const started = Date.now();
    const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
    const batchSize = options.batchSize ?? 500;
    // Only DML needs the server's stats (affected rows); plain rows are cheaper to read.
    const dml = isDml(sql);
    const iterator: RowIterator | RowIteratorExt = dml ? await this.conn.queryIterExt(sql) : await this.conn.queryIter(sql);
    const queryId = this.conn.lastQueryId() ?? '';
    const columns = iterator.schema().fields().map((f) => ({ name: f.name, type: f.dataType }));
    options.onColumns?.(columns, queryId);
    // Cancelled before the server had named the query: kill it now that it has a name.
    if (options.isCancelled?.()) {
      await this.kill(queryId);
      iterator.close();
      return { queryId, columns, rowCount: 0, truncated: false, affectedRows: 0, elapsedMs: Date.now() - started, cancelled: true };
    }
    let batch: Cell[][] = [];
    let rowCount = 0;
    let affectedRows = 0;
    let truncated = false;
    let cancelled = false;
    const flush = () => {
      if (batch.length > 0) {
        options.onRows?.(batch);
        batch = [];
      }
    };
    try {
      // The hot loop: the Error check is inline (no extra promise per row), and each getter
      // of a driver object, a call into native code, is read once.
      for (let item = await iterator.next(); item !== null; item = await iterator.next()) {
        if (item instanceof Error) throw item;
        let row: Row | null = item as Row;
        if (dml) {
          row = (item as RowOrStats).row;
          if (!row) {
            const stats = (item as RowOrStats).stats;
            if (stats) affectedRows = Number(stats.writeRows);
            continue;
          }
        }
        if (rowCount >= maxRows) {
          truncated = true;
          break;
        }
        const values = row.values() as unknown[];
        for (let i = 0; i < values.length; i++) values[i] = toCell(values[i]);
        batch.push(values as Cell[]);
        rowCount += 1;
        if (batch.length >= batchSize) {
          flush();
          if (options.isCancelled?.()) {
            cancelled = true;
            await this.kill(queryId);
            break;
          }
        }
      }
      flush();
    } finally {
      iterator.close();
    }
    return { queryId, columns, rowCount, truncated, affectedRows, elapsedMs: Date.now() - started, cancelled };
  }

  async kill(queryId: string): Promise<void> {
    if (queryId) await this.conn.killQuery(queryId);
  }

  async close(): Promise<void> {
    await this.conn.close();
  }
}
