import * as assert from 'node:assert/strict';
import { permissionPolicy, policyJson, trustPolicy } from '../../src/core/policies';
import { GUIDE } from './guide';

describe('permissionPolicy', () => {
  it("reproduces the guide's policy byte for byte", () => {
    assert.equal(policyJson(permissionPolicy({ bucket: GUIDE.bucket })), GUIDE.permissionPolicy);
  });

  it('grants only ListBucket and GetObject for read access', () => {
    const doc = permissionPolicy({ bucket: 'b-1x', access: 'read' });
    assert.deepEqual(
      doc.Statement.map((s) => [s.Action, s.Resource]),
      [
        ['s3:ListBucket', 'arn:aws:s3:::b-1x'],
        ['s3:GetObject', 'arn:aws:s3:::b-1x/*'],
      ],
    );
  });

  it('limits objects and listing to the prefix, whatever slashes the user typed', () => {
    for (const prefix of ['data/2024', '/data/2024/', 'data/2024/']) {
      const doc = permissionPolicy({ bucket: 'my-bucket', prefix });
      assert.deepEqual(doc.Statement[0], {
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: 'arn:aws:s3:::my-bucket',
        Condition: { StringLike: { 's3:prefix': ['data/2024/*'] } },
      });
      assert.equal(doc.Statement[1].Resource, 'arn:aws:s3:::my-bucket/data/2024/*');
    }
  });

  it('adds KMS decrypt, and generate for read-write, on the given key', () => {
    const key = 'arn:aws:kms:us-east-2:987654321987:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    assert.deepEqual(permissionPolicy({ bucket: 'my-bucket', kmsKeyArn: key }).Statement[2], {
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: key,
    });
    assert.equal(permissionPolicy({ bucket: 'my-bucket', kmsKeyArn: key, access: 'read' }).Statement[2].Action, 'kms:Decrypt');
    assert.throws(() => permissionPolicy({ bucket: 'my-bucket', kmsKeyArn: 'alias/mine' }), /KMS key ARN/);
    assert.throws(() => permissionPolicy({ bucket: 'my-bucket', kmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:alias/mine' }), /give the key ARN .*not an alias/);
  });

  it('uses the partition in every ARN', () => {
    for (const partition of ['aws-cn', 'aws-us-gov'] as const) {
      const json = policyJson(permissionPolicy({ bucket: 'my-bucket', partition }));
      assert.match(json, new RegExp(`arn:${partition}:s3:::my-bucket"`));
      assert.doesNotMatch(json, /arn:aws:s3/);
    }
  });

  it('refuses a wildcard, empty or malformed bucket and a wildcard prefix', () => {
    for (const bucket of ['*', '', 'my*bucket', 's3://my-bucket', 'My_Bucket']) {
      assert.throws(() => permissionPolicy({ bucket }), /S3 bucket/, bucket);
    }
    assert.throws(() => permissionPolicy({ bucket: 'my-bucket', prefix: 'data/*' }), /Path prefix/);
  });
});

describe('trustPolicy', () => {
  it("reproduces the guide's trust policy byte for byte", () => {
    const doc = trustPolicy({ principalArn: GUIDE.databendRoleArn, externalId: GUIDE.externalId });
    assert.equal(policyJson(doc), GUIDE.trustPolicy);
  });

  it('refuses a wildcard principal and an empty or missing external ID', () => {
    for (const principalArn of ['*', 'arn:aws:iam::123456789012:role/*', 'arn:aws:iam::*:role/x']) {
      assert.throws(() => trustPolicy({ principalArn, externalId: GUIDE.externalId }), /wildcard|"\*"/);
    }
    for (const externalId of ['', '   ', 'x']) {
      assert.throws(() => trustPolicy({ principalArn: GUIDE.databendRoleArn, externalId }), /External ID/);
    }
  });

  it('always carries the ExternalId condition', () => {
    const doc = trustPolicy({ principalArn: GUIDE.databendRoleArn, externalId: 'abc-123' });
    assert.deepEqual(doc.Statement[0].Condition, { StringEquals: { 'sts:ExternalId': 'abc-123' } });
  });
});
