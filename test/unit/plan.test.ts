import * as assert from 'node:assert/strict';
import { CurrentState, DesiredState, makePlan, MANAGED_TAG, needsPolicyVersions, sameDocument } from '../../src/core/plan';
import { permissionPolicy, trustPolicy } from '../../src/core/policies';
import { GUIDE } from './guide';

const desired: DesiredState = {
  accountId: '987654321987',
  partition: 'aws',
  roleName: 'databend-test',
  policyName: 'databend-test',
  roleDescription: 'Databend reads s3://test-bucket-123',
  trustPolicy: trustPolicy({ principalArn: GUIDE.databendRoleArn, externalId: GUIDE.externalId }),
  permissionPolicy: permissionPolicy({ bucket: GUIDE.bucket }),
  tags: { [MANAGED_TAG]: 'true' },
};
const POLICY_ARN = 'arn:aws:iam::987654321987:policy/databend-test';

function inSync(): CurrentState {
  return {
    role: { arn: GUIDE.roleArn, trustPolicy: desired.trustPolicy, tags: { ...desired.tags }, attachedPolicyArns: [POLICY_ARN] },
    policy: { arn: POLICY_ARN, defaultVersionId: 'v1', defaultDocument: desired.permissionPolicy, tags: { ...desired.tags } },
  };
}

describe('makePlan', () => {
  it('creates policy, role and attachment when nothing exists, with tags at creation', () => {
    const plan = makePlan(desired, {});
    assert.deepEqual(plan.steps.map((s) => s.kind), ['createPolicy', 'createRole', 'attachPolicy']);
    assert.equal(plan.roleArn, 'arn:aws:iam::987654321987:role/databend-test');
    assert.equal(plan.policyArn, POLICY_ARN);
    assert.deepEqual(plan.unmanaged, []);
  });

  it('has nothing to do when everything is in place', () => {
    const plan = makePlan(desired, inSync());
    assert.deepEqual(plan.steps, []);
    assert.equal(needsPolicyVersions(desired, inSync()), false);
  });

  it('compares documents by meaning, not by key order or spacing', () => {
    const current = inSync();
    current.role!.trustPolicy = JSON.parse(JSON.stringify({ Statement: desired.trustPolicy.Statement, Version: '2012-10-17' }));
    assert.deepEqual(makePlan(desired, current).steps, []);
    assert.ok(sameDocument({ a: 1, b: { c: 2, d: 3 } }, { b: { d: 3, c: 2 }, a: 1 }));
    assert.ok(!sameDocument({ a: [1, 2] }, { a: [2, 1] }));
  });

  it('only replaces the trust policy when the external ID changes', () => {
    const changed = { ...desired, trustPolicy: trustPolicy({ principalArn: GUIDE.databendRoleArn, externalId: 'another-id' }) };
    const plan = makePlan(changed, inSync());
    assert.deepEqual(plan.steps.map((s) => s.kind), ['updateTrustPolicy']);
    const step = plan.steps[0] as Extract<(typeof plan.steps)[number], { kind: 'updateTrustPolicy' }>;
    assert.deepEqual(step.before, desired.trustPolicy, 'the plan shows the trust policy before');
  });

  it('needs the version list before adding a version, then deletes the oldest non-default at five', () => {
    const changed = { ...desired, permissionPolicy: permissionPolicy({ bucket: GUIDE.bucket, access: 'read' }) };
    const current = inSync();
    assert.equal(needsPolicyVersions(changed, current), true);
    assert.throws(() => makePlan(changed, current), /versions must be read/);
    current.policy!.versions = [
      { versionId: 'v5', isDefault: true, createDate: '2024-05-01T00:00:00Z' },
      { versionId: 'v3', isDefault: false, createDate: '2024-03-01T00:00:00Z' },
      { versionId: 'v2', isDefault: false, createDate: '2024-02-01T00:00:00Z' },
      { versionId: 'v4', isDefault: false, createDate: '2024-04-01T00:00:00Z' },
      { versionId: 'v1', isDefault: false, createDate: '2024-01-01T00:00:00Z' },
    ];
    assert.deepEqual(makePlan(changed, current).steps.map((s) => [s.kind, 'versionId' in s ? s.versionId : '']), [
      ['deletePolicyVersion', 'v1'],
      ['createPolicyVersion', ''],
    ]);
    current.policy!.versions = current.policy!.versions.slice(0, 3);
    assert.deepEqual(makePlan(changed, current).steps.map((s) => s.kind), ['createPolicyVersion']);
  });

  it('attaches the policy when the role lacks it', () => {
    const current = inSync();
    current.role!.attachedPolicyArns = ['arn:aws:iam::aws:policy/ReadOnlyAccess'];
    assert.deepEqual(makePlan(desired, current).steps.map((s) => s.kind), ['attachPolicy']);
  });

  it('flags existing resources without the managed tag that it would change', () => {
    const current = inSync();
    current.role!.tags = { owner: 'someone-else' };
    current.role!.trustPolicy = { Version: '2012-10-17', Statement: [] };
    const plan = makePlan(desired, current);
    assert.deepEqual(plan.unmanaged, ['role']);
    assert.deepEqual(plan.steps.map((s) => s.kind), ['tagRole', 'updateTrustPolicy']);

    const untouched = inSync();
    untouched.policy!.tags = {};
    assert.deepEqual(makePlan(desired, untouched).unmanaged, ['policy'], 'even adopting it by a tag needs consent');
  });

  it('uses the partition in the ARNs it predicts', () => {
    const plan = makePlan({ ...desired, partition: 'aws-cn' }, {});
    assert.match(plan.roleArn, /^arn:aws-cn:iam::987654321987:role\/databend-test$/);
    assert.match(plan.policyArn, /^arn:aws-cn:iam::987654321987:policy\/databend-test$/);
  });
});

describe('makePlan and the 50 tags IAM allows', () => {
  const userTags = (n: number, prefix = 'k') => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, 'v']));

  it('refuses a re-run that would give the role and the policy a 51st tag, saying how many they have', () => {
    const current = inSync();
    current.role!.tags = { ...current.role!.tags, ...userTags(49) };
    current.policy!.tags = { ...current.policy!.tags, ...userTags(49) };
    assert.throws(
      () => makePlan({ ...desired, tags: { ...desired.tags, extra: '1' } }, current),
      (error: Error) =>
        error.name === 'TagLimitError' &&
        error.message.includes(`The policy ${POLICY_ARN} already has 50 tags, and this run would add 1 (extra): IAM allows 50 tags per policy.`) &&
        error.message.includes('The role databend-test already has 50 tags, and this run would add 1 (extra): IAM allows 50 tags per role.'),
    );
  });

  it('counts a key that differs only in case as the one the role has, and a changed value as no new tag', () => {
    const current = inSync();
    current.role!.tags = { ...current.role!.tags, ...userTags(48), Team: 'data' };
    current.policy!.tags = { ...current.policy!.tags, ...userTags(48), Team: 'data' };
    const plan = makePlan({ ...desired, tags: { ...desired.tags, team: 'analytics', k0: 'changed' } }, current);
    assert.deepEqual(plan.steps.map((s) => s.kind), ['tagPolicy', 'tagRole']);
  });

  it('allows the 50th tag', () => {
    const current = inSync();
    current.role!.tags = { ...current.role!.tags, ...userTags(48) };
    current.policy!.tags = { ...current.policy!.tags, ...userTags(48) };
    const plan = makePlan({ ...desired, tags: { ...desired.tags, extra: '1' } }, current);
    assert.deepEqual(plan.steps.map((s) => s.kind), ['tagPolicy', 'tagRole']);
  });
});
