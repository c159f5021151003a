// AWS faults moto cannot produce on demand, from a loopback proxy in front of it: the
// chosen action is answered with an AWS error, everything else goes through to moto.

import { IAMClient, ListAttachedRolePoliciesCommand, ListPoliciesCommand, ListRolesCommand } from '@aws-sdk/client-iam';
import * as assert from 'node:assert/strict';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AwsClients } from '../../src/aws/clients';
import { SdkIamGateway } from '../../src/aws/iamGateway';
import { callerIdentity } from '../../src/aws/identity';
import { applyPlan, ApplyOptions, planProvisioning, PROPAGATION_RETRY_DELAYS_MS } from '../../src/aws/provision';
import { desiredState, DesiredInput } from '../../src/core/desired';
import { MOTO_ACCOUNT, MOTO_CREDENTIALS } from '../support/moto';
import { recordReliability } from '../support/reliability';
import { profileFiles } from './aws-fixtures';
import { localMoto } from './fixtures';

interface Fault {
  action: string;
  status: number;
  code: string;
  message: string;
  /** Answer this many matching requests, then let them through (unlimited when absent). */
  times?: number;
}

/** Answers `fault.action` with an AWS error; forwards everything else to moto. */
function faultProxy(target: string, fault: () => Fault | undefined): Promise<{ endpoint: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server: Server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const current = fault();
      if (current && (current.times ?? 1) > 0 && body.toString().includes(`Action=${current.action}`)) {
        hits += 1;
        if (current.times !== undefined) current.times -= 1;
        response.writeHead(current.status, { 'Content-Type': 'text/xml' });
        response.end(`<ErrorResponse><Error><Type>Sender</Type><Code>${current.code}</Code><Message>${current.message}</Message></Error><RequestId>proxy</RequestId></ErrorResponse>`);
        return;
      }
      void fetch(`${target}${request.url}`, { method: request.method, headers: request.headers as Record<string, string>, body: request.method === 'GET' ? undefined : body }).then(async (upstream) => {
        response.writeHead(upstream.status, Object.fromEntries(upstream.headers.entries()));
        response.end(Buffer.from(await upstream.arrayBuffer()));
      });
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as { port: number };
      resolve({ endpoint: `http://127.0.0.1:${address.port}`, hits: () => hits, close: () => new Promise((done) => server.close(() => done())) });
    }),
  );
}

const input: DesiredInput = {
  accountId: MOTO_ACCOUNT,
  partition: 'aws',
  bucket: 'fault-bucket',
  databendRoleArn: 'arn:aws:iam::123456789012:role/xxxxxxx/tnabcdefg/xxxxxxx-tnabcdefg',
  externalId: 'fault-external-id',
  roleName: 'databend-fault',
  policyName: 'databend-fault',
};

