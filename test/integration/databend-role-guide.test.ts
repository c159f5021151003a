// The guide end to end, offline: a moto bucket holding a real test.parquet, the role and
// policy made by the extension's own AWS adapter, then the guide's SQL (as setupSql writes
// it) through databend-driver on a local engine that reaches STS and S3 at their real host
// names through a TLS-terminating proxy in front of moto. The proxy's log shows the engine
// assuming the role with the role ARN and the external ID.
//
// moto does not evaluate trust policies or external IDs (AWS would): that the trust
// policy admits only this principal with this external ID is checked offline with
// iam-simulate (test/unit/iam-simulate.test.ts).

import * as assert from 'node:assert/strict';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Client, Connection } from 'databend-driver';
import { SdkIamGateway } from '../../src/aws/iamGateway';
import { applyPlan, planProvisioning } from '../../src/aws/provision';
import { desiredState } from '../../src/core/desired';
import { setupSql } from '../../src/core/sql';
import { splitStatements } from '../../src/core/statements';
import { ENGINE_IDENTITY, LocalDatabend, startLocalDatabend } from '../support/databend';
import { MOTO_ACCOUNT, MOTO_CREDENTIALS } from '../support/moto';
import { parquetBytes } from '../support/parquet';
import { motoClients } from './aws-fixtures';
import { localMoto } from './fixtures';

/** Databend Cloud's organization role, as support hands it out (a path included). */
const DATABEND_ROLE = 'arn:aws:iam::123456789012:role/xxxxxxx/tnabcdefg/xxxxxxx-tnabcdefg';
const BUCKET = 'test-bucket-123';
const EXTERNAL_ID = 'my-external-id-123';
const ROWS = { id: [1, 2, 3], city: ['Lisbon', 'Oslo', 'Kyoto'] };

describe('the guide on the local engine, STS and S3 being moto behind a TLS proxy', function () {
  this.timeout(120_000);
  let db: LocalDatabend | undefined;
  let conn: Connection | undefined;
  let roleArn: string;

  before(async function () {
    this.timeout(300_000);
    const moto = await localMoto();
    await moto.reset();
    const s3 = new S3Client({ endpoint: moto.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: MOTO_CREDENTIALS });
    try {
      await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'test.parquet', Body: parquetBytes(ROWS) }));
    } finally {
      s3.destroy();
    }
    const { clients } = motoClients(moto.endpoint);
    try {
      const gateway = new SdkIamGateway(clients.iam());
      const desired = desiredState({
        accountId: MOTO_ACCOUNT,
        partition: 'aws',
        bucket: BUCKET,
        databendRoleArn: DATABEND_ROLE,
        externalId: EXTERNAL_ID,
        roleName: 'databend-test',
        policyName: 'databend-test',
      });
      roleArn = (await applyPlan(gateway, (await planProvisioning(gateway, desired)).plan)).roleArn;
    } finally {
      clients.destroy();
    }
    db = await startLocalDatabend({ awsEndpoint: moto.endpoint });
    conn = await new Client(db.dsn).getConn();
  });

  after(async () => {
    await conn?.close();
    await db?.stop();
  });

  it('creates the connection and the stage, lists test.parquet and reads its first row through the role', async () => {
    const statements = splitStatements(
      setupSql({ connectionName: 'databend_test', stageName: 'databend_test', bucket: BUCKET, roleArn, externalId: EXTERNAL_ID, testFile: 'test.parquet' }),
    ).map((statement) => statement.text);
    const [createConnection, createStage, list, select] = statements;
    // The guide's statement as a user runs it against Databend Cloud: no ENDPOINT_URL.
    assert.equal(createConnection, `CREATE OR REPLACE CONNECTION databend_test STORAGE_TYPE = 's3' ROLE_ARN = '${roleArn}' EXTERNAL_ID = '${EXTERNAL_ID}'`);
    assert.equal(select, 'SELECT * FROM @databend_test/test.parquet LIMIT 1');

    await conn!.exec(createConnection);
    await conn!.exec(createStage);
    const files = (await conn!.queryAll(list)).map((row) => row.data());
    assert.deepEqual(
      files.map((file) => file.name),
      ['test.parquet'],
    );
    const rows = (await conn!.queryAll(select)).map((row) => row.data());
    assert.deepEqual(rows, [{ id: ROWS.id[0], city: ROWS.city[0] }]);

    const proxy = db!.awsProxy!;
    const requests = proxy.requests();
    const log = JSON.stringify(requests, null, 1);
    const assumeRole = requests.filter((request) => request.params?.Action === 'AssumeRole');
    assert.ok(assumeRole.length > 0, `no AssumeRole call in the proxy's log:\n${log}`);
    for (const call of assumeRole) {
      assert.match(call.host, /^sts\.([a-z0-9-]+\.)?amazonaws\.com$/);
      assert.equal(call.status, 200);
      assert.equal(call.params?.RoleArn, roleArn);
      assert.equal(call.params?.ExternalId, EXTERNAL_ID);
      // Signed with the engine's own identity, from its environment.
      assert.equal(call.accessKeyId, ENGINE_IDENTITY.accessKeyId);
    }
    // Every signed S3 call used the role's temporary credentials, and the file was read.
    const roleKeys = new Set(assumeRole.map((call) => call.assumedAccessKeyId));
    const signedS3 = requests.filter((request) => /(^|\.)s3[.-]/.test(request.host) && request.accessKeyId !== undefined);
    assert.ok(
      signedS3.some((request) => request.method === 'GET' && request.path === `/${BUCKET}/test.parquet`),
      `test.parquet was not read through the proxy:\n${log}`,
    );
    assert.deepEqual(
      signedS3.filter((request) => !roleKeys.has(request.accessKeyId)),
      [],
    );
    // Nothing else left the engine: its telemetry report was refused.
    assert.deepEqual([...new Set(proxy.refused())], ['telemetry.databend.com:443']);
  });
});
