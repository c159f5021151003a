// Several locations per role, end to end on the adapters: one role and policy for two
// buckets (the second under a prefix) made on moto by the extension's own AWS adapter, one
// connection and a stage per location on the local engine (setupSql's statements), each
// stage listed and read through the role; with moto enforcing IAM, a file outside both
// locations is refused; then teardown removes the role and the policy.
// STS and S3 are moto behind the TLS proxy, as in databend-role-guide.test.ts.

import * as assert from 'node:assert/strict';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Client, Connection } from 'databend-driver';
import { SdkIamGateway } from '../../src/aws/iamGateway';
import { applyPlan, planProvisioning, teardown } from '../../src/aws/provision';
import { desiredState } from '../../src/core/desired';
import { setupSql, stageFileStatements } from '../../src/core/sql';
import { splitStatements } from '../../src/core/statements';
import { LocalDatabend, startLocalDatabend } from '../support/databend';
import { Moto, MOTO_ACCOUNT, MOTO_CREDENTIALS } from '../support/moto';
import { parquetBytes } from '../support/parquet';
import { motoClients } from './aws-fixtures';
import { localMoto } from './fixtures';

const DATABEND_ROLE = 'arn:aws:iam::123456789012:role/xxxxxxx/tnabcdefg/xxxxxxx-tnabcdefg';
const FIRST = 'locations-one';
const SECOND = 'locations-two';
const EXTERNAL_ID = 'locations-external-id';
const ROLE = 'databend-two-locations';

describe('several locations per role on moto and the local engine', function () {
  this.timeout(180_000);
  let moto: Moto;
  let db: LocalDatabend | undefined;
  let conn: Connection | undefined;

  before(async function () {
    this.timeout(300_000);
    moto = await localMoto();
    db = await startLocalDatabend({ awsEndpoint: moto.endpoint });
    conn = await new Client(db.dsn).getConn();
  });

  after(async () => {
    await moto.enforceIam(false);
    for (const sql of ['DROP STAGE IF EXISTS loc_one', 'DROP STAGE IF EXISTS loc_two', 'DROP STAGE IF EXISTS loc_outside', 'DROP CONNECTION IF EXISTS loc_conn']) await conn?.exec(sql);
    await conn?.close();
    await db?.stop();
  });

  beforeEach(async () => {
    await moto.enforceIam(false);
    await moto.reset();
    const s3 = new S3Client({ endpoint: moto.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: MOTO_CREDENTIALS });
    try {
      for (const bucket of [FIRST, SECOND]) await s3.send(new CreateBucketCommand({ Bucket: bucket }));
      await s3.send(new PutObjectCommand({ Bucket: FIRST, Key: 'test.parquet', Body: parquetBytes({ id: [1], city: ['Lisbon'] }) }));
      await s3.send(new PutObjectCommand({ Bucket: SECOND, Key: 'exports/a.parquet', Body: parquetBytes({ id: [2], city: ['Oslo'] }) }));
      await s3.send(new PutObjectCommand({ Bucket: SECOND, Key: 'private/secret.parquet', Body: parquetBytes({ id: [3], city: ['Kyoto'] }) }));
    } finally {
      s3.destroy();
    }
  });

  afterEach(() => moto.enforceIam(false));

  const firstRow = async (stage: string, file: string) => {
    let rows: Record<string, unknown>[] = [];
    for (const sql of stageFileStatements(stage, file, { limit: 1 })) rows = (await conn!.queryAll(sql)).map((r) => r.data());
    return rows[0];
  };

  it('provisions one role for two buckets, reads each through its own stage, refuses a file outside both, and tears down', async () => {
    const { clients } = motoClients(moto.endpoint);
    const gateway = new SdkIamGateway(clients.iam());
    try {
      const desired = desiredState({
        accountId: MOTO_ACCOUNT,
        partition: 'aws',
        bucket: FIRST,
        moreLocations: [{ bucket: SECOND, prefix: 'exports' }],
        access: 'read',
        databendRoleArn: DATABEND_ROLE,
        externalId: EXTERNAL_ID,
        roleName: ROLE,
        policyName: ROLE,
      });
      const planned = await planProvisioning(gateway, desired);
      const { roleArn, policyArn } = await applyPlan(gateway, planned.plan);
      // A re-run finds both locations in place: nothing to change.
      assert.deepEqual((await planProvisioning(gateway, desired)).plan.steps, []);

      const script = setupSql({ connectionName: 'loc_conn', stageName: 'loc_one', bucket: FIRST, moreStages: [{ stageName: 'loc_two', bucket: SECOND, prefix: 'exports' }], roleArn, externalId: EXTERNAL_ID });
      const statements = splitStatements(script).map((s) => s.text);
      assert.deepEqual(
        statements.map((s) => s.split(' URL')[0].split(' STORAGE_TYPE')[0]),
        ['CREATE OR REPLACE CONNECTION loc_conn', 'CREATE OR REPLACE STAGE loc_one', 'CREATE OR REPLACE STAGE loc_two', 'LIST @loc_one', 'LIST @loc_two'],
      );
      for (const sql of statements.slice(0, 3)) await conn!.exec(sql);
      // A stage on the second bucket outside its location: the policy must keep it out.
      await conn!.exec(`CREATE OR REPLACE STAGE loc_outside URL = 's3://${SECOND}/private/' CONNECTION = (CONNECTION_NAME = 'loc_conn')`);
      assert.deepEqual((await conn!.queryAll(statements[3])).map((r) => r.data().name), ['test.parquet']);
      assert.deepEqual((await conn!.queryAll(statements[4])).map((r) => r.data().name), ['a.parquet']);
      // Listed while moto enforces nothing, so the engine assumes the role for this stage too
      // (with authorization on, moto cannot check the engine's own identity's AssumeRole).
      assert.deepEqual((await conn!.queryAll('LIST @loc_outside')).map((r) => r.data().name), ['secret.parquet']);

      // moto now checks each request against the role's policy.
      await moto.enforceIam(true);
      assert.deepEqual(await firstRow('loc_one', 'test.parquet'), { id: 1, city: 'Lisbon' });
      assert.deepEqual(await firstRow('loc_two', 'a.parquet'), { id: 2, city: 'Oslo' });
      await assert.rejects(firstRow('loc_outside', 'secret.parquet'), /AccessDenied|403|denied/i);
      await moto.enforceIam(false);

      // Back to one location: the plan names the one that loses access; applied, the role's description follows.
      const narrowed = desiredState({ accountId: MOTO_ACCOUNT, partition: 'aws', bucket: FIRST, access: 'read', databendRoleArn: DATABEND_ROLE, externalId: EXTERNAL_ID, roleName: ROLE, policyName: ROLE });
      const narrowing = (await planProvisioning(gateway, narrowed)).plan;
      assert.deepEqual(narrowing.otherLocation.map((o) => o.lost), ['s3://locations-two/exports/', 's3://locations-two/exports/']);
      await applyPlan(gateway, narrowing, { confirmedOtherLocation: true });
      assert.equal((await gateway.getRole(ROLE))?.description, narrowed.roleDescription);
      assert.deepEqual((await planProvisioning(gateway, narrowed)).plan.steps, []);

      const removed = await teardown(gateway, { roleName: ROLE, policyArn });
      assert.deepEqual(removed.kept, []);
      assert.equal(await gateway.getRole(ROLE), undefined);
      assert.equal(await gateway.getPolicy(policyArn), undefined);
    } finally {
      clients.destroy();
    }
  });
});
