// The policy checks (src/core/policyChecks.ts) and their evaluator (src/core/policyEval.ts),
// with @cloud-copilot/iam-simulate as the oracle: for the extension's documents and for
// broken ones, every request the checks make gets the same decision from both, the
// generated documents pass every check, and each kind of broken document fails one.
// (iam-simulate is AGPL: a test-only devDependency, never imported by src/.)

import { runSimulation, Simulation } from '@cloud-copilot/iam-simulate';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { desiredState } from '../../src/core/desired';
import { PolicyDocument, permissionPolicy, trustPolicy } from '../../src/core/policies';
import { checkProbes, CheckIntent, checksBlockCreate, CheckedDocuments, describeChecks, policyChecks, Probe } from '../../src/core/policyChecks';
import { evaluatePolicy } from '../../src/core/policyEval';
import { GUIDE } from './guide';

const ACCOUNT = '987654321987';
const KMS_KEY = `arn:aws:kms:us-east-2:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

function intentOf(overrides: Partial<CheckIntent> = {}): CheckIntent {
  return {
    partition: 'aws',
    accountId: ACCOUNT,
    roleName: 'databend-test',
    databendRoleArn: GUIDE.databendRoleArn,
    externalId: GUIDE.externalId,
    bucket: GUIDE.bucket,
    ...overrides,
  };
}

function documentsFor(intent: CheckIntent): CheckedDocuments {
  return {
    trustPolicy: trustPolicy({ principalArn: intent.databendRoleArn, externalId: intent.externalId }),
    permissionPolicy: permissionPolicy({ bucket: intent.bucket, prefix: intent.prefix, moreLocations: intent.moreLocations, access: intent.access, partition: 'aws', kmsKeyArn: intent.kmsKeyArn }),
  };
}

// Databend's own side lets its role assume any role: the trust policy decides.
const ASSUME_ANYTHING = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] };
/** KMS's default key policy: the account's IAM policies decide who uses the key (what the checks assume of a bucket's key). */
const defaultKeyPolicy = (accountId: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'kms:*', Resource: '*' }] });

/** iam-simulate's decision for one probe: allowed or not. */
async function oracle(documents: CheckedDocuments, probe: Probe, intent: CheckIntent): Promise<boolean> {
  const { request } = probe;
  const trust = probe.document === 'trustPolicy';
  const simulation: Simulation = {
    request: {
      principal: trust ? (request.principal as string) : `arn:aws:iam::${intent.accountId}:role/${intent.roleName}`,
      action: request.action,
      resource: { resource: request.resource, accountId: intent.accountId },
      contextVariables: request.context ?? {},
    },
    identityPolicies: [{ name: 'p', policy: trust ? ASSUME_ANYTHING : documents.permissionPolicy }],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(trust ? { resourcePolicy: documents.trustPolicy } : request.action.startsWith('kms:') ? { resourcePolicy: defaultKeyPolicy(intent.accountId) } : {}),
  };
  const result = await runSimulation(simulation, {});
  if (result.resultType === 'error') throw new Error(`iam-simulate refused ${probe.what}: ${JSON.stringify(result.errors)}`);
  return result.overallResult === 'Allowed';
}

/** Every probe decided the same by our evaluator and by iam-simulate. */
async function assertAgrees(documents: CheckedDocuments, intent: CheckIntent): Promise<void> {
  for (const probe of checkProbes(intent)) {
    const ours = evaluatePolicy(documents[probe.document], probe.request);
    assert.ok('decision' in ours, `${probe.what}: ${JSON.stringify(ours)}`);
    assert.equal(ours.decision === 'Allowed', await oracle(documents, probe, intent), `${probe.what} (${JSON.stringify(probe.request)})`);
  }
}

function failedChecks(documents: CheckedDocuments, intent: CheckIntent): string[] {
  return policyChecks(documents, intent)
    .filter((c) => !c.passed)
    .map((c) => c.id);
}

describe('policy checks of the generated documents', () => {
  const shapes: [string, Partial<CheckIntent>][] = [
    ['read-write, whole bucket', {}],
    ['read only, whole bucket', { access: 'read' }],
    ['read-write under a prefix', { prefix: 'data/2024' }],
    ['read only under a prefix, with a KMS key', { access: 'read', prefix: '/logs/', kmsKeyArn: KMS_KEY }],
    ['read-write with a KMS key', { kmsKeyArn: KMS_KEY }],
  ];
  for (const [name, overrides] of shapes) {
    it(`${name}: every check passes, and iam-simulate agrees on every request`, async () => {
      const intent = intentOf(overrides);
      const documents = documentsFor(intent);
      const checks = policyChecks(documents, intent);
      assert.deepEqual(
        checks.map((c) => [c.id, c.passed, c.problems]),
        [
          ['trust', true, []],
          ['list', true, []],
          ['objects', true, []],
          ['outside', true, []],
        ],
      );
      assert.equal(checksBlockCreate(checks), undefined);
      await assertAgrees(documents, intent);
    });
  }

  it('several locations: what desiredState writes for any set of buckets and prefixes passes every check, and iam-simulate agrees (property)', async () => {
    // Buckets from a small set so locations share buckets, nest and sit beside each other (data, data-other).
    const location = fc.record({ bucket: fc.constantFrom('bucket-a', 'bucket-b', 'bucket-a-2', 'databend-check-other-bucket'), prefix: fc.constantFrom('', 'data', 'data-other', 'data/2024', 'other', 'logs') });
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(location, { minLength: 2, maxLength: 4, selector: (l) => `${l.bucket}/${l.prefix}` }), fc.constantFrom('read' as const, 'readwrite' as const), async (locations, access) => {
        const [first, ...more] = locations;
        const intent = intentOf({ bucket: first.bucket, prefix: first.prefix, moreLocations: more, access });
        const desired = desiredState({ ...intent, partition: 'aws', policyName: 'databend-test' });
        const documents = { trustPolicy: desired.trustPolicy, permissionPolicy: desired.permissionPolicy };
        assert.deepEqual(failedChecks(documents, intent), [], JSON.stringify(locations));
        await assertAgrees(documents, intent);
      }),
      { seed: 7, numRuns: 25 },
    );
  });

  it('several locations: a policy that leaves one out fails list and objects, naming it; one that grants the whole bucket for a folder fails objects', () => {
    const intent = intentOf({ bucket: 'bucket-a', moreLocations: [{ bucket: 'bucket-b', prefix: 'exports' }] });
    const onlyFirst = { ...documentsFor(intent), permissionPolicy: permissionPolicy({ bucket: 'bucket-a' }) };
    const checks = policyChecks(onlyFirst, intent);
    assert.deepEqual(checks.filter((c) => !c.passed).map((c) => c.id), ['list', 'objects']);
    assert.match(checks[1].problems.join('\n'), /s3:ListBucket on bucket-b under exports\/: should be allowed/);
    assert.match(checks[1].title, /s3:\/\/bucket-a\/ and s3:\/\/bucket-b\/exports\//);
    const wholeB = { ...documentsFor(intent), permissionPolicy: permissionPolicy({ bucket: 'bucket-a', moreLocations: [{ bucket: 'bucket-b' }] }) };
    assert.deepEqual(failedChecks(wholeB, intent), ['objects']);
  });

  it('checks what desiredState writes for any bucket, prefix and access (property, iam-simulate as oracle)', async () => {
    const bucket = fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,20}[a-z0-9]$/);
    const prefix = fc.constantFrom('', 'data', 'data/2024', 'a.b/c-d_e', 'x=1/y+2');
    await fc.assert(
      fc.asyncProperty(bucket, prefix, fc.constantFrom('read' as const, 'readwrite' as const), async (b, p, access) => {
        const intent = intentOf({ bucket: b, prefix: p, access });
        const desired = desiredState({ ...intent, partition: 'aws', policyName: 'databend-test' });
        const documents = { trustPolicy: desired.trustPolicy, permissionPolicy: desired.permissionPolicy };
        assert.deepEqual(failedChecks(documents, intent), []);
        await assertAgrees(documents, intent);
      }),
      { seed: 20, numRuns: 25 },
    );
  });

  it('says what it checked, one line per check', () => {
    const intent = intentOf({ prefix: 'data', access: 'read' });
    assert.deepEqual(describeChecks(policyChecks(documentsFor(intent), intent)), [
      "✓ Only Databend's role can assume the role, and only with the external ID",
      `✓ Databend can list s3://${GUIDE.bucket}/data/`,
      `✓ Object actions only under s3://${GUIDE.bucket}/data/ (read)`,
      '✓ Nothing outside the bucket: no other bucket, bucket setting, IAM, STS or KMS key',
    ]);
  });
});

