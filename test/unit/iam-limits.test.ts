// Every request provisioning builds from accepted inputs is within IAM's limits, at the
// extremes of what the validators accept. The limits are restated here from IAM's API
// reference (CreateRole, CreatePolicy, TagRole / TagPolicy, "IAM and AWS STS quotas") rather
// than imported, so a wrong constant in src/core/iamLimits.ts cannot hide itself.

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { desiredState, DesiredInput } from '../../src/core/desired';
import { locationTag } from '../../src/core/locations';
import { fitDescription } from '../../src/core/iamLimits';
import { deriveNames } from '../../src/core/names';
import { BUCKET_TAG, DesiredState, LOCATION_TAG, makePlan, MANAGED_TAG, Step } from '../../src/core/plan';
import { validateKmsKeyArn } from '../../src/core/policies';
import { validateBucketName, validateExternalId, validateIamName, validatePrefix, validateRoleArn } from '../../src/core/validate';

const API = {
  roleName: 64,
  policyName: 128,
  description: 1000,
  trustPolicy: 2048,
  managedPolicy: 6144,
  tagKey: 128,
  tagValue: 256,
  tags: 50,
};

const nonWhitespace = (text: string) => text.replace(/\s/g, '').length;

/** What IAM would refuse in a step's request, by the API reference. */
function refusals(step: Step): string[] {
  const out: string[] = [];
  const name = (value: string, max: number, what: string) => {
    if (value.length < 1 || value.length > max || !/^[\w+=,.@-]+$/.test(value)) out.push(`${what} ${value}`);
  };
  const tags = (t: Record<string, string>) => {
    if (Object.keys(t).length > API.tags) out.push('too many tags');
    for (const [k, v] of Object.entries(t)) {
      if (k.length > API.tagKey || !/^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u.test(k) || k.startsWith('aws:')) out.push(`tag key ${k}`);
      if (v.length > API.tagValue || !/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u.test(v)) out.push(`tag value ${v}`);
    }
  };
  switch (step.kind) {
    case 'createPolicy':
      name(step.policyName, API.policyName, 'policy name');
      if (nonWhitespace(JSON.stringify(step.document)) > API.managedPolicy) out.push('managed policy size');
      tags(step.tags);
      break;
    case 'createRole':
      name(step.roleName, API.roleName, 'role name');
      if (step.description.length > API.description || !/^[\t\n\r\u0020-\u007E\u00A1-\u00FF]*$/.test(step.description)) out.push('description');
      if (nonWhitespace(JSON.stringify(step.trustPolicy)) > API.trustPolicy) out.push('trust policy size');
      tags(step.tags);
      break;
    case 'attachPolicy':
      name(step.roleName, API.roleName, 'role name');
      break;
    default:
      break;
  }
  return out;
}

// Databend's role is in the commercial partition (validateRoleArn refuses the others).
const longestArn = `arn:aws:iam::123456789012:role/${'p'.repeat(506)}/${'n'.repeat(64)}`;
const extreme: DesiredInput = {
  accountId: '123456789012',
  partition: 'aws',
  bucket: `${'b'.repeat(62)}1`,
  // 900 characters, the most validatePrefix takes, with ( ) ! , that tag values cannot hold.
  prefix: `${Array.from({ length: 90 }, (_v, i) => `seg(${i % 10})!,x`).join('/')}z`,
  access: 'readwrite',
  kmsKeyArn: `arn:aws:kms:us-east-1:123456789012:key/${'k'.repeat(2048 - 'arn:aws:kms:us-east-1:123456789012:key/'.length)}`,
  databendRoleArn: longestArn,
  externalId: 'x'.repeat(1224),
  roleName: 'r'.repeat(64),
  policyName: 'p'.repeat(128),
};

