// Regions and partitions follow the profile: which hosts the SDK would call for real
// profile files, captured by an HTTP handler that answers like AWS and sends nothing.
// The SDK runs unchanged (credential providers, endpoint rules, signing); only the
// network is replaced. Account IDs are made up.

import { ListRolesCommand } from '@aws-sdk/client-iam';
import type { HttpRequest } from '@smithy/types';
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { checkBucket } from '../../src/aws/bucket';
import { AwsClients, AwsSettings } from '../../src/aws/clients';
import { callerIdentity } from '../../src/aws/identity';

const ACCOUNT = '111122223333';
const SSO_TOKEN = 'fake-sso-access-token-for-tests';
/** A cached SSO token far from expiry, so the SDK uses it without a refresh. */
const TOKEN_EXPIRES = '2999-01-01T00:00:00Z';

interface Seen {
  host: string;
  method: string;
  path: string;
  action?: string;
  query: Record<string, unknown>;
  headers: Record<string, string>;
}

function xml(text: string) {
  return { statusCode: 200, headers: { 'content-type': 'text/xml' }, body: text };
}

/** Answers the few calls these tests make the way AWS does, and records each request. */
function fakeAws() {
  const seen: Seen[] = [];
  const answer = (request: HttpRequest) => {
    const body = typeof request.body === 'string' ? request.body : '';
    const action = /(?:^|&)Action=(\w+)/.exec(body)?.[1];
    seen.push({ host: request.hostname, method: request.method, path: request.path, action, query: { ...request.query }, headers: { ...request.headers } });
    if (request.hostname.startsWith('portal.sso.')) {
      const roleCredentials = { accessKeyId: 'ASIAFAKESSO', secretAccessKey: 'fake-secret', sessionToken: 'fake-session', expiration: Date.parse(TOKEN_EXPIRES) };
      return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ roleCredentials }) };
    }
    if (action === 'AssumeRole') {
      return xml(
        `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>ASIAFAKEROLE</AccessKeyId>` +
          `<SecretAccessKey>fake-secret</SecretAccessKey><SessionToken>fake-session</SessionToken><Expiration>${TOKEN_EXPIRES}</Expiration></Credentials>` +
          `<AssumedRoleUser><Arn>arn:aws:sts::${ACCOUNT}:assumed-role/admin/s</Arn><AssumedRoleId>AROAFAKE:s</AssumedRoleId></AssumedRoleUser>` +
          '</AssumeRoleResult><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></AssumeRoleResponse>',
      );
    }
    if (action === 'GetCallerIdentity') {
      return xml(
        `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:sts::${ACCOUNT}:assumed-role/AdminAccess/alice</Arn>` +
          `<UserId>AROAFAKE:alice</UserId><Account>${ACCOUNT}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r2</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
      );
    }
    if (action === 'ListRoles') {
      return xml('<ListRolesResponse><ListRolesResult><Roles/><IsTruncated>false</IsTruncated></ListRolesResult><ResponseMetadata><RequestId>r3</RequestId></ResponseMetadata></ListRolesResponse>');
    }
    if (request.method === 'HEAD') {
      const region = /\.s3\.([\w-]+)\.amazonaws\.com$/.exec(request.hostname)?.[1] ?? 'us-east-1';
      return { statusCode: 200, headers: { 'x-amz-bucket-region': region }, body: '' };
    }
    return { statusCode: 500, headers: {}, body: `no fake answer for ${request.method} ${request.hostname}${request.path} ${body}` };
  };
  const handler = {
    handle: async (request: HttpRequest) => {
      const { statusCode, headers, body } = answer(request);
      return { response: { statusCode, headers, body: Readable.from([Buffer.from(body)]) } };
    },
    updateHttpClientConfig: () => undefined,
    httpHandlerConfigs: () => ({}),
    destroy: () => undefined,
  };
  return { handler, seen, hosts: () => seen.map((s) => s.host) };
}

/** A home directory with ~/.aws/config, ~/.aws/credentials and the SSO token cache. */
function awsHome(config: string, credentials = '') {
  const home = mkdtempSync(join(tmpdir(), 'aws-home-'));
  mkdirSync(join(home, '.aws', 'sso', 'cache'), { recursive: true });
  writeFileSync(join(home, '.aws', 'config'), config);
  writeFileSync(join(home, '.aws', 'credentials'), credentials);
  /** The cache file the SDK reads: sha1 of the sso-session name, or of the start URL for a legacy profile. */
  const cacheToken = (key: string) =>
    writeFileSync(
      join(home, '.aws', 'sso', 'cache', `${createHash('sha1').update(key).digest('hex')}.json`),
      JSON.stringify({ accessToken: SSO_TOKEN, expiresAt: TOKEN_EXPIRES, startUrl: 'https://acme.awsapps.com/start', region: 'eu-west-1' }),
    );
  const env = { HOME: home, AWS_CONFIG_FILE: join(home, '.aws', 'config'), AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials') };
  return { home, env, cacheToken };
}

const CONFIG = `
[profile acme-data-prod.AdminAccess]
sso_session = acme
sso_account_id = ${ACCOUNT}
sso_role_name = AdminAccess
region = eu-west-1

[sso-session acme]
sso_start_url = https://acme.awsapps.com/start
sso_region = eu-west-1
sso_registration_scopes = sso:account:access

[profile legacy-sso]
sso_start_url = https://legacy.awsapps.com/start
sso_region = ap-southeast-2
sso_account_id = ${ACCOUNT}
sso_role_name = ReadOnly
region = eu-central-1

[profile base]
region = us-west-2

[profile admin]
role_arn = arn:aws:iam::${ACCOUNT}:role/admin
source_profile = base
region = eu-west-1

[profile tool]
credential_process = "${process.execPath}" -e "console.log(JSON.stringify({Version:1,AccessKeyId:'AKIAFAKEPROCESS',SecretAccessKey:'fake'}))"
region = ap-northeast-1

[profile no-region]

[profile cn]
region = cn-north-1

[profile gov-sso]
sso_session = gov
sso_account_id = ${ACCOUNT}
sso_role_name = Admin

[sso-session gov]
sso_start_url = https://start.us-gov-home.awsapps.com/directory/gov
sso_region = us-gov-west-1

[profile gov-role]
role_arn = arn:aws-us-gov:iam::${ACCOUNT}:role/admin
source_profile = base
`;

const CREDENTIALS = `
[base]
aws_access_key_id = AKIAFAKEBASE
aws_secret_access_key = fake-base-secret

[no-region]
aws_access_key_id = AKIAFAKENOREGION
aws_secret_access_key = fake-secret

[cn]
aws_access_key_id = AKIAFAKECN
aws_secret_access_key = fake-secret
`;

describe('AWS regions and partitions follow the profile', function () {
  this.timeout(30_000);
  const saved: Record<string, string | undefined> = {};
  const keys = ['HOME', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION'];
  let home: ReturnType<typeof awsHome>;

  before(() => {
    home = awsHome(CONFIG, CREDENTIALS);
    home.cacheToken('acme');
    home.cacheToken('https://legacy.awsapps.com/start');
    // The SDK's SSO provider reads the config file and token cache named by the process
    // environment (fromIni does not hand its file paths to fromSSO), as for a user.
    for (const key of keys) saved[key] = process.env[key];
    for (const key of ['AWS_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION']) delete process.env[key];
    Object.assign(process.env, home.env);
  });

  after(() => {
    for (const key of keys) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  function clientsFor(profile: string, extra: Partial<AwsSettings> = {}) {
    const fake = fakeAws();
    const clients = new AwsClients({ profile, env: { ...home.env, ...extra.env }, requestHandler: fake.handler, ...extra });
    return { clients, ...fake };
  }

  it('exchanges the SSO token of an eu-west-1 profile at the eu-west-1 portal, and calls STS and S3 in eu-west-1', async () => {
    const { clients, seen, hosts } = clientsFor('acme-data-prod.AdminAccess');
    const identity = await callerIdentity(clients.sts());
    const bucket = await checkBucket(clients.s3(), 'acme-data');
    await clients.iam().send(new ListRolesCommand({}));
    clients.destroy();

    assert.deepEqual(identity, { accountId: ACCOUNT, arn: `arn:aws:sts::${ACCOUNT}:assumed-role/AdminAccess/alice`, partition: 'aws' });
    assert.deepEqual(bucket, { status: 'ok', region: 'eu-west-1' });
    // One token exchange for all three clients; IAM's global endpoint is the SDK's choice for the aws partition.
    assert.deepEqual(hosts(), ['portal.sso.eu-west-1.amazonaws.com', 'sts.eu-west-1.amazonaws.com', 'acme-data.s3.eu-west-1.amazonaws.com', 'iam.amazonaws.com']);
    const [exchange, sts] = seen;
    assert.equal(exchange.path, '/federation/credentials');
    assert.deepEqual(exchange.query, { account_id: ACCOUNT, role_name: 'AdminAccess' });
    assert.equal(exchange.headers['x-amz-sso_bearer_token'], SSO_TOKEN);
    assert.match(sts.headers.authorization, /Credential=ASIAFAKESSO\/\d{8}\/eu-west-1\/sts\/aws4_request/);
    for (const request of seen.slice(1)) {
      assert.ok(!JSON.stringify(request.headers).includes(SSO_TOKEN), `the SSO token went to ${request.host}`);
    }
  });

  it('a legacy SSO profile: token exchange in its sso_region, calls in its region', async () => {
    const { clients, hosts } = clientsFor('legacy-sso');
    await callerIdentity(clients.sts());
    await checkBucket(clients.s3(), 'acme-data');
    clients.destroy();
    assert.deepEqual(hosts(), ['portal.sso.ap-southeast-2.amazonaws.com', 'sts.eu-central-1.amazonaws.com', 'acme-data.s3.eu-central-1.amazonaws.com']);
  });

  it('AWS_REGION moves the calls, not the SSO token exchange', async () => {
    const { clients, hosts } = clientsFor('acme-data-prod.AdminAccess', { env: { ...home.env, AWS_REGION: 'eu-north-1' } });
    await callerIdentity(clients.sts());
    clients.destroy();
    assert.deepEqual(hosts(), ['portal.sso.eu-west-1.amazonaws.com', 'sts.eu-north-1.amazonaws.com']);
  });

  it('assume-role: the role is assumed with STS in the profile\'s region', async () => {
    const { clients, seen, hosts } = clientsFor('admin');
    await callerIdentity(clients.sts());
    clients.destroy();
    assert.deepEqual(hosts(), ['sts.eu-west-1.amazonaws.com', 'sts.eu-west-1.amazonaws.com']);
    assert.deepEqual(
      seen.map((s) => s.action),
      ['AssumeRole', 'GetCallerIdentity'],
    );
  });

  it('credential_process: calls in the profile\'s region', async () => {
    const { clients, seen, hosts } = clientsFor('tool');
    await callerIdentity(clients.sts());
    clients.destroy();
    assert.deepEqual(hosts(), ['sts.ap-northeast-1.amazonaws.com']);
    assert.match(seen[0].headers.authorization, /Credential=AKIAFAKEPROCESS\/\d{8}\/ap-northeast-1\/sts\//);
  });

  it('no region anywhere: AWS_DEFAULT_REGION if set, else the SDK\'s default', async () => {
    const withDefault = clientsFor('no-region', { env: { ...home.env, AWS_DEFAULT_REGION: 'sa-east-1' } });
    await callerIdentity(withDefault.clients.sts());
    withDefault.clients.destroy();
    assert.deepEqual(withDefault.hosts(), ['sts.sa-east-1.amazonaws.com']);

    const bare = clientsFor('no-region');
    await callerIdentity(bare.clients.sts());
    bare.clients.destroy();
    assert.deepEqual(bare.hosts(), ['sts.us-east-1.amazonaws.com']);
    assert.equal((await bare.clients.target()).regionFrom, 'the SDK\'s default (no region set)');
  });

  it('with databendIam.aws.endpointUrl set, STS goes there but the SSO token still goes only to AWS', async () => {
    const { clients, seen, hosts } = clientsFor('acme-data-prod.AdminAccess', { endpoint: 'http://127.0.0.1:9' });
    await callerIdentity(clients.sts());
    clients.destroy();
    assert.deepEqual(hosts(), ['portal.sso.eu-west-1.amazonaws.com', '127.0.0.1']);
    assert.ok(!JSON.stringify(seen[1].headers).includes(SSO_TOKEN));
  });

  it('with the endpoint set, an assume-role profile assumes its role there too', async () => {
    const { clients, seen } = clientsFor('admin', { endpoint: 'http://127.0.0.1:9' });
    await callerIdentity(clients.sts());
    clients.destroy();
    assert.deepEqual(
      seen.map((s) => `${s.host} ${s.action}`),
      ['127.0.0.1 AssumeRole', '127.0.0.1 GetCallerIdentity'],
    );
    assert.match(seen[0].headers.authorization, /\/eu-west-1\/sts\//);
  });

  describe('profiles outside the aws partition are refused before any call', () => {
    const cases: [string, Partial<AwsSettings>, RegExp][] = [
      ['cn', {}, /"cn" is in AWS China \(partition aws-cn: region cn-north-1 from the profile "cn"\)/],
      ['gov-sso', {}, /"gov-sso" is in AWS GovCloud \(US\) \(partition aws-us-gov: the sso_region us-gov-west-1 of its sso-session "gov"\)/],
      ['gov-role', {}, /"gov-role" is in AWS GovCloud \(US\) \(partition aws-us-gov: its role_arn arn:aws-us-gov:iam::111122223333:role\/admin\)/],
      ['base', { env: { AWS_REGION: 'cn-northwest-1' } }, /"base" is in AWS China \(partition aws-cn: region cn-northwest-1 from AWS_REGION\)/],
    ];
    for (const [profile, extra, message] of cases) {
      it(`${profile}${extra.env ? ' with AWS_REGION=cn-northwest-1' : ''}`, async () => {
        const { clients, seen } = clientsFor(profile, { ...extra, env: { ...home.env, ...extra.env } });
        await assert.rejects(callerIdentity(clients.sts()), (error: Error) => {
          assert.equal(error.name, 'AwsProfileError');
          assert.match(error.message, message);
          assert.match(error.message, /Databend Cloud's role is in the commercial partition "aws".*Nothing was sent to AWS/);
          return true;
        });
        await assert.rejects(checkBucket(clients.s3(), 'acme-data').then((b) => assert.fail(`bucket check answered ${JSON.stringify(b)}`)), /AWS China|GovCloud/);
        await assert.rejects(clients.iam().send(new ListRolesCommand({})), /AWS China|GovCloud/);
        clients.destroy();
        assert.deepEqual(seen, [], 'no request left, not even the SSO token exchange');
      });
    }
  });
});