describe('policy checks of broken documents (each fails, iam-simulate agrees)', () => {
  const prefixed = intentOf({ prefix: 'data', access: 'read' });
  const good = documentsFor(prefixed);
  const permission = good.permissionPolicy as PolicyDocument;
  const trust = good.trustPolicy as PolicyDocument;
  const statement = (i: number, changes: object) => permission.Statement.map((s, j) => (j === i ? { ...s, ...changes } : s));
  const { Condition: _trustCondition, ...unconditionalTrust } = trust.Statement[0];
  const { Condition: _listCondition, ...unconditionalList } = permission.Statement[0];

  const broken: [string, CheckedDocuments, string[], RegExp][] = [
    [
      'a trust policy without the external ID condition',
      { ...good, trustPolicy: { ...trust, Statement: [unconditionalTrust] } },
      ['trust'],
      /Databend's role without an external ID: should be denied, but the trust policy allows it/,
    ],
    [
      'a trust policy that trusts everyone',
      { ...good, trustPolicy: { ...trust, Statement: [{ ...trust.Statement[0], Principal: { AWS: '*' } }] } },
      ['trust'],
      /a role in another account, with the external ID: should be denied/,
    ],
    [
      'a trust policy that trusts the whole of Databend’s account',
      { ...good, trustPolicy: { ...trust, Statement: [{ ...trust.Statement[0], Principal: { AWS: 'arn:aws:iam::123456789012:root' } }] } },
      ['trust'],
      /another role in Databend’s account, with the external ID: should be denied/,
    ],
    [
      'write access where read was asked for',
      { ...good, permissionPolicy: { ...permission, Statement: statement(1, { Action: 's3:*Object' }) } },
      ['objects'],
      /s3:PutObject under test-bucket-123\/data\/: should be denied, but the permission policy allows it/,
    ],
    [
      'objects of the whole bucket where a prefix was asked for',
      { ...good, permissionPolicy: { ...permission, Statement: statement(1, { Resource: `arn:aws:s3:::${GUIDE.bucket}/*` }) } },
      ['objects'],
      /s3:GetObject outside data\/ \(other\/a.parquet\): should be denied/,
    ],
    [
      'listing the whole bucket where a prefix was asked for',
      { ...good, permissionPolicy: { ...permission, Statement: [unconditionalList, ...permission.Statement.slice(1)] } },
      ['objects'],
      /s3:ListBucket of the whole bucket test-bucket-123: should be denied/,
    ],
    [
      'no ListBucket',
      { ...good, permissionPolicy: { ...permission, Statement: permission.Statement.slice(1) } },
      ['list'],
      /s3:ListBucket on test-bucket-123 under data\/: should be allowed, but the permission policy does not allow it/,
    ],
    [
      's3:* on every bucket',
      { ...good, permissionPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] } },
      ['objects', 'outside'],
      /s3:GetObject in another bucket: should be denied/,
    ],
    [
      'a Deny of the reads it should allow',
      { ...good, permissionPolicy: { ...permission, Statement: [...permission.Statement, { Effect: 'Deny', Action: 's3:GetObject', Resource: '*' }] as never } },
      ['objects'],
      /s3:GetObject under test-bucket-123\/data\/: should be allowed, but the permission policy denies it explicitly/,
    ],
  ];
  for (const [name, documents, failing, problem] of broken) {
    it(name, async () => {
      const checks = policyChecks(documents, prefixed);
      assert.deepEqual(
        checks.filter((c) => !c.passed).map((c) => c.id),
        failing,
      );
      assert.ok(
        checks.some((c) => c.problems.some((p) => problem.test(p))),
        checks.flatMap((c) => c.problems).join('\n'),
      );
      assert.match(checksBlockCreate(checks) ?? '', /^Nothing was changed: .*policy check.* failed\./);
      await assertAgrees(documents, prefixed);
    });
  }

  it('an element it does not implement fails the check instead of guessing', () => {
    const documents = { ...good, trustPolicy: { ...trust, Statement: [{ ...trust.Statement[0], Condition: { 'ForAnyValue:StringEquals': { 'sts:ExternalId': ['x'] } } }] } };
    const checks = policyChecks(documents, prefixed);
    assert.equal(checks[0].passed, false);
    assert.match(checks[0].problems[0], /could not be evaluated \(the set operator ForAnyValue:StringEquals\)/);
  });
});

