// A re-run never silently rotates the external ID, and Databend objects that exist are
// compared with what the setup would create (issue: running setup again never breaks a
// working Databend connection).
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { connectionDrift, parseConnectionParams, stageDrift } from '../../src/core/drift';
import { CurrentState, DesiredState, describeStep, externalIdRotation, makePlan, MANAGED_TAG } from '../../src/core/plan';
import { externalIdOf, permissionPolicy, trustPolicy } from '../../src/core/policies';
import { normalizeSetup } from '../../src/core/setupForm';
import { GUIDE } from './guide';

const desiredWith = (externalId: string): DesiredState => ({
  accountId: '987654321987',
  partition: 'aws',
  roleName: 'databend-test',
  policyName: 'databend-test',
  roleDescription: 'Databend reads s3://test-bucket-123',
  trustPolicy: trustPolicy({ principalArn: GUIDE.databendRoleArn, externalId }),
  permissionPolicy: permissionPolicy({ bucket: GUIDE.bucket }),
  tags: { [MANAGED_TAG]: 'true' },
});

const existing = (externalId: string): CurrentState => {
  const d = desiredWith(externalId);
  const policyArn = 'arn:aws:iam::987654321987:policy/databend-test';
  return {
    role: { arn: GUIDE.roleArn, trustPolicy: d.trustPolicy, tags: { ...d.tags }, attachedPolicyArns: [policyArn] },
    policy: { arn: policyArn, defaultVersionId: 'v1', defaultDocument: d.permissionPolicy, tags: { ...d.tags } },
  };
};

describe('external ID of an existing role', () => {
  it('is read from any trust policy shape IAM returns', () => {
    assert.equal(externalIdOf(trustPolicy({ principalArn: GUIDE.databendRoleArn, externalId: 'abc-123' })), 'abc-123');
    assert.equal(externalIdOf({ Statement: { Effect: 'Allow', Condition: { StringEquals: { 'sts:ExternalId': ['x-1', 'x-2'] } } } }), 'x-1');
    assert.equal(externalIdOf({ Statement: [{ Effect: 'Deny', Condition: { StringEquals: { 'sts:ExternalId': 'no' } } }] }), undefined);
    assert.equal(externalIdOf({ Statement: [{ Effect: 'Allow', Principal: { AWS: '*' } }] }), undefined);
    assert.equal(externalIdOf(undefined), undefined);
  });

  it('a plan with the same ID keeps the trust policy; another ID is marked as a rotation', () => {
    assert.deepEqual(makePlan(desiredWith('first-id-111'), existing('first-id-111')).steps, []);
    const plan = makePlan(desiredWith('second-id-222'), existing('first-id-111'));
    assert.deepEqual(externalIdRotation(plan), { roleName: 'databend-test', from: 'first-id-111', to: 'second-id-222' });
    assert.match(describeStep(plan.steps[0]), /rotating its external ID \(…111 → …222\)/);
  });

  it('is a rotation exactly when the IDs differ (property)', () => {
    const id = fc.stringMatching(/^[A-Za-z0-9_=,.@:/-]{2,40}$/);
    fc.assert(
      fc.property(id, id, (before, after) => {
        const rotation = externalIdRotation(makePlan(desiredWith(after), existing(before)));
        return before === after ? rotation === undefined : rotation?.from === before && rotation.to === after;
      }),
      { seed: 14, numRuns: 300 },
    );
  });
});

describe('drift between Databend and the setup', () => {
  const expected = { bucket: 'test-bucket-123', prefix: 'data/2024', roleArn: 'arn:aws:iam::987654321987:role/databend-test', externalId: 'my-external-id-123', region: 'us-east-2' };
  // Row shapes as the local engine prints them (SHOW CONNECTIONS, DESC STAGE).
  const connectionRow = (params: string) => ({ storage_type: 's3', storage_params: params });
  const stageRow = (url: string, params: Record<string, unknown>) => ({ url, storage_params: JSON.stringify(params) });

  it('reads SHOW CONNECTIONS parameters', () => {
    assert.deepEqual(parseConnectionParams('external_id=******123 region=******t-2 role_arn=******est'), { external_id: '******123', region: '******t-2', role_arn: '******est' });
  });

  it('finds nothing when Databend holds the same values, as far as it shows them', () => {
    assert.deepEqual(connectionDrift(connectionRow('external_id=******123 region=******t-2 role_arn=******est'), expected), []);
    assert.deepEqual(stageDrift(stageRow('s3://test-bucket-123/data/2024/', { role_arn: expected.roleArn, external_id: '******123' }), expected), []);
  });

  it('names each difference: another ID, role, bucket, prefix, storage type', () => {
    assert.deepEqual(connectionDrift(connectionRow('external_id=******999 region=******t-2 role_arn=******est'), expected), ['external ID: Databend has …999, the setup needs …123']);
    assert.deepEqual(connectionDrift(connectionRow('external_id=******123 region=******t-2 role_arn=******xyz'), expected), ['role ARN: Databend has …xyz, the setup needs …est']);
    assert.match(connectionDrift({ storage_type: 'gcs', storage_params: '' }, expected).join('\n'), /storage type: Databend has gcs/);
    assert.deepEqual(stageDrift(stageRow('s3://other-bucket/data/2024/', { role_arn: expected.roleArn, external_id: '******123' }), expected), [
      'URL: Databend has s3://other-bucket/data/2024/, the setup needs s3://test-bucket-123/data/2024/',
    ]);
    assert.deepEqual(stageDrift(stageRow('s3://test-bucket-123/data/', { role_arn: expected.roleArn, external_id: '******123' }), expected), [
      'URL: Databend has s3://test-bucket-123/data/, the setup needs s3://test-bucket-123/data/2024/',
    ]);
  });

  it('never calls a stage on another bucket or prefix the same (property)', () => {
    const segment = fc.stringMatching(/^[a-z0-9]{1,8}$/);
    fc.assert(
      fc.property(segment, segment, (a, b) => {
        const found = stageDrift(stageRow(`s3://test-bucket-123/${a}/`, { role_arn: expected.roleArn, external_id: '******123' }), { ...expected, prefix: b });
        return a === b ? found.length === 0 : found.some((d) => d.startsWith('URL:'));
      }),
      { seed: 14, numRuns: 300 },
    );
  });
});

describe('form values as they are used', () => {
  it('are trimmed, the prefix without slashes at its ends (a pasted " bucket " never reaches AWS or a comparison)', () => {
    const raw = { databendRoleArn: ` ${GUIDE.databendRoleArn}\n`, bucket: ' sandbox-bucket ', prefix: ' /data/2024/ ', access: 'read' as const, roleName: ' r ', policyName: 'p ', externalId: ' e-1 ', connectionName: ' c ', stageName: ' s ', kmsKeyArn: ' ', testFile: ' test.parquet ', endpointUrl: ' https://minio.example.com:9000 ', permissionsBoundary: ' ', rolePath: ' /databend/ ', roleTags: ' team=data ' };
    assert.deepEqual(normalizeSetup(raw), { databendRoleArn: GUIDE.databendRoleArn, bucket: 'sandbox-bucket', prefix: 'data/2024', access: 'read', roleName: 'r', policyName: 'p', externalId: 'e-1', connectionName: 'c', stageName: 's', kmsKeyArn: '', testFile: 'test.parquet', endpointUrl: 'https://minio.example.com:9000', permissionsBoundary: '', rolePath: '/databend/', roleTags: 'team=data' });
  });
});
