// Values as Databend prints them, differentially: for every type of the engine, the cell
// the extension's query path makes from the real driver's value equals the engine's own
// `CAST(x AS STRING)` on the same row, or is marked approximate; the exact re-run then
// gives the engine's text. Both exports carry the cells, read back. No expected value is
// written here except the issue's three public examples (regressions).

import * as assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { Cell } from '../../src/core/cells';
import { fromCsvField, toCsv, toJson } from '../../src/core/exports';
import { explainDecodeFailure } from '../../src/core/diagnose';
import { baseType, REASONS } from '../../src/core/values';
import { DatabendSession, EXACT_NEEDS_QUERY, QueryColumn, QueryOptions } from '../../src/databend/session';
import { localDatabend } from './fixtures';

/** One expression per kind of value; the session runs in Asia/Shanghai (not UTC). */
const CORPUS = [
  // integers, at their extremes
  '(-128)::INT8', '127::INT8', '255::UINT8', '(-32768)::INT16', '65535::UINT16', '(-2147483648)::INT32', '4294967295::UINT32',
  '(-9223372036854775808)::INT64', '9223372036854775807::INT64', '9007199254740991::INT64', '9007199254740992::INT64', '(-9007199254740993)::INT64',
  '1234567890123456789::BIGINT', '0::UINT64', '18446744073709551615::UINT64',
  // decimals of both widths
  '1.5::DECIMAL(38, 10)', "CAST('-12345678901234567890123456789.123456789' AS DECIMAL(38, 9))",
  "CAST('12345678901234567890123456789012345678901234567890.123456' AS DECIMAL(76, 6))", "CAST('-0.000001' AS DECIMAL(76, 6))",
  // floats: NaN, infinities, extremes, shortest digits
  "'nan'::FLOAT64", "'inf'::FLOAT64", "'-inf'::FLOAT64", "'nan'::FLOAT32", "'inf'::FLOAT32", "'-inf'::FLOAT32",
  '0.1::FLOAT32', '123.456::FLOAT32', '3.4028235e38::FLOAT32', '1.17549435e-38::FLOAT32', '(-1.5)::FLOAT32',
  '0.1::FLOAT64', '0.30000000000000004::FLOAT64', '1e21::FLOAT64', '1e-7::FLOAT64', '1e300::FLOAT64', '5e-324::FLOAT64', '1.7976931348623157e308::FLOAT64', '(-2.5e-10)::FLOAT64',
  'true', 'false',
  "'plain'", "''", "'tab\\there'", "'quote '' and \\\\ backslash'", "'ünïcødé 数据'",
  "to_date('2024-03-05')", "to_date('1000-01-01')", "to_date('9999-12-31')",
  "to_timestamp('2024-03-05 12:34:56.123456')", "to_timestamp('2024-03-05 12:34:56')", "to_timestamp('1970-01-01 08:00:00.000001')",
  "to_interval('1 day 2 hours 3 microseconds')", "to_interval('-1 month')",
  "to_binary('abc')", "from_hex('ff00')",
  `parse_json('{"a":[1,2.5,"x",null,true],"b":{"c":1e300}}')`, "parse_json('1234567890123456789')", `parse_json('"text"')`, "parse_json('null')",
  '[1, 2, 3]', "['a', NULL, 'b''c']", "{'k': 1, 'j': 2}", "(1, 'a', NULL)", "[to_timestamp('2024-03-05 12:34:56.123456')]",
  '[1234567890123456789::BIGINT]', "map([1, 2], [[1.5::FLOAT64], []])", `[parse_json('{"a":1}')]`, "[to_binary('ab')]", '([1.5::DECIMAL(10, 2)], {1: (true, NULL)})',
  'build_bitmap([1, 4, 5])', "st_geometryfromwkt('POINT(1 2)')", "st_geometryfromwkt('LINESTRING(0 0, 1.5 2)')",
  'NULL', 'NULL::INT64', 'NULL::TIMESTAMP',
];

