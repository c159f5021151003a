// Provisioning against moto: minimal calls, idempotence, updates, the version limit,
// rollback, refusal to touch what is not ours, and teardown in AWS's order.

import {
  AttachRolePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListPoliciesCommand,
  ListPolicyVersionsCommand,
  ListRolesCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
} from '@aws-sdk/client-iam';
import * as assert from 'node:assert/strict';
import { AwsClients } from '../../src/aws/clients';
import { IamGateway, SdkIamGateway } from '../../src/aws/iamGateway';
import { callerIdentity } from '../../src/aws/identity';
import { applyPlan, planProvisioning, ProvisionError, teardown } from '../../src/aws/provision';
import { desiredState, DesiredInput } from '../../src/core/desired';
import { canonicalJson, MANAGED_TAG } from '../../src/core/plan';
import { permissionPolicy, trustPolicy } from '../../src/core/policies';
import { MOTO_ACCOUNT } from '../support/moto';
import { FAKE_SECRET, inspector, motoClients } from './aws-fixtures';
import { localMoto } from './fixtures';

const DATABEND_ROLE = 'arn:aws:iam::123456789012:role/xxxxxxx/tnabcdefg/xxxxxxx-tnabcdefg';

const input: DesiredInput = {
  accountId: MOTO_ACCOUNT,
  partition: 'aws',
  bucket: 'test-bucket-123',
  databendRoleArn: DATABEND_ROLE,
  externalId: 'my-external-id-123',
  roleName: 'databend-test',
  policyName: 'databend-test',
};
const POLICY_ARN = `arn:aws:iam::${MOTO_ACCOUNT}:policy/databend-test`;

function writes(calls: string[]): string[] {
  return calls.filter((c) => !/ (Get|List)/.test(c));
}

function reads(calls: string[]): string[] {
  return calls.filter((c) => / (Get|List)/.test(c)).sort();
}

async function decoded(raw: string | undefined): Promise<unknown> {
  return JSON.parse(raw!.startsWith('{') ? raw! : decodeURIComponent(raw!));
}

