// Profiles as users have them (temp config and credentials files), resolved by the SDK.

import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import * as assert from 'node:assert/strict';
import { checkBucket } from '../../src/aws/bucket';
import { AwsClients } from '../../src/aws/clients';
import { callerIdentity } from '../../src/aws/identity';
import { listProfiles } from '../../src/aws/profiles';
import { CancelledError } from '../../src/core/errors';
import { MOTO_ACCOUNT, MOTO_CREDENTIALS } from '../support/moto';
import { profileFiles } from './aws-fixtures';
import { localMoto } from './fixtures';

describe('AWS profiles and credentials', function () {
  this.timeout(60_000);
  let endpoint: string;

  before(async function () {
    this.timeout(120_000);
    endpoint = (await localMoto()).endpoint;
  });

  function identityOf(profile: string, extra: { extraConfig?: string; mfaCodeProvider?: (serial: string) => Promise<string> } = {}) {
    const clients = new AwsClients({ profile, endpoint, env: profileFiles(extra.extraConfig), mfaCodeProvider: extra.mfaCodeProvider });
    return callerIdentity(clients.sts()).finally(() => clients.destroy());
  }

  it('lists every profile with its kind and region, the default first', async () => {
    const profiles = await listProfiles({ ...profileFiles(), AWS_PROFILE: 'moto' });
    assert.deepEqual(
      profiles.map((p) => [p.name, p.kind, p.region ?? '', p.isDefault]),
      [
        ['moto', 'static', 'eu-west-1', true],
        ['admin', 'assume-role', 'us-east-1', false],
        ['corp-sso', 'sso', 'us-east-1', false],
        ['default', 'static', 'us-east-1', false],
        ['tool', 'process', '', false],
      ],
    );
  });

  it('resolves a static-key profile and shows who it is', async () => {
    const identity = await identityOf('moto');
    assert.equal(identity.accountId, MOTO_ACCOUNT);
    assert.equal(identity.partition, 'aws');
    assert.match(identity.arn, /^arn:aws:(iam|sts)::123456789012:/);
  });

  it('assumes the role of an assume-role profile', async () => {
    const identity = await identityOf('admin');
    assert.match(identity.arn, /assumed-role\/admin\//);
  });

  it('tells an SSO user to log in again', async () => {
    await assert.rejects(identityOf('corp-sso'), /aws sso login --profile corp-sso/);
  });

  it('names an unknown profile', async () => {
    await assert.rejects(identityOf('nope'), /profile "nope" is not defined/);
  });

  it('asks for an MFA code through the callback, and stops quietly when the user cancels', async () => {
    const mfa = `[profile mfa]\nrole_arn = arn:aws:iam::${MOTO_ACCOUNT}:role/admin\nsource_profile = moto\nmfa_serial = arn:aws:iam::${MOTO_ACCOUNT}:mfa/me\n`;
    const asked: string[] = [];
    const identity = await identityOf('mfa', {
      extraConfig: mfa,
      mfaCodeProvider: async (serial) => {
        asked.push(serial);
        return '123456';
      },
    });
    assert.deepEqual(asked, [`arn:aws:iam::${MOTO_ACCOUNT}:mfa/me`]);
    assert.match(identity.arn, /assumed-role\/admin\//);
    await assert.rejects(
      identityOf('mfa', { extraConfig: mfa, mfaCodeProvider: () => Promise.reject(new CancelledError()) }),
      (e: Error) => e instanceof CancelledError,
    );
  });

  it('finds the bucket and its region, and says when it is missing', async () => {
    const s3 = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: MOTO_CREDENTIALS });
    await s3.send(new CreateBucketCommand({ Bucket: 'profile-check-bucket', CreateBucketConfiguration: { LocationConstraint: 'eu-west-2' } }));
    const clients = new AwsClients({ profile: 'moto', endpoint, env: profileFiles() });
    assert.deepEqual(await checkBucket(clients.s3(), 'profile-check-bucket'), { status: 'ok', region: 'eu-west-2' });
    const missing = await checkBucket(clients.s3(), 'no-such-bucket-here');
    assert.equal(missing.status, 'missing');
    assert.match(missing.message ?? '', /does not exist/);
    clients.destroy();
    s3.destroy();
  });
});
