// One open connection to Databend through databend-driver: runs statements with a row
// cap (a bounded query in one driver call, anything else row by row), reports affected
// rows, learns each query's id as soon as Databend names it, kills queries. The driver is
// loaded on first use.

import type { Connection, Row, RowIterator, RowIteratorExt, RowOrStats } from 'databend-driver';
import { Cell } from '../core/cells';
import { BoundedQuery, boundedQuery } from '../core/resultLimit';
import { isDml } from '../core/statements';
import { castsForExactText, exactTextQuery, readerFor, UNTYPED, ValueReader } from '../core/values';
import * as l10n from '@vscode/l10n';

export interface QueryColumn {
  name: string;
  type: string;
  /** Why cells of this column may differ from Databend's own text (see src/core/values.ts); absent when all are exact. */
  approx?: string;
  /** With `approx`: every non-NULL cell is approximate, not only those onRows lists. */
  approxEvery?: boolean;
}

/** Said when the exact re-run is asked for a statement it cannot wrap. */
export const EXACT_NEEDS_QUERY =
  'Exact text needs a query (SELECT, WITH, VALUES or FROM) with a row cap: Databend cannot read SHOW, DESC, EXPLAIN or other statements as a subquery. Write the query with CAST(<column> AS STRING) yourself for those.';

export interface QueryOptions {
  /** Stop fetching after this many rows (the rest is not read). */
  maxRows?: number;
  /** Rows per onRows call while streaming (a bounded query hands on its first 200, then the rest at once). */
  batchSize?: number;
  /** Databend named the statement's query (its first response): the id Cancel kills. */
  onQueryId?: (queryId: string) => void;
  /** The statement's query went out to Databend (it is not named until Databend answers). */
  onSent?: () => void;
  onColumns?: (columns: QueryColumn[], queryId: string) => void;
  /**
   * A batch of rows, and the approximate cells among them that columns with `approx` but
   * not `approxEvery` have, as flat pairs `[row, column, row, column, …]` (row in the batch).
   */
  onRows?: (rows: Cell[][], approx: number[]) => void;
  /**
   * Re-run for Databend's exact text: the columns whose driver values are approximate are
   * cast to text on the server (src/core/values.ts exactTextQuery). Only for statements
   * that can be bounded (a query); others fail with EXACT_NEEDS_QUERY.
   */
  exactText?: boolean;
  /**
   * Aborting kills the query on the server, at once if Databend has named it, else the
   * moment it does (its first response); the run then ends as cancelled without waiting
   * for the driver to let go.
   */
  signal?: AbortSignal;
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

/** How often a starting query's id is looked for (the driver sets it when Databend first answers). */
const NAME_POLL_MS = 5;
const SYNTAX_ERROR = /\[1005\]/;
/** A bounded result's first rows, handed on before the rest: more than a screenful. */
const FIRST_BATCH = 200;

/** Thrown inside run() when the run was aborted: it ends the run as cancelled. */
class Aborted extends Error {}

/** A query of a run: its driver call, and `done` once it no longer runs on the server. */
interface Started<T> {
  work: Promise<T>;
  done: () => void;
}

/** Starts one of a run's queries: `main`, the statement (its id is the run's), or a helper (the columns probe); `onNamed` once Databend named it. */
type Start = <T>(call: () => Promise<T>, main: boolean, onNamed?: () => void) => Started<T>;

function columnsOf(iterator: RowIterator | RowIteratorExt): QueryColumn[] {
  return iterator
    .schema()
    .fields()
    .map((f) => ({ name: f.name, type: f.dataType }));
}

/** The column as the view gets it: with the reason its cells may be approximate, if any. */
function described(column: QueryColumn, reader: ValueReader): QueryColumn {
  return reader.approx === undefined ? { name: column.name, type: column.type } : { name: column.name, type: column.type, approx: reader.approx, approxEvery: reader.every };
}

/**
 * Cells of rows of driver values, each read as its column's reader says (in place), and
 * the approximate cells of columns marked cell by cell (flat pairs [row, column, …]).
 */
function cellsOf(rows: unknown[][], readers: readonly ValueReader[]): { batch: Cell[][]; approx: number[] } {
  const batch = rows as Cell[][];
  const approx: number[] = [];
  const checked = readers.map((r) => r.approx !== undefined && !r.every);
  const anyChecked = checked.some(Boolean);
  for (let r = 0; r < rows.length; r++) {
    const values = rows[r];
    for (let i = 0; i < values.length; i++) {
      const reader = readers[i] ?? UNTYPED;
      const value = values[i];
      if (anyChecked && (checked[i] ?? true) && reader.lossy(value)) approx.push(r, i);
      values[i] = reader.read(value);
    }
  }
  return { batch, approx };
}

/** The driver's values of rows `from`..`to`. */
function valuesOf(rows: readonly Row[], from: number, to: number): unknown[][] {
  const values = new Array<unknown[]>(to - from);
  for (let r = from; r < to; r++) values[r - from] = rows[r].values() as unknown[];
  return values;
}

/** `work`, unless the run is aborted first; then `cleanup` gets what `work` yields later. */
async function untilAborted<T>(work: Promise<T>, aborted: Promise<never>, cleanup?: (value: T) => void): Promise<T> {
  try {
    return await Promise.race([work, aborted]);
  } catch (error) {
    if (error instanceof Aborted) {
      work.then(
        (value) => cleanup?.(value),
        () => undefined,
      );
    }
    throw error;
  }
}

export class DatabendSession {
  /** Queries start one at a time until Databend has named the previous one (see `named`). */
  private turn: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(private readonly conn: Connection) {}

