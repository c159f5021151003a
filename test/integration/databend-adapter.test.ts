// src/databend against the local Databend: the query path the editor and the tree use.

import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import * as assert from 'node:assert/strict';
import { listConnections, listStageFiles, listStages } from '../../src/databend/catalog';
import { DatabendSession } from '../../src/databend/session';
import { quoteString } from '../../src/core/sql';
import { MOTO_CREDENTIALS } from '../support/moto';
import { localDatabend, localMoto } from './fixtures';

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

  it('stops at the row cap and says so', async () => {
    const rows: unknown[][] = [];
    const result = await session.run('SELECT number FROM numbers(100000)', { maxRows: 1000, batchSize: 300, onRows: (r) => rows.push(...r) });
    assert.equal(result.rowCount, 1000);
    assert.equal(rows.length, 1000);
    assert.equal(result.truncated, true);
  });

  it('reports the affected rows of DML and throws SQL errors', async () => {
    await session.run('CREATE OR REPLACE TABLE adapter_t (a INT)');
    assert.equal((await session.run('INSERT INTO adapter_t VALUES (1), (2), (3)')).affectedRows, 3);
    await assert.rejects(session.run('SELECT * FROM adapter_missing'), /\[1025\]Unknown table/);
  });

  it('kills the query when cancelled between batches', async () => {
    let batches = 0;
    const result = await session.run('SELECT number FROM numbers(5000000)', { batchSize: 1000, onRows: () => (batches += 1), isCancelled: () => batches >= 2 });
    assert.equal(result.cancelled, true);
    assert.equal(result.rowCount, 2000);
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
    const first = await listStageFiles(session, 'adapter_stage', 0, 5);
    assert.equal(first.files.length, 5);
    assert.equal(first.more, true);
    const rest = await listStageFiles(session, 'adapter_stage', 5, 5);
    assert.equal(rest.files.length, 2);
    assert.equal(rest.more, false);
    assert.deepEqual([...first.files, ...rest.files].map((f) => f.name).sort(), ['f0.csv', 'f1.csv', 'f2.csv', 'f3.csv', 'f4.csv', 'f5.csv', 'f6.csv']);
    await assert.rejects(listStageFiles(session, "x; DROP STAGE adapter_stage", 0, 5), /not a stage name/);
  });
});
