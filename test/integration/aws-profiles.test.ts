// Profiles as users have them (temp config and credentials files), resolved by the SDK.

import { ListRolesCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import * as assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  /** The fixture's files, plus `extraConfig` in config and `extraCredentials` in credentials. */
  function files(extraConfig?: string, extraCredentials?: string): NodeJS.ProcessEnv {
    const env = profileFiles(extraConfig);
    if (extraCredentials) appendFileSync(env.AWS_SHARED_CREDENTIALS_FILE as string, `\n${extraCredentials}`);
    return env;
  }

  function identityOf(profile: string, extra: { extraConfig?: string; extraCredentials?: string; mfaCodeProvider?: (serial: string) => Promise<string> } = {}) {
    const clients = new AwsClients({ profile, endpoint, env: files(extra.extraConfig, extra.extraCredentials), mfaCodeProvider: extra.mfaCodeProvider });
    return callerIdentity(clients.sts()).finally(() => clients.destroy());
  }

  /** Runs `body` with the process environment the SDK's SSO provider reads (it ignores the paths given to fromIni). */
  async function withProcessEnv<T>(env: NodeJS.ProcessEnv, body: () => Promise<T>): Promise<T> {
    const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
    Object.assign(process.env, env);
    try {
      return await body();
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  }

  // Dotted names as SSO helper tools and teams write them, an SSO session and a services
  // section (not profiles), and profiles that exist but cannot give credentials.
  const DOTTED_CONFIG =
    `[profile acme-data-prod.AdminAccess]\nrole_arn = arn:aws:iam::${MOTO_ACCOUNT}:role/admin\nsource_profile = team.dev\nregion = eu-west-1\n\n` +
    '[services local-s3]\ns3 =\n  endpoint_url = http://127.0.0.1:1\n\n' +
    '[profile region-only]\nregion = eu-west-1\n\n';
  const DOTTED_CREDENTIALS =
    '[team.dev]\naws_access_key_id = team-dev-access-key\naws_secret_access_key = team-dev-secret\n\n' +
    '[wrong-keys]\naccessKeyId = AKIAWRONGNAMES\nsecretAccessKey = wrong-names-secret\n';

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
    const env = { ...files(), HOME: mkdtempSync(join(tmpdir(), 'aws-home-')) };
    await withProcessEnv(env, async () => {
      const clients = new AwsClients({ profile: 'corp-sso', endpoint, env });
      await assert.rejects(callerIdentity(clients.sts()).finally(() => clients.destroy()), /SSO session of "corp-sso" has expired or was never started\. Run `aws sso login --profile corp-sso`/);
    });
  });

  it('marks in the list a profile whose region or SSO region is outside the aws partition (found by a trial: GovCloud looked usable)', async () => {
    const config = '[profile gov]\nregion = us-gov-west-1\n\n[profile china-sso]\nsso_region = cn-north-1\nsso_start_url = https://x.awsapps.cn/start\nsso_account_id = 111122223333\nsso_role_name = R\nregion = us-east-1\n\n[profile plain]\nregion = eu-west-1\n';
    const credentials = '[gov]\naws_access_key_id = AKIAGOV\naws_secret_access_key = s\n\n[plain]\naws_access_key_id = AKIAPLAIN\naws_secret_access_key = s\n';
    const listed = new Map((await listProfiles(files(config, credentials))).map((p) => [p.name, p.otherPartition]));
    assert.equal(listed.get('gov'), 'aws-us-gov');
    assert.equal(listed.get('china-sso'), 'aws-cn');
    assert.equal(listed.get('plain'), undefined);
    assert.equal(listed.get('moto'), undefined);
  });

  it('lists profiles with dots in their names from both files, and no sso-session or services section', async () => {
    const profiles = await listProfiles({ ...files(DOTTED_CONFIG, DOTTED_CREDENTIALS), AWS_PROFILE: 'moto' });
    assert.deepEqual(
      profiles.map((p) => [p.name, p.kind, p.region ?? '']),
      [
        ['moto', 'static', 'eu-west-1'],
        ['acme-data-prod.AdminAccess', 'assume-role', 'eu-west-1'],
        ['admin', 'assume-role', 'us-east-1'],
        ['corp-sso', 'sso', 'us-east-1'],
        ['default', 'static', 'us-east-1'],
        ['region-only', 'unknown', 'eu-west-1'],
        ['team.dev', 'static', ''],
        ['tool', 'process', ''],
        ['wrong-keys', 'unknown', ''],
      ],
    );
    assert.deepEqual(
      profiles.filter((p) => p.problem).map((p) => p.name),
      ['region-only', 'wrong-keys'],
    );
  });

  it('signs in with both dotted profiles on moto', async () => {
    const extra = { extraConfig: DOTTED_CONFIG, extraCredentials: DOTTED_CREDENTIALS };
    const user = await identityOf('team.dev', extra);
    assert.equal(user.accountId, MOTO_ACCOUNT);
    const role = await identityOf('acme-data-prod.AdminAccess', extra);
    assert.match(role.arn, /^arn:aws:sts::123456789012:assumed-role\/admin\//);
  });

  it('says an unusable profile exists, what it lacks and how to fix it', async () => {
    const extra = { extraConfig: DOTTED_CONFIG, extraCredentials: DOTTED_CREDENTIALS };
    await assert.rejects(
      identityOf('wrong-keys', extra),
      /^AwsProfileError: The AWS profile "wrong-keys" exists in \S+credentials but cannot give credentials: its accessKeyId and secretAccessKey are not names AWS tools read\. Rename them: accessKeyId → aws_access_key_id, secretAccessKey → aws_secret_access_key\.$/,
    );
    await assert.rejects(
      identityOf('region-only', extra),
      /^AwsProfileError: The AWS profile "region-only" exists in \S+config but cannot give credentials: it only sets region, no credentials\. Give it credentials: access keys \(`aws configure --profile region-only`\), an IAM Identity Center sign-in \(`aws configure sso --profile region-only`\), role_arn with source_profile, or credential_process\.$/,
    );
    const listed = await listProfiles(files(DOTTED_CONFIG, DOTTED_CREDENTIALS));
    assert.match(listed.find((p) => p.name === 'wrong-keys')?.problem ?? '', /Rename them/);
  });

  it('explains every way a profile can fail to give credentials', async () => {
    const config =
      '[profile sso-no-role]\nsso_session = corp\nregion = eu-west-1\n\n' +
      '[profile sso-no-session]\nsso_session = gone\nsso_account_id = 111122223333\nsso_role_name = Admin\n\n' +
      '[profile sso-typo]\nsso_session = corp\nsso-account-id = 111122223333\nsso_role_name = Admin\n\n' +
      '[profile orphan]\nrole_arn = arn:aws:iam::111122223333:role/x\nsource_profile = nowhere\n\n' +
      '[profile no-source]\nrole_arn = arn:aws:iam::111122223333:role/x\n\n' +
      '[profile both-sources]\nrole_arn = arn:aws:iam::111122223333:role/x\nsource_profile = moto\ncredential_source = Environment\n\n' +
      '[profile bad-source]\nrole_arn = arn:aws:iam::111122223333:role/x\ncredential_source = Laptop\n\n' +
      '[profile loop-a]\nrole_arn = arn:aws:iam::111122223333:role/x\nsource_profile = loop-b\n\n' +
      '[profile loop-b]\nrole_arn = arn:aws:iam::111122223333:role/x\nsource_profile = loop-a\n\n' +
      '[profile via-region-only]\nrole_arn = arn:aws:iam::111122223333:role/x\nsource_profile = region-only\n\n' +
      '[profile region-only]\nregion = eu-west-1\n';
    const credentials = '[half]\naws_access_key_id = AKIAHALF\n\n[boto-style]\naws_access_key = AKIABOTO\naws_secret_key = boto-secret\n';
    const problems = new Map((await listProfiles(files(config, credentials))).map((p) => [p.name, p.problem]));
    const expected: [string, RegExp][] = [
      ['sso-no-role', /it is an IAM Identity Center \(SSO\) profile without sso_account_id, sso_role_name\. Run `aws configure sso --profile sso-no-role`/],
      ['sso-no-session', /its sso_session "gone" has no \[sso-session gone\] section in \S+config\. Add that section/],
      ['sso-typo', /without sso_account_id \(it has sso-account-id instead of sso_account_id\)\. .*rename sso-account-id → sso_account_id/],
      ['orphan', /its source_profile "nowhere" is not defined in/],
      ['no-source', /it has role_arn but no source_profile or credential_source/],
      ['both-sources', /it sets both source_profile and credential_source\. Keep one/],
      ['bad-source', /its credential_source "Laptop" is none of EcsContainer, Ec2InstanceMetadata, Environment/],
      ['loop-a', /its source_profile "loop-b" cannot give credentials: its source_profile chain comes back to "loop-a"/],
      ['via-region-only', /its source_profile "region-only" cannot give credentials: it only sets region, no credentials/],
      ['half', /it has aws_access_key_id but no aws_secret_access_key\. Add aws_secret_access_key \(`aws configure --profile half`\)/],
      ['boto-style', /Rename them: aws_access_key → aws_access_key_id, aws_secret_key → aws_secret_access_key/],
    ];
    for (const [name, message] of expected) {
      assert.match(problems.get(name) ?? '(no problem reported)', new RegExp(`^The AWS profile "${name}" exists in \\S+ but cannot give credentials: `), name);
      assert.match(problems.get(name) ?? '(no problem reported)', message, name);
    }
    for (const usable of ['moto', 'admin', 'corp-sso', 'default', 'tool']) {
      assert.equal(problems.get(usable), undefined, usable);
    }
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

  it('asks for the MFA code once for all clients of a profile', async () => {
    const mfa = `[profile mfa]\nrole_arn = arn:aws:iam::${MOTO_ACCOUNT}:role/admin\nsource_profile = moto\nmfa_serial = arn:aws:iam::${MOTO_ACCOUNT}:mfa/me\n`;
    let asked = 0;
    const clients = new AwsClients({ profile: 'mfa', endpoint, env: files(mfa), mfaCodeProvider: async () => `${++asked}23456` });
    await Promise.all([callerIdentity(clients.sts()), clients.iam().send(new ListRolesCommand({})), checkBucket(clients.s3(), 'no-such-bucket-here')]);
    clients.destroy();
    assert.equal(asked, 1);
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
