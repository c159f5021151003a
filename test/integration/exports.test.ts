// A real result from the local engine, through the extension's query path, exported to CSV
// and JSON and read back: every cell, the repeated column names, NULL apart from ''.

import * as assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { DatabendSession, QueryColumn } from '../../src/databend/session';
import type { Cell } from '../../src/core/cells';
import { fromCsvField, toCsv, toJson } from '../../src/core/exports';
import { localDatabend } from './fixtures';

describe('exports of a real result', function () {
  this.timeout(120_000);
  let session: DatabendSession;

  before(async function () {
    this.timeout(180_000);
    session = await DatabendSession.open((await localDatabend()).dsn);
  });

  after(async () => {
    await session?.close();
  });

  async function result(sql: string): Promise<{ columns: QueryColumn[]; rows: Cell[][] }> {
    const rows: Cell[][] = [];
    const { columns } = await session.run(sql, { onRows: (batch) => rows.push(...batch) });
    return { columns, rows };
  }

  it('a join with repeated names, NULLs, empty text and formula-like text: CSV and JSON hold every cell', async () => {
    const { columns, rows } = await result(
      `SELECT c.id, c.name, c.note, o.id, o.customer_id, o.note
       FROM (SELECT 1 AS id, 'Ada' AS name, NULL::STRING AS note UNION ALL SELECT 2, '', '=1+1') c
       JOIN (SELECT 10 AS id, 1 AS customer_id, '' AS note UNION ALL SELECT 11, 2, NULL::STRING) o ON c.id = o.customer_id
       ORDER BY c.id`,
    );
    assert.deepEqual(columns.map((c) => c.name), ['id', 'name', 'note', 'id', 'customer_id', 'note']);
    assert.deepEqual(rows, [
      ['1', 'Ada', null, '10', '1', ''],
      ['2', '', '=1+1', '11', '2', null],
    ]);
    const json = JSON.parse(toJson(columns, rows)) as { columns: QueryColumn[]; rows: Cell[][] };
    assert.deepEqual(json, { columns, rows });
    const csv = parse(toCsv(columns, rows), { bom: true, cast: (value, context) => fromCsvField(value, context.quoting) as unknown as string }) as Cell[][];
    assert.deepEqual(csv, [columns.map((c) => c.name), ...rows]);
  });

  it('SELECT 1 AS a, 2 AS a exports both columns', async () => {
    const { columns, rows } = await result('SELECT 1 AS a, 2 AS a');
    assert.deepEqual(JSON.parse(toJson(columns, rows)).rows, [['1', '2']]);
    assert.deepEqual(JSON.parse(toJson(columns, rows)).columns.map((c: QueryColumn) => c.name), ['a', 'a']);
  });
});