describe('evaluatePolicy, by IAM’s rules', () => {
  const allow = (statement: object) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', ...statement }] });
  const decide = (document: unknown, request: Parameters<typeof evaluatePolicy>[1]) => {
    const result = evaluatePolicy(document, request);
    return 'decision' in result ? result.decision : `unsupported: ${result.unsupported}`;
  };

  it('matches actions case-insensitively and resources case-sensitively, with * and ?', () => {
    const doc = allow({ Action: 'S3:get*', Resource: 'arn:aws:s3:::b/D?ta/*' });
    assert.equal(decide(doc, { action: 's3:GetObject', resource: 'arn:aws:s3:::b/Data/x' }), 'Allowed');
    assert.equal(decide(doc, { action: 's3:GetObject', resource: 'arn:aws:s3:::b/data/x' }), 'ImplicitlyDenied');
  });

  it('NotAction and NotResource, and a negated operator with a missing key holds', () => {
    assert.equal(decide(allow({ NotAction: 's3:Delete*', Resource: '*' }), { action: 's3:DeleteObject', resource: 'arn:aws:s3:::b/x' }), 'ImplicitlyDenied');
    assert.equal(decide(allow({ Action: 's3:*', NotResource: 'arn:aws:s3:::secret/*' }), { action: 's3:GetObject', resource: 'arn:aws:s3:::b/x' }), 'Allowed');
    assert.equal(decide(allow({ Action: 's3:*', Resource: '*', Condition: { StringNotEquals: { 's3:prefix': 'x/' } } }), { action: 's3:ListBucket', resource: 'arn:aws:s3:::b' }), 'Allowed');
    assert.equal(decide(allow({ Action: 's3:*', Resource: '*', Condition: { StringEqualsIfExists: { 's3:prefix': 'x/' } } }), { action: 's3:ListBucket', resource: 'arn:aws:s3:::b' }), 'Allowed');
    assert.equal(decide(allow({ Action: 's3:*', Resource: '*', Condition: { Null: { 's3:prefix': 'true' } } }), { action: 's3:ListBucket', resource: 'arn:aws:s3:::b', context: { 's3:prefix': 'a/' } }), 'ImplicitlyDenied');
  });

  it('refuses a principal in an identity policy and a statement without one in a trust policy', () => {
    assert.match(decide(allow({ Principal: '*', Action: 's3:*', Resource: '*' }), { action: 's3:GetObject', resource: 'arn:aws:s3:::b/x' }), /^unsupported/);
    assert.match(decide(allow({ Action: 'sts:AssumeRole' }), { action: 'sts:AssumeRole', resource: 'arn:aws:iam::1:role/r', principal: 'arn:aws:iam::2:role/d' }), /^unsupported/);
  });
});
