// Organization guardrails on moto (issue 13, item 3): CreateRole with a permissions boundary,
// a path and tags, read back with GetRole; a re-run that changes the boundary or the tags
// sends only that difference; a role cannot be moved to another path.

import { CreatePolicyCommand, GetRoleCommand, IAMClient, ListRoleTagsCommand } from '@aws-sdk/client-iam';
import * as assert from 'node:assert/strict';
import { AwsClients } from '../../src/aws/clients';
import { IamGateway, SdkIamGateway } from '../../src/aws/iamGateway';
import { applyPlan, planProvisioning } from '../../src/aws/provision';
import { desiredState, DesiredInput } from '../../src/core/desired';
import { MANAGED_TAG } from '../../src/core/plan';
import { MOTO_ACCOUNT } from '../support/moto';
import { inspector, motoClients } from './aws-fixtures';
import { localMoto } from './fixtures';

const DATABEND_ROLE = 'arn:aws:iam::123456789012:role/xxxxxxx/tnabcdefg/xxxxxxx-tnabcdefg';
const BOUNDARY = `arn:aws:iam::${MOTO_ACCOUNT}:policy/org/OrgBoundary`;
const OTHER_BOUNDARY = `arn:aws:iam::${MOTO_ACCOUNT}:policy/org/StricterBoundary`;

const input: DesiredInput = {
  accountId: MOTO_ACCOUNT,
  partition: 'aws',
  bucket: 'guarded-bucket',
  databendRoleArn: DATABEND_ROLE,
  externalId: 'guarded-external-id',
  roleName: 'databend-guarded',
  policyName: 'databend-guarded-access',
  permissionsBoundary: BOUNDARY,
  rolePath: '/databend/',
  roleTags: { team: 'data', 'cost-center': '1234' },
};

const writes = (calls: string[]) => calls.filter((c) => !/ (Get|List)/.test(c));