  static async open(dsn: string): Promise<DatabendSession> {
    const { Client } = loadDriver();
    return new DatabendSession(await new Client(dsn).getConn());
  }

  async version(): Promise<string> {
    return this.named(() => this.conn.version());
  }

  /** All rows of a small query (SHOW, DESC): for the tree. */
  async rows(sql: string, maxRows = 10_000): Promise<Record<string, unknown>[]> {
    const iterator = await this.named(() => this.conn.queryIter(sql));
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

  /** A query read a few rows at a time, kept open between reads (a stage's files, page by page). */
  async cursor(sql: string): Promise<RowCursor> {
    return new RowCursor(await this.named(() => this.conn.queryIter(sql)));
  }

  /** The session's current database (USE changes it). */
  async database(): Promise<string> {
    return (await this.conn.info()).database ?? '';
  }

  async run(sql: string, options: QueryOptions = {}): Promise<QueryResult> {
    const started = Date.now();
    const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
    const state: RunState = { queryId: '', columns: [], rowCount: 0, truncated: false, affectedRows: 0 };
    const signal = options.signal;
    if (signal?.aborted) return { ...state, elapsedMs: 0, cancelled: true };
    // The queries of this run that Databend has named and that still run: an abort kills them.
    const live = new Set<string>();
    const kills: Promise<void>[] = [];
    const kill = (id: string) => kills.push(this.kill(id).catch(() => undefined));
    // Each started query's "named by Databend, or failed before that".
    const naming: Promise<void>[] = [];
    const start: Start = (call, main, onNamed) => {
      let named!: () => void;
      naming.push(new Promise<void>((resolve) => (named = resolve)));
      let id = '';
      // Nothing new goes out once the run is aborted.
      const work = this.named(
        () => {
          if (signal?.aborted) return Promise.reject(new Aborted());
          const sent = call();
          if (main) options.onSent?.();
          return sent;
        },
        (queryId) => {
          id = queryId;
          live.add(id);
          if (main) {
            state.queryId = id;
            options.onQueryId?.(id);
          }
          if (signal?.aborted) kill(id);
          named();
          onNamed?.();
        },
      );
      work.then(named, named);
      return { work, done: () => live.delete(id) };
    };
    let abortListener: (() => void) | undefined;
    const aborted = new Promise<never>((_resolve, reject) => {
      abortListener = () => {
        live.forEach(kill);
        reject(new Aborted());
      };
      if (signal?.aborted) abortListener();
      else signal?.addEventListener('abort', abortListener, { once: true });
    });
    aborted.catch(() => undefined);
    const result = (cancelled: boolean): QueryResult => ({ ...state, elapsedMs: Date.now() - started, cancelled });
    try {
      const bounded = isDml(sql) || !Number.isFinite(maxRows) ? undefined : boundedQuery(sql, maxRows + 1);
      if (options.exactText) {
        if (!bounded) throw new Error(EXACT_NEEDS_QUERY);
        await this.runExactText(bounded, maxRows, state, options, start, aborted);
        return result(false);
      }
      if (bounded) {
        try {
          await this.runBounded(bounded, maxRows, state, options, start, aborted);
          return result(false);
        } catch (error) {
          // Databend refused our LIMIT (a syntax we did not foresee): the statement runs as written.
          if (error instanceof Aborted || !SYNTAX_ERROR.test(String(error)) || state.rowCount > 0) throw error;
        }
      }
      await this.runStreamed(sql, maxRows, state, options, start, aborted);
      return result(false);
    } catch (error) {
      if (error instanceof Aborted) {
        // Cancelled: once the query is named and its kill answered the run is over, whatever
        // the driver still waits for.
        await Promise.all(naming);
        await Promise.all(kills);
        return result(true);
      }
      throw error;
    } finally {
      if (abortListener) signal?.removeEventListener('abort', abortListener);
    }
  }

  /**
   * A bounded query: every row in one driver call (the driver's per-row next() costs ~55 µs
   * a row; queryAll is its fastest delivery, but tells no column types), and once Databend
   * has named it, the LIMIT 0 probe for the columns and their types (planned, pruned before
   * it runs), overlapping the statement's last page. The rows are read once the types are
   * known (they decide each cell's text, src/core/values.ts), so columns come before rows.
   */
  private async runBounded(bounded: BoundedQuery, maxRows: number, state: RunState, options: QueryOptions, start: Start, aborted: Promise<never>): Promise<void> {
    let probe: Started<RowIterator> | undefined;
    const probeColumns = () => {
      probe = start(() => this.conn.queryIter(bounded.columnsProbe), false);
      probe.work.catch(() => undefined);
    };
    const fetch = start(() => this.conn.queryAll(bounded.query), true, probeColumns);
    const rows: Row[] = await untilAborted(fetch.work, aborted);
    fetch.done();
    if (!probe) probeColumns();
    // The first rows' values (a call into native code each) are taken while the probe is out.
    const first = valuesOf(rows, 0, Math.min(rows.length, maxRows, FIRST_BATCH));
    let readers: ValueReader[];
    try {
      const schema = await untilAborted(probe!.work, aborted, (it) => it.close());
      const columns = columnsOf(schema);
      schema.close();
      readers = columns.map((c) => readerFor(c.type));
      state.columns = columns.map((c, i) => described(c, readers[i]));
    } catch (error) {
      if (error instanceof Aborted) throw error;
      // Without the probe the columns have names (from the first row) but no types: cells that may be lossy are marked.
      const width = rows[0]?.values().length ?? 0;
      const names = rows[0] ? Object.keys(rows[0].data()) : [];
      readers = Array.from({ length: width }, () => UNTYPED);
      state.columns = Array.from({ length: width }, (_v, i) => described({ name: names.length === width ? names[i] : `column ${i + 1}`, type: '' }, UNTYPED));
    } finally {
      probe!.done();
    }
    options.onColumns?.(state.columns, state.queryId);
    await this.handOn(rows, first, maxRows, readers, state, options, aborted);
  }

  /**
   * The exact re-run: the columns probe first (their types decide which to cast), then the
   * bounded query wrapped so Databend casts the approximate ones to text, in one driver call.
   * The columns keep their own types; the cast ones are exact.
   */
  private async runExactText(bounded: BoundedQuery, maxRows: number, state: RunState, options: QueryOptions, start: Start, aborted: Promise<never>): Promise<void> {
    const probe = start(() => this.conn.queryIter(bounded.columnsProbe), true);
    const schema = await untilAborted(probe.work, aborted, (it) => it.close());
    const columns = columnsOf(schema);
    schema.close();
    probe.done();
    const readers = columns.map((c) => readerFor(castsForExactText(c.type) ? 'String' : c.type));
    state.columns = columns.map((c, i) => described(c, readers[i]));
    const fetch = start(() => this.conn.queryAll(exactTextQuery(bounded.query, columns)), true);
    const rows: Row[] = await untilAborted(fetch.work, aborted);
    fetch.done();
    options.onColumns?.(state.columns, state.queryId);
    await this.handOn(rows, [], maxRows, readers, state, options, aborted);
  }

  /**
   * Fetched rows to onRows: the first ones (a screenful) at once, and the process gets a
   * turn to send them while the rest is converted; the rest follows in one piece (each
   * message to the results page costs a hop, so fewer are faster).
   */
  private async handOn(rows: Row[], first: unknown[][], maxRows: number, readers: ValueReader[], state: RunState, options: QueryOptions, aborted: Promise<never>): Promise<void> {
    const count = Math.min(rows.length, maxRows);
    state.truncated = rows.length > maxRows;
    for (const [from, to] of [
      [0, Math.min(count, FIRST_BATCH)],
      [Math.min(count, FIRST_BATCH), count],
    ]) {
      if (to <= from) continue;
      const values = from === 0 && first.length === to ? first : valuesOf(rows, from, to);
      const { batch, approx } = cellsOf(values, readers);
      state.rowCount = to;
      options.onRows?.(batch, approx);
      if (to < count) await Promise.race([new Promise((resolve) => setTimeout(resolve, 0)), aborted]);
    }
  }

  /** Anything else: the driver's iterator, row by row, up to the cap. */
  private async runStreamed(sql: string, maxRows: number, state: RunState, options: QueryOptions, start: Start, aborted: Promise<never>): Promise<void> {
    const batchSize = options.batchSize ?? 500;
    // Only DML needs the server's stats (affected rows); plain rows are cheaper to read.
    const dml = isDml(sql);
    const query = start<RowIterator | RowIteratorExt>(() => (dml ? this.conn.queryIterExt(sql) : this.conn.queryIter(sql)), true);
    const iterator = await untilAborted(query.work, aborted, (it) => it.close());
    const columns = columnsOf(iterator);
    const readers = columns.map((c) => readerFor(c.type));
    state.columns = columns.map((c, i) => described(c, readers[i]));
    options.onColumns?.(state.columns, state.queryId);
    let batch: Cell[][] = [];
    let approx: number[] = [];
    const flush = () => {
      if (batch.length > 0) {
        options.onRows?.(batch, approx);
        batch = [];
        approx = [];
      }
    };
    let pending: Promise<unknown> = Promise.resolve();
    try {
      // The hot loop: each getter of a driver object, a call into native code, is read once;
      // each next() races the abort, so Cancel does not wait for a slow page.
      for (;;) {
        const next = iterator.next();
        pending = next;
        const item = await Promise.race([next, aborted]);
        if (item === null) break;
        if (item instanceof Error) throw item;
        let row: Row | null = item as Row;
        if (dml) {
          row = (item as RowOrStats).row;
          if (!row) {
            const stats = (item as RowOrStats).stats;
            if (stats) state.affectedRows = Number(stats.writeRows);
            continue;
          }
        }
        if (state.rowCount >= maxRows) {
          state.truncated = true;
          break;
        }
        const values = row.values() as unknown[];
        for (let i = 0; i < values.length; i++) {
          const reader = readers[i] ?? UNTYPED;
          if (reader.approx !== undefined && !reader.every && reader.lossy(values[i])) approx.push(batch.length, i);
          values[i] = reader.read(values[i]);
        }
        batch.push(values as Cell[]);
        state.rowCount += 1;
        if (batch.length >= batchSize) flush();
      }
      flush();
    } finally {
      query.done();
      // Closing while a next() is still out would race it: close once it settled.
      void pending.then(
        () => iterator.close(),
        () => iterator.close(),
      );
    }
  }

  /**
   * Starts a driver call and reports the id Databend gives its query. Calls start one at a
   * time, each only once the previous one is named (its first response) or settled, so the
   * connection's lastQueryId() that changes in between is this call's and no other's: a
   * concurrent tree query can never lend its id to a run.
   */
  private async named<T>(call: () => Promise<T>, onQueryId?: (id: string) => void): Promise<T> {
    const previous = this.turn;
    let release!: () => void;
    this.turn = new Promise<void>((resolve) => (release = resolve));
    await previous;
    if (this.closed) {
      release();
      throw new Error(l10n.t('This Databend session was closed (its login changed or was removed).'));
    }
    const before = this.conn.lastQueryId();
    let done = false;
    const look = () => {
      if (done) return;
      const id = this.conn.lastQueryId();
      if (id && id !== before) {
        done = true;
        clearInterval(timer);
        release();
        onQueryId?.(id);
      }
    };
    const timer = setInterval(look, NAME_POLL_MS);
    try {
      return await call();
    } finally {
      look();
      if (!done) {
        done = true;
        clearInterval(timer);
        release();
      }
    }
  }

  async kill(queryId: string): Promise<void> {
    if (queryId) await this.conn.killQuery(queryId);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.conn.close();
  }
}

interface RunState {
  queryId: string;
  columns: QueryColumn[];
  rowCount: number;
  truncated: boolean;
  affectedRows: number;
}

/** An open query read `count` rows at a time; one row is read ahead to know whether more follow. */
export class RowCursor {
  private ahead: Row | null | undefined;
  private closed = false;

  constructor(private readonly iterator: RowIterator) {}

  /** Up to `count` rows, and whether more follow. Closes itself after the last row. */
  async take(count: number): Promise<{ rows: Record<string, unknown>[]; more: boolean }> {
    if (this.closed) return { rows: [], more: false };
    const rows: Record<string, unknown>[] = [];
    try {
      let row = this.ahead !== undefined ? this.ahead : await nextOf(this.iterator);
      while (row !== null && rows.length < count) {
        rows.push(row.data());
        row = await nextOf(this.iterator);
      }
      this.ahead = row;
    } catch (error) {
      this.close();
      throw error;
    }
    if (this.ahead === null) this.close();
    return { rows, more: this.ahead !== null };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.iterator.close();
  }
}
