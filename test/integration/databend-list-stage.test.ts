// LIST @stage needs a bucket: a stage on moto's S3 through an access-key connection.

import * as assert from 'node:assert/strict';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Client, Connection } from 'databend-driver';
import { quoteString } from '../../src/core/sql';
import { MOTO_CREDENTIALS } from '../support/moto';
import { localDatabend, localMoto } from './fixtures';

describe('LIST @stage on moto S3', function () {
  this.timeout(120_000);
  let conn: Connection;
  let endpoint: string;

  before(async function () {
    this.timeout(300_000);
    const moto = await localMoto();
    await moto.reset();
    endpoint = moto.endpoint;
    const s3 = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: MOTO_CREDENTIALS });
    await s3.send(new CreateBucketCommand({ Bucket: 'list-bucket' }));
    for (const key of ['data/a.csv', 'data/b.csv', 'other/c.csv']) {
      await s3.send(new PutObjectCommand({ Bucket: 'list-bucket', Key: key, Body: 'id,name\n1,x\n' }));
    }
    s3.destroy();
    conn = await new Client((await localDatabend()).dsn).getConn();
  });

  after(async () => {
    await conn?.close();
  });

  it('lists the files under the stage URL and reads one', async () => {
    await conn.exec(
      `CREATE OR REPLACE CONNECTION moto_keys STORAGE_TYPE = 's3' ENDPOINT_URL = ${quoteString(endpoint)} ` +
        `ACCESS_KEY_ID = 'testing' SECRET_ACCESS_KEY = 'testing' REGION = 'us-east-1'`,
    );
    await conn.exec("CREATE OR REPLACE STAGE moto_stage URL = 's3://list-bucket/data/' CONNECTION = (CONNECTION_NAME = 'moto_keys')");
    const files = (await conn.queryAll('LIST @moto_stage')).map((r) => r.data());
    assert.deepEqual(files.map((f) => f.name).sort(), ['a.csv', 'b.csv']);
    assert.equal(Number(files[0].size), 'id,name\n1,x\n'.length);
    const rows = await conn.queryAll("SELECT $1, $2 FROM @moto_stage/a.csv (FILE_FORMAT => 'CSV') ORDER BY $1");
    assert.deepEqual(rows.map((r) => r.values()), [['1', 'x'], ['id', 'name']]);
  });

  it('reports a missing bucket as an error from S3', async () => {
    await conn.exec("CREATE OR REPLACE STAGE moto_missing URL = 's3://no-such-bucket/' CONNECTION = (CONNECTION_NAME = 'moto_keys')");
    await assert.rejects(conn.queryAll('LIST @moto_missing'), /QueryFailed: \[\d+\].*(NoSuchBucket|not exist|404)/is);
  });
});