describe('IAM provisioning on moto', function () {
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

  beforeEach(async () => {
    await (await localMoto()).reset();
    ({ clients, calls } = motoClients(endpoint));
    gateway = new SdkIamGateway(clients.iam());
  });

  afterEach(() => clients.destroy());

  async function provision(changes: Partial<DesiredInput> = {}) {
    calls.length = 0;
    const { plan } = await planProvisioning(gateway, desiredState({ ...input, ...changes }));
    const result = await applyPlan(gateway, plan);
    return { plan, result, calls: [...calls] };
  }

  it('provisions from scratch with the minimal calls, tags passed at creation', async () => {
    const { plan, result, calls: made } = await provision();
    assert.deepEqual(plan.steps.map((s) => s.kind), ['createPolicy', 'createRole', 'attachPolicy']);
    assert.deepEqual(reads(made), ['IAM GetPolicy', 'IAM GetRole']);
    assert.deepEqual(writes(made), ['IAM CreatePolicy', 'IAM CreateRole', 'IAM AttachRolePolicy']);
    assert.equal(result.roleArn, `arn:aws:iam::${MOTO_ACCOUNT}:role/databend-test`);

    const role = (await look.send(new GetRoleCommand({ RoleName: 'databend-test' }))).Role!;
    assert.equal(canonicalJson(await decoded(role.AssumeRolePolicyDocument)), canonicalJson(trustPolicy({ principalArn: DATABEND_ROLE, externalId: 'my-external-id-123' })));
    assert.ok(role.Tags?.some((t) => t.Key === MANAGED_TAG));
    const attached = await look.send(new ListAttachedRolePoliciesCommand({ RoleName: 'databend-test' }));
    assert.deepEqual(attached.AttachedPolicies?.map((p) => p.PolicyArn), [POLICY_ARN]);
    const version = await look.send(new GetPolicyVersionCommand({ PolicyArn: POLICY_ARN, VersionId: 'v1' }));
    assert.equal(canonicalJson(await decoded(version.PolicyVersion?.Document)), canonicalJson(permissionPolicy({ bucket: 'test-bucket-123' })));
  });

  it('changes nothing on a second run, with reads only', async () => {
    await provision();
    const { plan, calls: made } = await provision();
    assert.deepEqual(plan.steps, []);
    assert.deepEqual(writes(made), []);
    assert.deepEqual(reads(made), ['IAM GetPolicy', 'IAM GetPolicyVersion', 'IAM GetRole', 'IAM ListAttachedRolePolicies']);
  });

  it('updates only the trust policy when the external ID changes', async () => {
    await provision();
    const { plan, calls: made } = await provision({ externalId: 'a-new-external-id' });
    assert.deepEqual(plan.steps.map((s) => s.kind), ['updateTrustPolicy']);
    assert.deepEqual(writes(made), ['IAM UpdateAssumeRolePolicy']);
    const role = (await look.send(new GetRoleCommand({ RoleName: 'databend-test' }))).Role!;
    assert.match(JSON.stringify(await decoded(role.AssumeRolePolicyDocument)), /a-new-external-id/);
  });

  it('deletes the oldest non-default version when the policy has five', async () => {
    await provision();
    for (const bucket of ['b-two', 'b-three', 'b-four', 'b-five']) {
      await look.send(new CreatePolicyVersionCommand({ PolicyArn: POLICY_ARN, PolicyDocument: JSON.stringify(permissionPolicy({ bucket })), SetAsDefault: bucket === 'b-five' }));
    }
    const { plan, calls: made } = await provision({ access: 'read' });
    // Read only now: the role's description says so too.
    assert.deepEqual(plan.steps.map((s) => s.kind), ['deletePolicyVersion', 'createPolicyVersion', 'updateRoleDescription']);
    assert.deepEqual(writes(made), ['IAM DeletePolicyVersion', 'IAM CreatePolicyVersion', 'IAM UpdateRole']);
    assert.match((await look.send(new GetRoleCommand({ RoleName: 'databend-test' }))).Role?.Description ?? '', /^Lets Databend Cloud read s3:\/\/test-bucket-123 /);
    const versions = (await look.send(new ListPolicyVersionsCommand({ PolicyArn: POLICY_ARN }))).Versions!;
    assert.equal(versions.length, 5);
    assert.ok(!versions.some((v) => v.VersionId === 'v1'), 'the oldest version went');
    const current = versions.find((v) => v.IsDefaultVersion)!;
    const document = await look.send(new GetPolicyVersionCommand({ PolicyArn: POLICY_ARN, VersionId: current.VersionId }));
    assert.equal(canonicalJson(await decoded(document.PolicyVersion?.Document)), canonicalJson(permissionPolicy({ bucket: 'test-bucket-123', access: 'read' })));
  });

  it('rolls back what the run created when a step fails', async () => {
    const failing: IamGateway = Object.create(gateway, {
      attachPolicy: { value: async () => Promise.reject(Object.assign(new Error('User: x is not authorized to perform: iam:AttachRolePolicy on resource: role'), { name: 'AccessDenied' })) },
    });
    const { plan } = await planProvisioning(failing, desiredState(input));
    const error = await applyPlan(failing, plan).then(
      () => assert.fail('the run should fail'),
      (e: unknown) => e as ProvisionError,
    );
    assert.ok(error instanceof ProvisionError, String(error));
    assert.match(error.message, /lacks the permission iam:AttachRolePolicy/);
    assert.match(error.message, /removed again/);
    assert.deepEqual(error.leftBehind, []);
    assert.deepEqual(error.undone, ['delete the role databend-test', `delete the policy ${POLICY_ARN}`]);
    assert.equal((await look.send(new ListRolesCommand({}))).Roles?.length, 0);
    assert.equal((await look.send(new ListPoliciesCommand({ Scope: 'Local' }))).Policies?.length, 0);
  });

  it('leaves an existing role alone unless the user confirms, and then adopts it', async () => {
    const foreignTrust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    await look.send(new CreateRoleCommand({ RoleName: 'databend-test', AssumeRolePolicyDocument: foreignTrust }));
    const { plan } = await planProvisioning(gateway, desiredState(input));
    assert.deepEqual(plan.unmanaged, ['role']);
    await assert.rejects(applyPlan(gateway, plan), /not created by this extension .*nothing was changed/);
    const untouched = (await look.send(new GetRoleCommand({ RoleName: 'databend-test' }))).Role!;
    assert.equal(canonicalJson(await decoded(untouched.AssumeRolePolicyDocument)), canonicalJson(JSON.parse(foreignTrust)));
    assert.equal((await look.send(new ListPoliciesCommand({ Scope: 'Local' }))).Policies?.length, 0, 'not even the policy was created');

    await applyPlan(gateway, plan, { confirmedUnmanaged: true });
    const adopted = (await look.send(new GetRoleCommand({ RoleName: 'databend-test' }))).Role!;
    assert.ok(adopted.Tags?.some((t) => t.Key === MANAGED_TAG));
  });

  it('tears down in the order AWS requires, and only what it created', async () => {
    await provision();
    await look.send(new CreatePolicyVersionCommand({ PolicyArn: POLICY_ARN, PolicyDocument: JSON.stringify(permissionPolicy({ bucket: 'other-bucket' })), SetAsDefault: false }));
    await look.send(new PutRolePolicyCommand({ RoleName: 'databend-test', PolicyName: 'inline', PolicyDocument: JSON.stringify(permissionPolicy({ bucket: 'other-bucket' })) }));
    calls.length = 0;
    const result = await teardown(gateway, { roleName: 'databend-test', policyArn: POLICY_ARN });
    assert.deepEqual(calls.slice(2), [
      'IAM ListAttachedRolePolicies',
      'IAM DetachRolePolicy',
      'IAM ListEntitiesForPolicy',
      'IAM ListPolicyVersions',
      'IAM DeletePolicyVersion',
      'IAM DeletePolicy',
      'IAM ListRolePolicies',
      'IAM DeleteRolePolicy',
      'IAM DeleteRole',
    ]);
    assert.deepEqual(result.kept, []);
    assert.equal((await look.send(new ListRolesCommand({}))).Roles?.length, 0);
    assert.equal((await look.send(new ListPoliciesCommand({ Scope: 'Local' }))).Policies?.length, 0);
  });

  it('keeps a policy still attached to another role, versions and all, and says where it is attached', async () => {
    await provision();
    await look.send(new CreatePolicyVersionCommand({ PolicyArn: POLICY_ARN, PolicyDocument: JSON.stringify(permissionPolicy({ bucket: 'other-bucket' })), SetAsDefault: false }));
    await look.send(new CreateRoleCommand({ RoleName: 'analytics-team', AssumeRolePolicyDocument: JSON.stringify(trustPolicy({ principalArn: DATABEND_ROLE, externalId: 'x-2' })) }));
    await look.send(new AttachRolePolicyCommand({ RoleName: 'analytics-team', PolicyArn: POLICY_ARN }));
    const result = await teardown(gateway, { roleName: 'databend-test', policyArn: POLICY_ARN });
    assert.deepEqual(result.removed, ['the role databend-test']);
    assert.match(result.kept.join('\n'), new RegExp(`the policy ${POLICY_ARN} \\(still attached to role analytics-team`));
    const versions = (await look.send(new ListPolicyVersionsCommand({ PolicyArn: POLICY_ARN }))).Versions!;
    assert.equal(versions.length, 2, 'no version of the shared policy was deleted');
  });

  it('a rollback puts back the tag values it overwrote, and removes only the tags it added', async () => {
    await provision();
    // Someone retagged the role since; the next run sets the tag back, then fails and rolls back.
    await look.send(new TagRoleCommand({ RoleName: 'databend-test', Tags: [{ Key: 'databend-iam-role:bucket', Value: 'changed-by-hand' }] }));
    await look.send(new UntagRoleCommand({ RoleName: 'databend-test', TagKeys: ['databend-iam-role:location'] }));
    const failing: IamGateway = Object.create(gateway, {
      updateTrustPolicy: { value: async () => Promise.reject(Object.assign(new Error('User: x is not authorized to perform: iam:UpdateAssumeRolePolicy on resource: role'), { name: 'AccessDenied' })) },
    });
    const { plan } = await planProvisioning(failing, desiredState({ ...input, externalId: 'another-id-9' }));
    assert.deepEqual(plan.steps.map((s) => s.kind), ['tagRole', 'updateTrustPolicy']);
    // The bucket tag edited by hand makes the role look made for another location: the user confirmed.
    await assert.rejects(applyPlan(failing, plan, { confirmedOtherLocation: true }), /lacks the permission iam:UpdateAssumeRolePolicy/);
    const tags = Object.fromEntries(((await look.send(new GetRoleCommand({ RoleName: 'databend-test' }))).Role!.Tags ?? []).map((t) => [t.Key, t.Value]));
    assert.equal(tags['databend-iam-role:bucket'], 'changed-by-hand', 'the overwritten value is back');
    assert.equal(tags['databend-iam-role:location'], undefined, 'the added tag is gone again');
  });

  it('refuses to tear down a role it did not create', async () => {
    await look.send(new CreateRoleCommand({ RoleName: 'someone-elses', AssumeRolePolicyDocument: JSON.stringify(trustPolicy({ principalArn: DATABEND_ROLE, externalId: 'x-1' })) }));
    const result = await teardown(gateway, { roleName: 'someone-elses', policyArn: POLICY_ARN });
    assert.deepEqual(result.removed, []);
    assert.match(result.kept.join(), /not created by this extension/);
    assert.equal((await look.send(new ListRolesCommand({}))).Roles?.length, 1);
  });

  it('never lets the secret key of the profile reach calls, results or errors', async () => {
    const seen: string[] = [];
    const { clients: c, calls: made } = motoClients(endpoint);
    const g = new SdkIamGateway(c.iam());
    const { plan } = await planProvisioning(g, desiredState(input));
    seen.push(JSON.stringify(plan), JSON.stringify(await applyPlan(g, plan)), JSON.stringify(await callerIdentity(c.sts())));
    // A failing call: nothing listens on port 9.
    const { clients: down } = motoClients('http://127.0.0.1:9');
    const error = await planProvisioning(new SdkIamGateway(down.iam()), desiredState(input)).catch((e: Error) => e);
    assert.match(String(error), /could not be reached|ECONNREFUSED/);
    seen.push(String(error), (error as Error).stack ?? '', JSON.stringify(made));
    c.destroy();
    down.destroy();
    assert.ok(made.length > 0);
    for (const text of seen) {
      assert.ok(!text.includes(FAKE_SECRET), `the secret leaked into: ${text.slice(0, 200)}`);
    }
  });
});
