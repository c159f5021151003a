import * as assert from 'node:assert/strict';
import { deriveNames } from '../../src/core/names';
import {
  newExternalId,
  parseRoleArn,
  validateBucketName,
  validateExternalId,
  validateIamName,
  validateIdentifier,
  validatePrefix,
  validateRoleArn,
} from '../../src/core/validate';
import { GUIDE } from './guide';

function ok(message: string | undefined, value: string) {
  assert.equal(message, undefined, `${JSON.stringify(value)} should be valid`);
}
function bad(message: string | undefined, value: string, says: RegExp) {
  assert.ok(message, `${JSON.stringify(value)} should be refused`);
  assert.match(message, says, `${JSON.stringify(value)}: ${message}`);
}

describe('validateBucketName', () => {
  it('accepts valid names', () => {
    for (const v of ['test-bucket-123', 'abc', 'a.b-c.d1', 'x'.repeat(63)]) ok(validateBucketName(v), v);
  });
  it('explains what is wrong', () => {
    bad(validateBucketName(''), '', /Enter the S3 bucket/);
    bad(validateBucketName('*'), '*', /"\*"/);
    bad(validateBucketName('s3://my-bucket'), 's3://', /just the bucket name/);
    bad(validateBucketName('arn:aws:s3:::my-bucket'), 'arn', /just the bucket name/);
    bad(validateBucketName('my-bucket/data'), '/', /Path prefix/);
    bad(validateBucketName('ab'), 'ab', /3 to 63/);
    bad(validateBucketName('MyBucket'), 'upper', /lower case/);
    bad(validateBucketName('my_bucket'), '_', /only lower-case letters/);
    bad(validateBucketName('-abc'), '-abc', /begin and end/);
    bad(validateBucketName('a..b'), 'a..b', /two dots/);
    bad(validateBucketName('192.168.1.1'), 'ip', /IP address/);
    bad(validateBucketName('xn--abc'), 'xn--', /reserved/);
    bad(validateBucketName('abc-s3alias'), 'alias', /reserved/);
  });
});

describe('validateRoleArn', () => {
  it("accepts the guide's ARNs and paths, in the commercial partition", () => {
    for (const v of [GUIDE.roleArn, GUIDE.databendRoleArn, 'arn:aws:iam::123456789012:role/a+b=c,d.e@f_g-h']) {
      ok(validateRoleArn(v), v);
    }
  });
  it('explains what is wrong', () => {
    bad(validateRoleArn(''), '', /Enter an IAM role ARN/);
    bad(validateRoleArn('*'), '*', /wildcard/);
    bad(validateRoleArn('arn:aws:iam::123456789012:role/*'), 'role/*', /wildcard/);
    bad(validateRoleArn('databend-test'), 'name', /starts with "arn:"/);
    bad(validateRoleArn('arn:aws:iam::12345:role/x'), 'short account', /12 digits/);
    bad(validateRoleArn('arn:aws:iam::123456789012:user/bob'), 'user', /user ARN/);
    bad(validateRoleArn('arn:aws-cn:iam::123456789012:role/r'), 'China', /aws-cn partition; Databend Cloud runs in the commercial one/);
    bad(validateRoleArn('arn:aws-us-gov:iam::123456789012:role/r'), 'GovCloud', /aws-us-gov partition/);
    bad(validateRoleArn('arn:aws:s3:::bucket'), 's3', /"s3" service/);
    bad(validateRoleArn('arn:aws:iam:us-east-1:123456789012:role/x'), 'region', /no region/);
    bad(validateRoleArn('arn:azure:iam::123456789012:role/x'), 'partition', /partition/);
    bad(validateRoleArn('arn:aws:iam::123456789012:role/a//b'), '//', /empty path/);
    bad(validateRoleArn('arn:aws:iam::123456789012:role/x y'), 'space', /spaces/);
    bad(validateRoleArn(`arn:aws:iam::123456789012:role/${'r'.repeat(65)}`), 'long', /64/);
  });
  it('parses account, path and name', () => {
    assert.deepEqual(parseRoleArn(GUIDE.databendRoleArn), {
      partition: 'aws',
      accountId: '123456789012',
      path: '/xxxxxxx/tnabcdefg/',
      roleName: 'xxxxxxx-tnabcdefg',
    });
    assert.equal(parseRoleArn(GUIDE.roleArn)?.path, '/');
    assert.equal(parseRoleArn('nope'), undefined);
  });
});

