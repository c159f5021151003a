// The real databend-driver against the local Databend: the contract the extension relies on.

import * as assert from 'node:assert/strict';
import { Client, Connection } from 'databend-driver';
import fc from 'fast-check';
import { quoteString } from '../../src/core/sql';
import { localDatabend } from './fixtures';

async function connect(dsn?: string): Promise<Connection> {
  const db = await localDatabend();
  return new Client(dsn ?? db.dsn).getConn();
}

describe('local Databend with the real databend-driver', function () {
  let conn: Connection;

  before(async function () {
    this.timeout(180_000); // the first run creates the Python environment
    conn = await connect();
  });

  after(async () => {
    await conn?.close();
  });

  it('connects and reports the engine version', async () => {
    const db = await localDatabend();
    assert.match(db.version, /^\d+\.\d+\.\d+$/);
    assert.match(await conn.version(), new RegExp(`v${db.version.replaceAll('.', '\\.')}`));
  });

  it('streams 100,000 rows across pages in order', async () => {
    const iterator = await conn.queryIter('SELECT number FROM numbers(100000) ORDER BY number');
    let expected = 0;
    for (let row = await iterator.next(); row !== null; row = await iterator.next()) {
      if (row instanceof Error) throw row;
      assert.equal(Number(row.values()[0]), expected++);
    }
    assert.equal(expected, 100_000);
  });

  it('pages by max_rows_per_page from the DSN', async () => {
    const db = await localDatabend();
    const paged = await connect(`${db.dsn}&max_rows_per_page=7`);
    const rows = await paged.queryAll('SELECT number FROM numbers(50) ORDER BY number');
    assert.deepEqual(rows.map((r) => Number(r.values()[0])), Array.from({ length: 50 }, (_, i) => i));
    await paged.close();
  });

  it('returns affected rows from exec for DDL, INSERT, UPDATE and DELETE', async () => {
    assert.equal(await conn.exec('CREATE OR REPLACE TABLE contract_t (a INT, s STRING)'), 0);
    assert.equal(await conn.exec("INSERT INTO contract_t VALUES (1, 'a'), (2, 'b'), (3, 'c')"), 3);
    assert.equal(await conn.exec('UPDATE contract_t SET s = \'z\' WHERE a >= 2'), 2);
    assert.equal(await conn.exec('DELETE FROM contract_t WHERE a = 1'), 1);
    const rows = await conn.queryAll('SELECT a, s FROM contract_t ORDER BY a');
    assert.deepEqual(rows.map((r) => r.values()), [[2, 'z'], [3, 'z']]);
  });

  it('keeps the session: USE changes the database of the next query', async () => {
    const other = await connect();
    await other.exec('CREATE DATABASE IF NOT EXISTS contract_db2');
    await other.exec('USE contract_db2');
    assert.equal((await other.queryRow('SELECT current_database()'))?.values()[0], 'contract_db2');
    assert.equal((await conn.queryRow('SELECT current_database()'))?.values()[0], 'default', 'another connection keeps its own');
    await other.close();
  });

  it("surfaces SQL errors with the engine's code and message", async () => {
    await assert.rejects(conn.queryRow('SELECT * FROM no_such_table'), /QueryFailed: \[1025\]Unknown table .*no_such_table/);
    await assert.rejects(conn.exec('SELEC 1'), /QueryFailed: \[1005\]/);
  });

  it('kills a running query, and the connection goes on at once', async () => {
    // About 10 s of work for the engine: a query that ran to its end would give a row, not error 1043.
    const iterator = await conn.queryIter('SELECT count(*) FROM numbers(3000000000) WHERE number % 7 = 1');
    const id = conn.lastQueryId();
    assert.ok(id, 'the driver knows the query id');
    await conn.killQuery(id);
    const result = await iterator.next();
    assert.ok(result instanceof Error, `expected an error after the kill, got ${String(result)}`);
    assert.match(result.message, /\[1043\]/);
    assert.equal((await conn.queryRow('SELECT 42'))?.values()[0], 42);
  });

  it('fails on a wrong password, with the auth error', async () => {
    const db = await localDatabend();
    await assert.rejects(
      connect(db.dsn.replace(encodeURIComponent(db.password), 'wrong-password')).then((c) => c.version()),
      /AuthFailure: \[5100\]/,
    );
  });

  it('decodes every column type to the value the driver should give', async () => {
    const row = await conn.queryRow(
      "SELECT -3::Int8, 300::Int16, -70000::Int32, 99999999999::Int64, 255::UInt8, 18446744073709551615::UInt64, " +
        "1.5::Float32, 2.25::Float64, 12345678.90::Decimal(10, 2), 'text é', true, false, " +
        "to_date('2020-01-02'), to_timestamp('2020-01-02 03:04:05.123456'), parse_json('{\"a\":[1,\"s\",null,true]}'), " +
        "[1, 2], {'k': 1}, NULL, 1::Nullable(Int32), [NULL, 'a']",
    );
    assert.deepEqual(row?.values(), [
      -3,
      300,
      -70000,
      99999999999,
      255,
      18446744073709551615n,
      1.5,
      2.25,
      '12345678.90',
      'text é',
      true,
      false,
      new Date('2020-01-02T00:00:00Z'),
      new Date('2020-01-02T03:04:05.123Z'),
      '{"a":[1,"s",null,true]}',
      [1, 2],
      { k: 1 },
      null,
      1,
      [null, 'a'],
    ]);
  });

  it('reads back any string written by quoteString (a few hundred generated cases)', async () => {
    const strings = fc.sample(
      fc.oneof(
        fc.string({ unit: fc.constantFrom("'", '\\', '\n', '\r', '\t', '"', '`', '$', ';', '-', '/', '*', 'a', 'é', '😀', ' ') }),
        fc.string({ unit: 'grapheme' }),
        fc.string({ unit: 'binary' }).map((s) => s.replaceAll('\0', '')),
      ),
      { numRuns: 400, seed: 20261128 },
    );
    for (let i = 0; i < strings.length; i += 50) {
      const batch = strings.slice(i, i + 50);
      const row = await conn.queryRow(`SELECT ${batch.map(quoteString).join(', ')}`);
      assert.deepEqual(row?.values(), batch);
    }
  });
});