describe('AWS faults during provisioning', function () {
  this.timeout(120_000);
  let look: IAMClient;
  let motoEndpoint: string;
  let current: Fault | undefined;
  let proxy: Awaited<ReturnType<typeof faultProxy>>;
  let faults = 0;

  before(async function () {
    this.timeout(120_000);
    motoEndpoint = (await localMoto()).endpoint;
    look = new IAMClient({ endpoint: motoEndpoint, region: 'us-east-1', credentials: MOTO_CREDENTIALS });
    proxy = await faultProxy(motoEndpoint, () => current);
  });

  beforeEach(async () => {
    await (await localMoto()).reset();
    current = undefined;
  });

  after(async () => {
    look.destroy();
    await proxy.close();
    recordReliability('AWS faults injected through the proxy', faults);
  });

  async function provisionThroughProxy(options: ApplyOptions = {}, expectFailure = true): Promise<Error | undefined> {
    const clients = new AwsClients({ profile: 'moto', endpoint: proxy.endpoint, region: 'us-east-1', env: profileFiles() });
    try {
      const gateway = new SdkIamGateway(clients.iam());
      const { plan } = await planProvisioning(gateway, desiredState(input));
      await applyPlan(gateway, plan, options);
      return expectFailure ? assert.fail('provisioning should fail') : undefined;
    } catch (error) {
      if (!expectFailure) throw error;
      return error as Error;
    } finally {
      clients.destroy();
    }
  }

  async function failure(options: ApplyOptions = {}): Promise<Error> {
    return (await provisionThroughProxy(options)) as Error;
  }

  async function nothingLeft(): Promise<void> {
    assert.equal((await look.send(new ListRolesCommand({}))).Roles?.length, 0, 'no role left behind');
    assert.equal((await look.send(new ListPoliciesCommand({ Scope: 'Local' }))).Policies?.length, 0, 'no policy left behind');
  }

  it('throttling that outlasts the retries: says to wait and run again, leaves nothing', async () => {
    current = { action: 'CreateRole', status: 400, code: 'Throttling', message: 'Rate exceeded' };
    const before = proxy.hits();
    const error = await failure();
    faults += 1;
    assert.match(error.message, /throttling.*retries ran out.*run it again/i);
    assert.equal(proxy.hits() - before, 3, 'the SDK tried three times');
    await nothingLeft();
  });

  it('AccessDenied on CreateRole: names the missing permission, leaves nothing', async () => {
    current = { action: 'CreateRole', status: 403, code: 'AccessDenied', message: `User: arn:aws:iam::${MOTO_ACCOUNT}:user/dev is not authorized to perform: iam:CreateRole on resource: role databend-fault` };
    const error = await failure();
    faults += 1;
    assert.match(error.message, /lacks the permission iam:CreateRole/);
    await nothingLeft();
  });

  it('CreateRole denied by an organization rule: says so and what to ask, leaves nothing', async () => {
    const role = `arn:aws:iam::${MOTO_ACCOUNT}:role/databend-fault`;
    current = { action: 'CreateRole', status: 403, code: 'AccessDenied', message: `User: arn:aws:iam::${MOTO_ACCOUNT}:user/x is not authorized to perform: iam:CreateRole on resource: ${role} with an explicit deny in a service control policy` };
    const error = await failure();
    faults += 1;
    assert.match(error.message, new RegExp(`^Could not create the IAM role databend-fault.*: an organization rule blocks iam:CreateRole on ${role}: an explicit deny in a service control policy \\(SCP\\)`));
    assert.match(error.message, /Ask your AWS administrator which rule this is/);
    assert.match(error.message, /Everything this run had created was removed again\.$/);
    await nothingLeft();
  });

  it('failure between CreateRole and AttachRolePolicy: both undone', async () => {
    current = { action: 'AttachRolePolicy', status: 400, code: 'LimitExceeded', message: 'Cannot exceed quota for PoliciesPerRole: 10' };
    const error = await failure();
    faults += 1;
    assert.match(error.message, /IAM limit was reached.*removed again/);
    await nothingLeft();
  });

  it('NoSuchEntity from AttachRolePolicy right after CreatePolicy (IAM not caught up yet): retried with backoff, then attached', async () => {
    current = { action: 'AttachRolePolicy', status: 404, code: 'NoSuchEntity', message: `Policy arn:aws:iam::${MOTO_ACCOUNT}:policy/databend-fault does not exist or is not attachable.`, times: 2 };
    const waited: number[] = [];
    await provisionThroughProxy({ sleep: async (ms) => void waited.push(ms) }, false);
    faults += 2;
    assert.deepEqual(waited, PROPAGATION_RETRY_DELAYS_MS.slice(0, 2));
    const attached = (await look.send(new ListAttachedRolePoliciesCommand({ RoleName: 'databend-fault' }))).AttachedPolicies ?? [];
    assert.deepEqual(attached.map((a) => a.PolicyName), ['databend-fault']);
  });

  it('NoSuchEntity that never clears: gives up after the bounded waits, leaves nothing', async () => {
    current = { action: 'AttachRolePolicy', status: 404, code: 'NoSuchEntity', message: 'The role with name databend-fault cannot be found.' };
    const waited: number[] = [];
    const before = proxy.hits();
    const error = await failure({ sleep: async (ms) => void waited.push(ms) });
    faults += 1;
    assert.deepEqual(waited, [...PROPAGATION_RETRY_DELAYS_MS]);
    assert.equal(proxy.hits() - before, PROPAGATION_RETRY_DELAYS_MS.length + 1);
    assert.match(error.message, /cannot be found.*removed again/);
    await nothingLeft();
  });

  it('expired credentials: says to refresh them', async () => {
    current = { action: 'GetCallerIdentity', status: 403, code: 'ExpiredToken', message: 'The security token included in the request is expired' };
    const clients = new AwsClients({ profile: 'moto', endpoint: proxy.endpoint, region: 'us-east-1', env: profileFiles() });
    await assert.rejects(callerIdentity(clients.sts()), /expired\. Refresh them/);
    clients.destroy();
    faults += 1;
  });

  it('endpoint down: says AWS cannot be reached, naming the endpoint', async () => {
    const clients = new AwsClients({ profile: 'moto', endpoint: 'http://127.0.0.1:9', region: 'us-east-1', env: profileFiles() });
    await assert.rejects(callerIdentity(clients.sts()), /could not be reached.*127\.0\.0\.1:9/);
    clients.destroy();
    faults += 1;
  });
});