interface Run {
  columns: QueryColumn[];
  rows: Cell[][];
  /** "row,column" of the cells marked approximate. */
  approx: Set<string>;
}

describe('values as Databend prints them (the real driver against the engine)', function () {
  this.timeout(180_000);
  let session: DatabendSession;

  before(async function () {
    this.timeout(180_000);
    session = await DatabendSession.open((await localDatabend()).dsn);
    await session.run("SET timezone = 'Asia/Shanghai'");
  });

  after(async () => {
    await session?.close();
  });

  async function run(sql: string, options: QueryOptions = {}): Promise<Run> {
    const rows: Cell[][] = [];
    const approx = new Set<string>();
    const { columns } = await session.run(sql, {
      maxRows: 1000,
      ...options,
      onRows: (batch, marked) => {
        for (let i = 0; i < marked.length; i += 2) approx.add(`${rows.length + marked[i]},${marked[i + 1]}`);
        rows.push(...batch);
      },
    });
    for (const [c, column] of columns.entries()) {
      if (column.approx && column.approxEvery) rows.forEach((row, r) => row[c] !== null && approx.add(`${r},${c}`));
    }
    return { columns, rows, approx };
  }

  /**
   * The engine's own text of `expr`, or undefined when Databend cannot cast it (nested
   * values, bytes that are not UTF-8). A Variant prints as JSON (`"text"`, `null`), which
   * CAST would convert (to `text`, to NULL): its text is taken as an array's one element.
   */
  async function engineText(expr: string, type: string): Promise<Cell | undefined> {
    try {
      if (baseType(type) === 'Variant') return (await run(`SELECT CAST([${expr}]::VARIANT AS STRING)`)).rows[0][0]?.slice(1, -1);
      return (await run(`SELECT CAST(${expr} AS STRING)`)).rows[0][0];
    } catch (error) {
      if (/\[1006\]/.test(String(error))) return undefined;
      throw error;
    }
  }

  const shown: { expr: string; cell: Cell; exact: Cell }[] = [];

  for (const [path, options] of [
    ['bounded (queryAll)', {}],
    ['streamed (row by row)', { maxRows: undefined }],
  ] as const) {
    it(`every type of the corpus, ${path}: each cell is the engine's text or marked approximate`, async () => {
      const problems: string[] = [];
      for (const expr of CORPUS) {
        const first = await run(`SELECT ${expr} AS v`, options);
        const truth = await engineText(expr, first.columns[0].type);
        const cell = first.rows[0][0];
        const marked = first.approx.has('0,0');
        if (truth === undefined) {
          // No text of the engine to compare with: the cell must say so.
          if (!marked) problems.push(`${expr}: no engine text, yet shown as exact: ${JSON.stringify(cell)}`);
        } else if (!marked && cell !== truth) {
          problems.push(`${expr}: shows ${JSON.stringify(cell)} unmarked, Databend prints ${JSON.stringify(truth)} (${first.columns[0].type})`);
        }
        if (marked && !first.columns[0].approx) problems.push(`${expr}: marked without a reason`);
        // The exact re-run: the engine's text wherever it has one.
        const exact = await run(`SELECT ${expr} AS v`, { exactText: true });
        assert.equal(exact.columns[0].type, first.columns[0].type, `${expr}: the exact run keeps the column's type`);
        if (truth !== undefined && exact.rows[0][0] !== truth) problems.push(`${expr}: the exact run shows ${JSON.stringify(exact.rows[0][0])}, Databend prints ${JSON.stringify(truth)}`);
        if (truth !== undefined && exact.approx.has('0,0')) problems.push(`${expr}: the exact run still marks the engine's text approximate`);
        if (truth === undefined && !exact.approx.has('0,0')) problems.push(`${expr}: the exact run has no engine text, yet shows it unmarked`);
        if (path.startsWith('bounded')) shown.push({ expr, cell, exact: exact.rows[0][0] });
      }
      assert.deepEqual(problems, []);
    });
  }

  it('one row of all types: the exact re-run keeps repeated names and order, and CSV and JSON exports read back the same cells', async () => {
    const select = `SELECT ${CORPUS.map((e) => `${e} AS v`).join(', ')}`;
    const exact = await run(select, { exactText: true });
    assert.deepEqual(exact.columns.map((c) => c.name), CORPUS.map(() => 'v'));
    assert.deepEqual(exact.rows[0], shown.map((s) => s.exact));
    for (const result of [await run(select), exact]) {
      const { columns, rows } = result;
      const json = JSON.parse(toJson(columns, rows)) as { rows: Cell[][] };
      assert.deepEqual(json.rows, rows);
      const csv = parse(toCsv(columns, rows), { bom: true, cast: (value, context) => fromCsvField(value, context.quoting) as unknown as string }) as Cell[][];
      assert.deepEqual(csv.slice(1), rows);
    }
  });

  it('ordered results keep their order through the exact re-run', async () => {
    const sql = 'SELECT number::INT64 * 1000000000000 AS n, to_timestamp(number * 1000001) AS t FROM numbers(50) ORDER BY number DESC';
    const plain = await run(sql);
    const exact = await run(sql, { exactText: true });
    assert.equal(exact.rows.length, 50);
    assert.deepEqual(exact.rows.map((r) => r[0]), plain.rows.map((r) => r[0]));
  });

  it('a statement that is no query cannot be re-run for exact text, and says why', async () => {
    await assert.rejects(session.run('SHOW SETTINGS', { maxRows: 10, exactText: true }), (error: Error) => error.message === EXACT_NEEDS_QUERY);
  });

  it('explains the results databend-driver cannot decode, in the driver\'s own words (found by a trial)', async () => {
    for (const sql of ["SELECT 1 AS a, [to_interval('1 day')] AS v", 'SELECT 1 AS a, [build_bitmap([1,2])] AS v', "SELECT 1 AS a, [st_geometryfromwkt('POINT(1 2)')] AS v", 'SELECT 1 AS a, [] AS v', 'SELECT 1 AS a, {} AS v']) {
      const error = await session.run(sql, { maxRows: 10 }).then(
        () => undefined,
        (e: unknown) => String(e),
      );
      assert.ok(error, `${sql}: the driver decodes it now; drop it from this list`);
      assert.ok(explainDecodeFailure(error), `${sql}: "${error}" is not recognised as a decode failure`);
    }
    assert.equal(explainDecodeFailure('QueryFailed: [1025] Unknown table'), undefined);
  });

  describe('the issue’s public examples', () => {
    it('1234567890123456789::BIGINT is marked approximate, and the exact re-run shows 1234567890123456789', async () => {
      const first = await run('SELECT 1234567890123456789::BIGINT');
      assert.ok(first.approx.has('0,0'));
      assert.equal(first.columns[0].approx, REASONS.int64);
      const exact = await run('SELECT 1234567890123456789::BIGINT', { exactText: true });
      assert.equal(exact.rows[0][0], '1234567890123456789');
      assert.equal(exact.approx.size, 0);
    });

    it("to_timestamp('2024-03-05 12:34:56.123456') under Asia/Shanghai shows 2024-03-05 12:34:56.123456 exactly", async () => {
      const sql = "SELECT to_timestamp('2024-03-05 12:34:56.123456')";
      const first = await run(sql);
      assert.ok(first.approx.has('0,0'), 'the driver’s value is marked approximate');
      const exact = await run(sql, { exactText: true });
      assert.equal(exact.rows[0][0], '2024-03-05 12:34:56.123456');
      assert.equal(exact.approx.size, 0);
    });

    it('a DATE shows no time, and is exact without a re-run', async () => {
      const first = await run("SELECT to_date('2024-03-05')");
      assert.equal(first.rows[0][0], '2024-03-05');
      assert.equal(first.approx.size, 0);
    });
  });
});
