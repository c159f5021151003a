// src/databend against the local Databend: the query path the editor and the tree use.

import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { listConnections, listStages, StageFiles } from '../../src/databend/catalog';
import { DatabendSession } from '../../src/databend/session';
import { quoteString } from '../../src/core/sql';
import { MOTO_CREDENTIALS } from '../support/moto';
import { localDatabend, localMoto } from './fixtures';

/** A query that runs 30 s on the local engine, sleeping (no CPU), and returns one row. */
const SLOW = `SELECT count(*) AS n FROM (${Array.from({ length: 10 }, () => 'SELECT sleep(3)').join(' UNION ALL ')})`;

/** The ids the local Databend logged as killed. */
async function killedOnServer(): Promise<string[]> {
  const log = readFileSync((await localDatabend()).logFile, 'utf8');
  return [...log.matchAll(/query (\S+) killed/g)].map((m) => m[1]);
}

describe('Databend adapter on the local Databend', function () {
  this.timeout(60_000);
  let session: DatabendSession;

  before(async function () {
    this.timeout(180_000);
    session = await DatabendSession.open((await localDatabend()).dsn);
  });

  after(async () => {
    await session?.close();
  });

  it('streams rows in batches, with column types and the query id', async () => {
    const batches: number[] = [];
    let columns: { name: string; type: string }[] = [];
    const result = await session.run('SELECT number, number::String AS s, NULL AS n FROM numbers(1234) ORDER BY number', {
      batchSize: 500,
      onColumns: (c) => (columns = c),
      onRows: (rows) => batches.push(rows.length),
    });
    assert.deepEqual(columns.map((c) => c.type), ['UInt64', 'String', 'Null']);
    assert.deepEqual(batches, [500, 500, 234]);
    assert.equal(result.rowCount, 1234);
    assert.equal(result.truncated, false);
    assert.match(result.queryId, /\w{8,}/);
  });

  it('stops at the row cap and says so, a bounded query fetched whole with its column types', async () => {
    const rows: unknown[][] = [];
    let columns: { name: string; type: string }[] = [];
    const result = await session.run('SELECT number, number::String AS s FROM numbers(100000) ORDER BY number DESC', { maxRows: 1000, batchSize: 300, onColumns: (c) => (columns = c), onRows: (r) => rows.push(...r) });
    assert.equal(result.rowCount, 1000);
    assert.equal(rows.length, 1000);
    assert.deepEqual(rows[0], ['99999', '99999']);
    assert.deepEqual(rows[999], ['99000', '99000']);
    assert.equal(result.truncated, true);
    assert.deepEqual(columns, [
      { name: 'number', type: 'UInt64' },
      { name: 's', type: 'String' },
    ]);
    // Exactly the cap: not truncated. An empty result still has its columns.
    assert.equal((await session.run('SELECT number FROM numbers(1000)', { maxRows: 1000 })).truncated, false);
    const empty = await session.run('SELECT number AS x FROM numbers(10) WHERE number > 100', { maxRows: 1000, onColumns: (c) => (columns = c) });
    assert.equal(empty.rowCount, 0);
    assert.deepEqual(columns.map((c) => c.name), ['x']);
  });

  it('caps what it cannot bound (an explicit large LIMIT, SHOW) row by row', async () => {
    const limited = await session.run('SELECT number FROM numbers(100000) LIMIT 5000', { maxRows: 100 });
    assert.deepEqual([limited.rowCount, limited.truncated], [100, true]);
    const shown = await session.run('SHOW SETTINGS', { maxRows: 7 });
    assert.deepEqual([shown.rowCount, shown.truncated], [7, true]);
    await assert.rejects(session.run('SELEC 1', { maxRows: 10 }), /\[1005\]/);
  });

  it('reports the affected rows of DML and throws SQL errors', async () => {
    await session.run('CREATE OR REPLACE TABLE adapter_t (a INT)');
    assert.equal((await session.run('INSERT INTO adapter_t VALUES (1), (2), (3)')).affectedRows, 3);
    await assert.rejects(session.run('SELECT * FROM adapter_missing'), /\[1025\]Unknown table/);
  });

  it('kills the query when cancelled while rows stream', async () => {
    let batches = 0;
    const controller = new AbortController();
    const result = await session.run('SHOW FUNCTIONS', {
      batchSize: 100,
      onRows: () => {
        batches += 1;
        if (batches === 2) controller.abort();
      },
      signal: controller.signal,
    });
    assert.equal(result.cancelled, true);
    assert.equal(result.rowCount, 200);
  });

  it('kills a query cancelled before Databend answered it, by its own ids, and goes on', async () => {
    const controller = new AbortController();
    const named: string[] = [];
    const result = await session.run(SLOW, {
      maxRows: 10,
      signal: controller.signal,
      onQueryId: (id) => named.push(id),
      onSent: () => {
        // Out, not answered yet (the engine plans this query for seconds): cancelled now, and
        // a tree query meanwhile on the same session must not lend the run its id. (Not
        // awaited: the local engine runs it after the abandoned planning, 30 s later.)
        session.rows('SHOW STAGES').catch(() => undefined);
        controller.abort();
      },
    });
    assert.equal(result.cancelled, true);
    assert.ok(named.length > 0 && named.includes(result.queryId), `${named.join()} / ${result.queryId}`);
    const killed = await killedOnServer();
    for (const id of named) assert.ok(killed.includes(id), `the server killed ${id}`);
    assert.deepEqual((await session.run('SELECT 42 AS answer', { maxRows: 10 })).rowCount, 1);
  });

  it('kills a running query by the id it reported', async () => {
    const controller = new AbortController();
    const reported: string[] = [];
    const result = await session.run(`${SLOW} LIMIT 1000`, {
      maxRows: 10,
      signal: controller.signal,
      onQueryId: (id) => {
        reported.push(id);
        controller.abort();
      },
    });
    assert.equal(result.cancelled, true);
    assert.deepEqual(reported, [result.queryId], 'streamed: one query');
    assert.ok((await killedOnServer()).includes(result.queryId));
  });

  it('lists connections, stages and the files of a stage on moto S3', async () => {
    const moto = await localMoto();
    const s3 = new S3Client({ endpoint: moto.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: MOTO_CREDENTIALS });
    await s3.send(new CreateBucketCommand({ Bucket: 'adapter-bucket' }));
    for (let i = 0; i < 7; i++) {
      await s3.send(new PutObjectCommand({ Bucket: 'adapter-bucket', Key: `f${i}.csv`, Body: 'a\n1\n' }));
    }
    s3.destroy();
    await session.run(`CREATE OR REPLACE CONNECTION adapter_conn STORAGE_TYPE = 's3' ENDPOINT_URL = ${quoteString(moto.endpoint)} ACCESS_KEY_ID = 'testing' SECRET_ACCESS_KEY = 'testing' REGION = 'us-east-1'`);
    await session.run("CREATE OR REPLACE STAGE adapter_stage URL = 's3://adapter-bucket/' CONNECTION = (CONNECTION_NAME = 'adapter_conn')");
    const connections = await listConnections(session);
    assert.ok(connections.some((c) => c.name === 'adapter_conn' && c.storageType === 's3'));
    assert.doesNotMatch(connections.find((c) => c.name === 'adapter_conn')!.storageParams, /testing/, 'Databend masks the keys');
    const stages = await listStages(session);
    assert.deepEqual(stages.filter((s) => s.name === 'adapter_stage').map((s) => s.url), ['s3://adapter-bucket/']);
    // Page by page from one LIST: the server sees a single query for the whole listing.
    const queriesBefore = (readFileSync((await localDatabend()).logFile, 'utf8').match(/ started /g) ?? []).length;
    const listing = await StageFiles.open(session, 'adapter_stage');
    const first = await listing.next(5);
    assert.equal(first.files.length, 5);
    assert.equal(first.more, true);
    const rest = await listing.next(5);
    assert.equal(rest.files.length, 2);
    assert.equal(rest.more, false);
    assert.deepEqual(await listing.next(5), { files: [], more: false });
    const queriesAfter = (readFileSync((await localDatabend()).logFile, 'utf8').match(/ started /g) ?? []).length;
    assert.equal(queriesAfter - queriesBefore, 1);
    assert.deepEqual([...first.files, ...rest.files].map((f) => f.name).sort(), ['f0.csv', 'f1.csv', 'f2.csv', 'f3.csv', 'f4.csv', 'f5.csv', 'f6.csv']);
    await assert.rejects(StageFiles.open(session, "x; DROP STAGE adapter_stage"), /not a stage name/);
  });
});