describe('IAM limits of every request', () => {
  it('the extreme inputs are each accepted by their validator', () => {
    assert.equal(validateBucketName(extreme.bucket), undefined);
    assert.equal(validatePrefix(extreme.prefix!), undefined);
    assert.equal(extreme.prefix!.length, 900);
    assert.equal(validateRoleArn(longestArn), undefined);
    assert.equal(validateExternalId(extreme.externalId), undefined);
    assert.equal(validateKmsKeyArn(extreme.kmsKeyArn!, 'aws'), undefined);
    assert.equal(extreme.kmsKeyArn!.length, 2048);
    assert.equal(validateIamName(extreme.roleName, 'role'), undefined);
    assert.equal(validateIamName(extreme.policyName, 'policy'), undefined);
  });

  it('the longest accepted inputs still make requests IAM accepts (description cut, location tag hashed)', () => {
    const desired = desiredState(extreme);
    const steps = makePlan(desired, {}).steps;
    assert.deepEqual(steps.map((s) => s.kind), ['createPolicy', 'createRole', 'attachPolicy']);
    assert.deepEqual(steps.flatMap(refusals), []);
    assert.equal(desired.roleDescription.length, 1000);
    assert.ok(desired.roleDescription.endsWith('...'));
    assert.match(desired.tags[LOCATION_TAG], /^s3:\/\/b+1\/ [a-z2-7]{10}$/);
    // The margins, for the record: the trust policy is the tightest.
    assert.ok(nonWhitespace(JSON.stringify(desired.trustPolicy)) <= 2048 - 50, String(nonWhitespace(JSON.stringify(desired.trustPolicy))));
  });

  it('before: a 900-character prefix made a role description of more than 1,000 characters', () => {
    const long = `Lets Databend Cloud read and write s3://${extreme.bucket}/${extreme.prefix}/ (created by Databend IAM Role for S3)`;
    assert.ok(long.length > 1000);
    assert.equal(fitDescription(long).length, 1000);
    assert.equal(fitDescription('plain'), 'plain');
    assert.equal(fitDescription('ĀΩ€'), '???');
  });

  it('refuses an input over a limit with a message instead of sending it', () => {
    assert.throws(() => desiredState({ ...extreme, kmsKeyArn: `${extreme.kmsKeyArn}k` }), /KMS key ARN/);
    assert.throws(() => desiredState({ ...extreme, roleName: 'r'.repeat(65) }), /at most 64/);
  });

  it('tags the location: as written when a tag value can hold it, hashed otherwise', () => {
    assert.equal(locationTag('my-bucket', 'data/2024/'), 's3://my-bucket/data/2024/');
    assert.equal(locationTag('my-bucket'), 's3://my-bucket');
    assert.notEqual(locationTag('b-1', 'x(1)'), locationTag('b-1', 'x(2)'));
    assert.match(locationTag('b-1', 'x(1)'), /^s3:\/\/b-1\/ [a-z2-7]{10}$/);
    const desired = desiredState({ ...extreme, prefix: 'data', kmsKeyArn: undefined });
    assert.deepEqual(Object.keys(desired.tags), [MANAGED_TAG, BUCKET_TAG, LOCATION_TAG]);
  });

  it('any inputs the validators accept make requests within IAM\'s limits (property, fixed seed)', () => {
    const segment = fc.string({ unit: fc.constantFrom('a', 'Z', '0', '!', '_', '.', '(', ')', '-', '=', '+', ',', '@', ':'), minLength: 1, maxLength: 60 });
    const input = fc.record(
      {
        bucket: fc.oneof(fc.constantFrom('test-bucket-123', extreme.bucket, 'a.b.c', 'x1y'), fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/)),
        prefix: fc.oneof(fc.constant(''), fc.array(segment, { minLength: 1, maxLength: 20 }).map((s) => s.join('/').slice(0, 900))),
        access: fc.constantFrom('read' as const, 'readwrite' as const),
        externalId: fc.oneof(fc.constantFrom('ab', 'x'.repeat(1224)), fc.stringMatching(/^[\w+=,.@:/-]{2,1224}$/)),
        databendRoleArn: fc.constantFrom(longestArn, 'arn:aws:iam::123456789012:role/xxxxxxx/tnabcdefg/xxxxxxx-tnabcdefg'),
        kmsKeyArn: fc.option(fc.constantFrom(extreme.kmsKeyArn!), { nil: undefined }),
        useDerived: fc.boolean(),
      },
      { noNullPrototype: true },
    );
    let checked = 0;
    fc.assert(
      fc.property(input, (i) => {
        if (validatePrefix(i.prefix) !== undefined || validateBucketName(i.bucket) !== undefined || validateExternalId(i.externalId) !== undefined) return;
        checked++;
        const names = i.useDerived ? deriveNames(i.bucket, i.prefix) : { roleName: 'r'.repeat(64), policyName: 'p'.repeat(128) };
        const desired: DesiredState = desiredState({ accountId: '123456789012', partition: 'aws', ...i, ...names });
        assert.deepEqual(makePlan(desired, {}).steps.flatMap(refusals), []);
      }),
      { seed: 2212, numRuns: 300 },
    );
    assert.ok(checked > 150, `only ${checked} generated inputs were accepted`);
  });
});
