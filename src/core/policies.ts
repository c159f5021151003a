// The two IAM documents of Databend's guide: the permission policy on the bucket and
// the role's trust policy. Key order matters: JSON.stringify of the guide's example
// values reproduces the guide's documents byte for byte.

import {
  assertValid,
  normalizePrefix,
  Partition,
  validateBucketName,
  validateExternalId,
  validatePrefix,
  validateRoleArn,
} from './validate';

export type Access = 'read' | 'readwrite';

export interface PolicyStatement {
  Effect: 'Allow';
  Principal?: { AWS: string };
  Condition?: Record<string, Record<string, string | string[]>>;
  Action: string | string[];
  Resource?: string;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

export interface PermissionPolicyInput {
  bucket: string;
  prefix?: string;
  access?: Access;
  partition?: Partition;
  kmsKeyArn?: string;
}

export function permissionPolicy(input: PermissionPolicyInput): PolicyDocument {
  const bucket = input.bucket.trim();
  assertValid(validateBucketName(bucket), 'S3 bucket');
  assertValid(validatePrefix(input.prefix ?? ''), 'Path prefix');
  const partition = input.partition ?? 'aws';
  const access = input.access ?? 'readwrite';
  const prefix = normalizePrefix(input.prefix);
  const bucketArn = `arn:${partition}:s3:::${bucket}`;

  const list: PolicyStatement = { Effect: 'Allow', Action: 's3:ListBucket', Resource: bucketArn };
  if (prefix !== '') {
    list.Condition = { StringLike: { 's3:prefix': [`${prefix}/*`] } };
  }
  const objects: PolicyStatement = {
    Effect: 'Allow',
    Action: access === 'read' ? 's3:GetObject' : 's3:*Object',
    Resource: prefix === '' ? `${bucketArn}/*` : `${bucketArn}/${prefix}/*`,
  };
  const statements = [list, objects];

  const kmsKeyArn = input.kmsKeyArn?.trim();
  if (kmsKeyArn) {
    assertValid(validateKmsKeyArn(kmsKeyArn, partition), 'KMS key ARN');
    statements.push({
      Effect: 'Allow',
      Action: access === 'read' ? 'kms:Decrypt' : ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: kmsKeyArn,
    });
  }
  return { Version: '2012-10-17', Statement: statements };
}

export interface TrustPolicyInput {
  principalArn: string;
  externalId: string;
}

/** Lets exactly one principal (Databend's role) assume the role, and only with the external ID. */
export function trustPolicy(input: TrustPolicyInput): PolicyDocument {
  const principalArn = input.principalArn.trim();
  const externalId = input.externalId.trim();
  assertValid(validateRoleArn(principalArn), 'Databend role ARN');
  assertValid(validateExternalId(externalId), 'External ID');
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: principalArn },
        Condition: { StringEquals: { 'sts:ExternalId': externalId } },
        Action: 'sts:AssumeRole',
      },
    ],
  };
}

/**
 * The external ID a trust policy requires (`Condition.StringEquals["sts:ExternalId"]` of an
 * Allow statement for sts:AssumeRole), or undefined when it requires none. Reads any
 * document IAM returns (decoded JSON), so a role made by hand is read the same way.
 * Source: IAM's trust policy grammar (the ExternalId condition key of AWS STS).
 */
export function externalIdOf(trust: unknown): string | undefined {
  const statements = (trust as { Statement?: unknown } | undefined)?.Statement;
  for (const statement of Array.isArray(statements) ? statements : statements ? [statements] : []) {
    const s = statement as { Effect?: unknown; Condition?: Record<string, Record<string, unknown>> };
    if (s.Effect !== 'Allow') continue;
    const value = s.Condition?.StringEquals?.['sts:ExternalId'];
    const id = Array.isArray(value) ? value[0] : value;
    if (typeof id === 'string') return id;
  }
  return undefined;
}

export function validateKmsKeyArn(arn: string, partition: Partition = 'aws'): string | undefined {
  if (/:alias\//.test(arn)) {
    return 'kms:Decrypt is granted on the key itself: give the key ARN (…:key/<key-id>), not an alias.';
  }
  const pattern = new RegExp(`^arn:${partition}:kms:[a-z0-9-]+:\\d{12}:key/[\\w/+=,.@-]+$`);
  // 2,048 is KMS's own limit on a key ID or ARN; it also keeps the policy within IAM's size limit.
  if (!pattern.test(arn.trim()) || arn.trim().length > 2048) {
    return `Expected a KMS key ARN such as arn:${partition}:kms:us-east-1:123456789012:key/<key-id>.`;
  }
  return undefined;
}

/** The document as IAM receives it and as users copy it. */
export function policyJson(document: PolicyDocument, pretty = false): string {
  return pretty ? JSON.stringify(document, null, 2) : JSON.stringify(document);
}
