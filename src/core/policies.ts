// The two IAM documents of Databend's guide: the permission policy on the bucket and
// the role's trust policy. Key order matters: JSON.stringify of the guide's example
// values reproduces the guide's documents byte for byte.

import * as l10n from '@vscode/l10n';
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
  Resource?: string | string[];
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

/** A place in S3 the role serves: a bucket and an optional folder in it. */
export interface S3Place {
  bucket: string;
  prefix?: string;
}

export interface PermissionPolicyInput {
  bucket: string;
  prefix?: string;
  /** More places the same role serves (Snowflake's STORAGE_ALLOWED_LOCATIONS): one policy grants them all. */
  moreLocations?: readonly S3Place[];
  access?: Access;
  partition?: Partition;
  kmsKeyArn?: string;
}

/**
 * The guide's permission policy, for one location or several. One location gives the
 * guide's document byte for byte. Several keep least privilege per location: one
 * s3:ListBucket statement per bucket, limited by s3:prefix to that bucket's folders (none
 * when a location is the whole bucket), and one object statement whose Resource lists
 * each location's objects. Source: Amazon S3 "Actions, resources and condition keys"
 * (ListBucket on the bucket ARN with s3:prefix; object actions on bucket/key ARNs).
 * @throws InvalidInputError for an invalid bucket, prefix or KMS key ARN.
 */
export function permissionPolicy(input: PermissionPolicyInput): PolicyDocument {
  const partition = input.partition ?? 'aws';
  const access = input.access ?? 'readwrite';
  const places = [{ bucket: input.bucket, prefix: input.prefix }, ...(input.moreLocations ?? [])].map((place) => {
    const bucket = place.bucket.trim();
    assertValid(validateBucketName(bucket), l10n.t('S3 bucket'));
    assertValid(validatePrefix(place.prefix ?? ''), l10n.t('Path prefix'));
    return { bucket, prefix: normalizePrefix(place.prefix) };
  });
  // Per bucket, in the order the user gave: its folders, or '' for the whole bucket.
  const folders = new Map<string, string[]>();
  for (const { bucket, prefix } of places) {
    const seen = folders.get(bucket) ?? [];
    if (!seen.includes(prefix)) seen.push(prefix);
    folders.set(bucket, seen);
  }
  const statements: PolicyStatement[] = [];
  const objectArns: string[] = [];
  for (const [bucket, prefixes] of folders) {
    const bucketArn = `arn:${partition}:s3:::${bucket}`;
    const whole = prefixes.includes('');
    const list: PolicyStatement = { Effect: 'Allow', Action: 's3:ListBucket', Resource: bucketArn };
    if (!whole) {
      list.Condition = { StringLike: { 's3:prefix': prefixes.map((prefix) => `${prefix}/*`) } };
    }
    statements.push(list);
    objectArns.push(...(whole ? [`${bucketArn}/*`] : prefixes.map((prefix) => `${bucketArn}/${prefix}/*`)));
  }
  statements.push({
    Effect: 'Allow',
    Action: access === 'read' ? 's3:GetObject' : 's3:*Object',
    Resource: objectArns.length === 1 ? objectArns[0] : objectArns,
  });

  const kmsKeyArn = input.kmsKeyArn?.trim();
  if (kmsKeyArn) {
    assertValid(validateKmsKeyArn(kmsKeyArn, partition), l10n.t('KMS key ARN'));
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
  assertValid(validateRoleArn(principalArn), l10n.t('Databend role ARN'));
  assertValid(validateExternalId(externalId), l10n.t('External ID'));
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
    return l10n.t('kms:Decrypt is granted on the key itself: give the key ARN (…:key/<key-id>), not an alias.');
  }
  const pattern = new RegExp(`^arn:${partition}:kms:[a-z0-9-]+:\\d{12}:key/[\\w/+=,.@-]+$`);
  // 2,048 is KMS's own limit on a key ID or ARN; it also keeps the policy within IAM's size limit.
  if (!pattern.test(arn.trim()) || arn.trim().length > 2048) {
    return l10n.t('Expected a KMS key ARN such as {0}.', `arn:${partition}:kms:us-east-1:123456789012:key/<key-id>`);
  }
  return undefined;
}

/** The document as IAM receives it and as users copy it. */
export function policyJson(document: PolicyDocument, pretty = false): string {
  return pretty ? JSON.stringify(document, null, 2) : JSON.stringify(document);
}