describe('validateExternalId', () => {
  it('accepts 2 to 1224 characters of the allowed set', () => {
    for (const v of ['ab', GUIDE.externalId, 'a+b=c,d.e@f:g/h_i-j', 'x'.repeat(1224)]) ok(validateExternalId(v), v);
  });
  it('refuses short, long and odd values', () => {
    bad(validateExternalId(''), '', /at least 2/);
    bad(validateExternalId('a'), 'a', /at least 2/);
    bad(validateExternalId('x'.repeat(1225)), 'long', /1224/);
    bad(validateExternalId("a'b"), 'quote', /only/);
    bad(validateExternalId('a b'), 'space', /only/);
  });
});

describe('validateIamName', () => {
  it('applies the limits of roles (64) and policies (128)', () => {
    ok(validateIamName('r'.repeat(64), 'role'), '64');
    bad(validateIamName('r'.repeat(65), 'role'), '65', /at most 64/);
    ok(validateIamName('p'.repeat(128), 'policy'), '128');
    bad(validateIamName('p'.repeat(129), 'policy'), '129', /at most 128/);
    bad(validateIamName('bad name', 'role'), 'space', /letters, digits/);
    bad(validateIamName('', 'policy'), 'empty', /Enter a name for the IAM policy/);
  });
});

describe('validateIdentifier and validatePrefix', () => {
  it('accepts plain names and refuses what Databend cannot use', () => {
    for (const v of ['databend_test', 'MyStage', '_x1', 'data', 'table']) ok(validateIdentifier(v), v);
    bad(validateIdentifier(''), '', /Enter a name/);
    bad(validateIdentifier('@s1'), '@', /Leave out the "@"/);
    bad(validateIdentifier('my-stage'), '-', /only ASCII letters, digits/);
    bad(validateIdentifier('1st'), 'digit', /start with an ASCII letter/);
    bad(validateIdentifier('stage'), 'stage', /reserved word/);
    bad(validateIdentifier('SELECT'), 'SELECT', /reserved word/);
    bad(validateIdentifier('x'.repeat(256)), 'long', /255/);
  });
  it('accepts folders and refuses wildcards, empty segments and spaces', () => {
    for (const v of ['', 'data', '/data/2024/', 'a=1/b-2']) ok(validatePrefix(v), v);
    bad(validatePrefix('data/*'), '*', /"\*"/);
    bad(validatePrefix('a//b'), '//', /empty/);
    bad(validatePrefix('a/../b'), '..', /"\.\."/);
    bad(validatePrefix('my data'), 'space', /no spaces/);
  });
});

describe('newExternalId', () => {
  it('makes distinct 32-character alphanumeric ids that pass validation', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newExternalId()));
    assert.equal(ids.size, 1000);
    for (const id of ids) {
      assert.match(id, /^[A-Za-z0-9]{32}$/);
      ok(validateExternalId(id), id);
    }
  });
  it('uses the whole alphabet', () => {
    const seen = new Set(Array.from({ length: 200 }, () => newExternalId()).join(''));
    assert.equal(seen.size, 62);
  });
});

describe('deriveNames', () => {
  it('derives valid IAM and Databend names from the bucket', () => {
    const names = deriveNames('test-bucket-123');
    assert.deepEqual(names, {
      roleName: 'databend-test-bucket-123',
      policyName: 'databend-test-bucket-123-access',
      connectionName: 'test_bucket_123',
      stageName: 'test_bucket_123',
    });
  });
  it('always gives names the validators accept', () => {
    for (const [bucket, prefix] of [['123-data', ''], ['stage', ''], ['a.b', 'x/y'], ['x'.repeat(63), 'p'.repeat(200)]]) {
      const n = deriveNames(bucket, prefix);
      ok(validateIamName(n.roleName, 'role'), n.roleName);
      ok(validateIamName(n.policyName, 'policy'), n.policyName);
      ok(validateIdentifier(n.connectionName), n.connectionName);
    }
  });
});