describe('organization guardrails on moto', function () {
  this.timeout(60_000);
  let endpoint: string;
  let look: IAMClient;
  let clients: AwsClients;
  let calls: string[];
  let gateway: IamGateway;

  before(async function () {
    this.timeout(120_000);
    endpoint = (await localMoto()).endpoint;
    look = inspector(endpoint);
  });

  after(() => look.destroy());

  beforeEach(async () => {
    await (await localMoto()).reset();
    ({ clients, calls } = motoClients(endpoint));
    gateway = new SdkIamGateway(clients.iam());
    // The boundaries an administrator made: managed policies under the path /org/.
    const document = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] });
    for (const name of ['OrgBoundary', 'StricterBoundary']) await look.send(new CreatePolicyCommand({ PolicyName: name, Path: '/org/', PolicyDocument: document }));
  });

  afterEach(() => clients.destroy());

  async function provision(changes: Partial<DesiredInput> = {}) {
    calls.length = 0;
    const { plan } = await planProvisioning(gateway, desiredState({ ...input, ...changes }));
    const result = await applyPlan(gateway, plan);
    return { plan, result, writes: writes(calls) };
  }

  async function roleHolds() {
    const role = (await look.send(new GetRoleCommand({ RoleName: 'databend-guarded' }))).Role!;
    const tags = (await look.send(new ListRoleTagsCommand({ RoleName: 'databend-guarded' }))).Tags ?? [];
    return { arn: role.Arn, path: role.Path, boundary: role.PermissionsBoundary?.PermissionsBoundaryArn, tags: Object.fromEntries(tags.map((t) => [t.Key, t.Value])) };
  }

  it('creates the role with the boundary, the path and the tags in CreateRole, and GetRole reads them back', async () => {
    const { result, writes: made } = await provision();
    assert.deepEqual(made, ['IAM CreatePolicy', 'IAM CreateRole', 'IAM AttachRolePolicy'], 'no separate boundary or tag call');
    assert.equal(result.roleArn, `arn:aws:iam::${MOTO_ACCOUNT}:role/databend/databend-guarded`);
    const held = await roleHolds();
    assert.deepEqual({ arn: held.arn, path: held.path, boundary: held.boundary }, { arn: result.roleArn, path: '/databend/', boundary: BOUNDARY });
    assert.equal(held.tags.team, 'data');
    assert.equal(held.tags['cost-center'], '1234');
    assert.equal(held.tags[MANAGED_TAG], 'true');
    // The adapter's own read-back, which the next plan compares with.
    const read = await gateway.getRole('databend-guarded');
    assert.deepEqual({ path: read?.path, boundary: read?.permissionsBoundary }, { path: '/databend/', boundary: BOUNDARY });
  });

  it('a re-run with nothing changed sends no write', async () => {
    await provision();
    const again = await provision();
    assert.deepEqual(again.plan.steps, []);
    assert.deepEqual(again.writes, []);
  });

  it('a re-run with another boundary sends only PutRolePermissionsBoundary', async () => {
    await provision();
    const again = await provision({ permissionsBoundary: OTHER_BOUNDARY });
    assert.deepEqual(again.writes, ['IAM PutRolePermissionsBoundary']);
    assert.equal((await roleHolds()).boundary, OTHER_BOUNDARY);
  });

  it('a re-run without a boundary sends only DeleteRolePermissionsBoundary', async () => {
    await provision();
    const again = await provision({ permissionsBoundary: undefined });
    assert.deepEqual(again.writes, ['IAM DeleteRolePermissionsBoundary']);
    assert.equal((await roleHolds()).boundary, undefined);
  });

  it('a re-run with a changed and a new tag tags the role and the policy with only those', async () => {
    await provision();
    const again = await provision({ roleTags: { team: 'analytics', 'cost-center': '1234', owner: 'me@example.com' } });
    assert.deepEqual(again.writes, ['IAM TagPolicy', 'IAM TagRole']);
    const step = again.plan.steps.find((s) => s.kind === 'tagRole');
    assert.deepEqual(step?.kind === 'tagRole' && step.tags, { team: 'analytics', owner: 'me@example.com' });
    const held = await roleHolds();
    assert.deepEqual([held.tags.team, held.tags.owner, held.tags['cost-center']], ['analytics', 'me@example.com', '1234']);
  });

  it('refuses to move the role to another path, before any write', async () => {
    await provision();
    calls.length = 0;
    await assert.rejects(planProvisioning(gateway, desiredState({ ...input, rolePath: '/other/' })), /already exists under the path \/databend\/, and IAM cannot change a role's path/);
    assert.deepEqual(writes(calls), []);
  });

  it('refuses a re-run that would give the role a 51st tag, before any write, saying how many it has', async () => {
    const full = Object.fromEntries(Array.from({ length: 47 }, (_, i) => [`key${i}`, 'v']));
    await provision({ roleTags: full });
    assert.equal(Object.keys((await roleHolds()).tags).length, 50);
    calls.length = 0;
    await assert.rejects(
      planProvisioning(gateway, desiredState({ ...input, roleTags: { extra: '1' } })),
      /The role databend-guarded already has 50 tags, and this run would add 1 \(extra\): IAM allows 50 tags per role\./,
    );
    assert.deepEqual(writes(calls), []);
    assert.equal((await roleHolds()).tags.extra, undefined);
  });

  it('refuses a permissions boundary IAM does not have (GetPolicy), before any write', async () => {
    const missing = `arn:aws:iam::${MOTO_ACCOUNT}:policy/org/NoSuchBoundary`;
    calls.length = 0;
    await assert.rejects(planProvisioning(gateway, desiredState({ ...input, permissionsBoundary: missing })), /The permissions boundary arn:aws:iam::\d{12}:policy\/org\/NoSuchBoundary does not exist \(IAM GetPolicy: NoSuchEntity\)/);
    assert.ok(calls.includes('IAM GetPolicy'), 'read-only check');
    assert.deepEqual(writes(calls), []);
  });
});
