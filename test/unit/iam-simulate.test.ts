// The generated documents evaluated offline by an IAM policy simulator
// (@cloud-copilot/iam-simulate: AGPL, a test-only devDependency, never bundled).

import { runSimulation, Simulation } from '@cloud-copilot/iam-simulate';
import * as assert from 'node:assert/strict';
import { permissionPolicy, PolicyDocument, trustPolicy } from '../../src/core/policies';
import { GUIDE } from './guide';

const CUSTOMER_ACCOUNT = '987654321987';
const OUR_ROLE = `arn:aws:iam::${CUSTOMER_ACCOUNT}:role/databend-test`;

async function evaluate(request: Simulation['request'], parts: Partial<Simulation>): Promise<string> {
  const result = await runSimulation(
    { request, identityPolicies: [], serviceControlPolicies: [], resourceControlPolicies: [], ...parts },
    {},
  );
  if (result.resultType === 'error') {
    throw new Error(`simulation error: ${JSON.stringify(result.errors)}`);
  }
  return result.overallResult;
}

describe('trust policy, evaluated', () => {
  const trust = trustPolicy({ principalArn: GUIDE.databendRoleArn, externalId: GUIDE.externalId });
  // Databend's own side lets its role assume roles anywhere: the trust policy decides.
  const databendSide = [{ name: 'databend-side', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] } }];

  function assume(principal: string, externalId?: string) {
    return evaluate(
      {
        principal,
        action: 'sts:AssumeRole',
        resource: { resource: OUR_ROLE, accountId: CUSTOMER_ACCOUNT },
        contextVariables: externalId === undefined ? {} : { 'sts:ExternalId': externalId },
      },
      { identityPolicies: databendSide, resourcePolicy: trust },
    );
  }

  it("allows Databend's role with the exact external ID", async () => {
    assert.equal(await assume(GUIDE.databendRoleArn, GUIDE.externalId), 'Allowed');
  });

  it('denies a wrong or missing external ID', async () => {
    assert.equal(await assume(GUIDE.databendRoleArn, 'my-external-id-124'), 'ImplicitlyDenied');
    assert.equal(await assume(GUIDE.databendRoleArn, GUIDE.externalId.toUpperCase()), 'ImplicitlyDenied');
    assert.equal(await assume(GUIDE.databendRoleArn), 'ImplicitlyDenied');
  });

  it('denies any other principal, even with the external ID', async () => {
    assert.equal(await assume('arn:aws:iam::123456789012:role/someone-else', GUIDE.externalId), 'ImplicitlyDenied');
    assert.equal(await assume('arn:aws:iam::111122223333:root', GUIDE.externalId), 'ImplicitlyDenied');
  });
});

describe('permission policy, evaluated', () => {
  function s3(policy: PolicyDocument, action: string, resource: string, contextVariables: Record<string, string> = {}) {
    return evaluate(
      { principal: OUR_ROLE, action, resource: { resource, accountId: CUSTOMER_ACCOUNT }, contextVariables },
      { identityPolicies: [{ name: 'databend-test', policy }] },
    );
  }

  it('read-write: lists the bucket and reads, writes and deletes its objects', async () => {
    const policy = permissionPolicy({ bucket: GUIDE.bucket });
    assert.equal(await s3(policy, 's3:ListBucket', `arn:aws:s3:::${GUIDE.bucket}`), 'Allowed');
    for (const action of ['s3:GetObject', 's3:PutObject', 's3:DeleteObject']) {
      assert.equal(await s3(policy, action, `arn:aws:s3:::${GUIDE.bucket}/test.parquet`), 'Allowed', action);
    }
  });

  it('read: lists and reads, but neither writes nor deletes', async () => {
    const policy = permissionPolicy({ bucket: GUIDE.bucket, access: 'read' });
    assert.equal(await s3(policy, 's3:GetObject', `arn:aws:s3:::${GUIDE.bucket}/a.csv`), 'Allowed');
    assert.equal(await s3(policy, 's3:PutObject', `arn:aws:s3:::${GUIDE.bucket}/a.csv`), 'ImplicitlyDenied');
    assert.equal(await s3(policy, 's3:DeleteObject', `arn:aws:s3:::${GUIDE.bucket}/a.csv`), 'ImplicitlyDenied');
  });

  it('gives nothing on another bucket', async () => {
    const policy = permissionPolicy({ bucket: GUIDE.bucket });
    assert.equal(await s3(policy, 's3:ListBucket', 'arn:aws:s3:::another-bucket'), 'ImplicitlyDenied');
    assert.equal(await s3(policy, 's3:GetObject', 'arn:aws:s3:::another-bucket/test.parquet'), 'ImplicitlyDenied');
    assert.equal(await s3(policy, 's3:GetObject', `arn:aws:s3:::${GUIDE.bucket}-2/x`), 'ImplicitlyDenied');
  });

  it('with a prefix: only that folder is listed and read', async () => {
    const policy = permissionPolicy({ bucket: GUIDE.bucket, prefix: 'data/2024' });
    assert.equal(await s3(policy, 's3:ListBucket', `arn:aws:s3:::${GUIDE.bucket}`, { 's3:prefix': 'data/2024/' }), 'Allowed');
    assert.equal(await s3(policy, 's3:ListBucket', `arn:aws:s3:::${GUIDE.bucket}`, { 's3:prefix': 'other/' }), 'ImplicitlyDenied');
    assert.equal(await s3(policy, 's3:GetObject', `arn:aws:s3:::${GUIDE.bucket}/data/2024/a.csv`), 'Allowed');
    assert.equal(await s3(policy, 's3:GetObject', `arn:aws:s3:::${GUIDE.bucket}/other/a.csv`), 'ImplicitlyDenied');
  });
});
