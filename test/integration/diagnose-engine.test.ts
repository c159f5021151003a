// diagnoseStageError on the messages the real engine gives, made afresh: a missing bucket and S3
// refusals on moto (one moto with IAM enforced, so a policy without s3:ListBucket is refused), and a
// ROLE_ARN stage, whose credentials the local engine cannot load (it cannot reach AWS STS).
// Privilege errors (1063) cannot be made here: the embedded engine runs every query as root; the
// unit tests cover them with Databend's own texts.

import * as assert from 'node:assert/strict';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { Client, Connection } from 'databend-driver';
import { Cause, diagnoseStageError } from '../../src/core/diagnose';
import { quoteString } from '../../src/core/sql';
import { MOTO_CREDENTIALS } from '../support/moto';
import { ensureMoto } from '../support/prepare';
import { freePort, Service, startService, waitFor } from '../support/processes';
import { localDatabend, localMoto } from './fixtures';

describe('diagnoseStageError on the engine’s own messages', function () {
  this.timeout(120_000);
  let conn: Connection;
  let strictMoto: Service | undefined;
  let strictEndpoint = '';

  before(async function () {
    this.timeout(300_000);
    // moto checks IAM policies once its first four (setup) calls are done.
    const port = await freePort();
    strictMoto = startService(ensureMoto(), ['-H', '127.0.0.1', '-p', String(port)], { env: { ...process.env, INITIAL_NO_AUTH_ACTION_COUNT: '4' } });
    strictEndpoint = `http://127.0.0.1:${port}`;
    await waitFor(`moto_server on ${strictEndpoint}`, async () => (await fetch(`${strictEndpoint}/moto-api/`)).status < 500, 30_000);
    conn = await new Client((await localDatabend()).dsn).getConn();
  });

  after(async () => {
    await conn?.close();
    await strictMoto?.stop();
  });

  async function failure(sql: string): Promise<string> {
    try {
      await conn.queryAll(sql);
    } catch (error) {
      return String(error);
    }
    assert.fail(`${sql} succeeded`);
  }

  function expect(message: string, cause: Cause, retry: boolean): void {
    const d = diagnoseStageError(message);
    assert.deepEqual({ cause: d.cause, retry: d.retry }, { cause, retry }, message);
  }

  it('a missing bucket', async () => {
    const moto = await localMoto();
    await conn.exec(
      `CREATE OR REPLACE CONNECTION diag_keys STORAGE_TYPE = 's3' ENDPOINT_URL = ${quoteString(moto.endpoint)} ACCESS_KEY_ID = 'testing' SECRET_ACCESS_KEY = 'testing' REGION = 'us-east-1'`,
    );
    await conn.exec("CREATE OR REPLACE STAGE diag_missing URL = 's3://diag-no-such-bucket/' CONNECTION = (CONNECTION_NAME = 'diag_keys')");
    const message = await failure('LIST @diag_missing');
    assert.match(message, /NoSuchBucket/);
    expect(message, 'no-bucket', false);
  });

  it('S3 AccessDenied (a policy without s3:ListBucket) and an unknown access key', async () => {
    const s3 = new S3Client({ endpoint: strictEndpoint, region: 'us-east-1', forcePathStyle: true, credentials: MOTO_CREDENTIALS });
    const iam = new IAMClient({ endpoint: strictEndpoint, region: 'us-east-1', credentials: MOTO_CREDENTIALS });
    await s3.send(new CreateBucketCommand({ Bucket: 'diag-bucket' }));
    await iam.send(new CreateUserCommand({ UserName: 'reader' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'reader' }))).AccessKey;
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'reader',
        PolicyName: 'objects-only',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::diag-bucket/*' }] }),
      }),
    );
    s3.destroy();
    iam.destroy();
    assert.ok(key?.AccessKeyId && key.SecretAccessKey);

    await conn.exec(
      `CREATE OR REPLACE CONNECTION diag_reader STORAGE_TYPE = 's3' ENDPOINT_URL = ${quoteString(strictEndpoint)} ` +
        `ACCESS_KEY_ID = ${quoteString(key.AccessKeyId)} SECRET_ACCESS_KEY = ${quoteString(key.SecretAccessKey)} REGION = 'us-east-1'`,
    );
    await conn.exec("CREATE OR REPLACE STAGE diag_denied URL = 's3://diag-bucket/' CONNECTION = (CONNECTION_NAME = 'diag_reader')");
    const denied = await failure('LIST @diag_denied');
    assert.match(denied, /AccessDenied/);
    expect(denied, 's3-access-denied', true);

    await conn.exec(
      `CREATE OR REPLACE CONNECTION diag_badkey STORAGE_TYPE = 's3' ENDPOINT_URL = ${quoteString(strictEndpoint)} ` +
        "ACCESS_KEY_ID = 'AKIA-EXAMPLE-UNKNOWN' SECRET_ACCESS_KEY = 'not-a-secret' REGION = 'us-east-1'",
    );
    await conn.exec("CREATE OR REPLACE STAGE diag_badkey URL = 's3://diag-bucket/' CONNECTION = (CONNECTION_NAME = 'diag_badkey')");
    const unknown = await failure('LIST @diag_badkey');
    assert.match(unknown, /InvalidAccessKeyId/);
    expect(unknown, 'access-key', false);
  });

  it('a ROLE_ARN stage whose credentials the engine cannot load (no way to AWS STS here)', async () => {
    await conn.exec(
      "CREATE OR REPLACE CONNECTION diag_role STORAGE_TYPE = 's3' ROLE_ARN = 'arn:aws:iam::987654321987:role/databend-test' EXTERNAL_ID = 'my-external-id-123' REGION = 'us-east-1'",
    );
    await conn.exec("CREATE OR REPLACE STAGE diag_role URL = 's3://test-bucket-123/' CONNECTION = (CONNECTION_NAME = 'diag_role')");
    const message = await failure('LIST @diag_role');
    assert.match(message, /\[4000\].*loading credential to sign http request/);
    expect(message, 'sts-unreachable', true);
  });
});
