// What the account should hold for one bucket: the guide's documents, names and tags.

import { fitDescription, iamLimitProblems, isTagValue } from './iamLimits';
import { shortHash } from './names';
import { BUCKET_TAG, DesiredState, LOCATION_TAG, MANAGED_TAG, Tags } from './plan';
import { Access, permissionPolicy, trustPolicy } from './policies';
import { formatRoleTags, normalizeRolePath, otherPartitionMessage, validatePermissionsBoundary, validateRolePath, validateRoleTags } from './roleOptions';
import { assertValid, normalizePrefix, Partition, validateIamName } from './validate';

export interface DesiredInput {
  accountId: string;
  partition: Partition;
  bucket: string;
  prefix?: string;
  access?: Access;
  kmsKeyArn?: string;
  databendRoleArn: string;
  externalId: string;
  roleName: string;
  policyName: string;
  /** Optional, for organizations that require one: the managed policy set as the role's permissions boundary. */
  permissionsBoundary?: string;
  /** Optional: the role's IAM path, "/" or "/…/" (empty or absent: "/"). */
  rolePath?: string;
  /** Optional: the user's tags for the role and the policy, besides the extension's own. */
  roleTags?: Tags;
}

export function desiredState(input: DesiredInput): DesiredState {
  assertValid(validateIamName(input.roleName, 'role'), 'IAM role name');
  assertValid(validateIamName(input.policyName, 'policy'), 'IAM policy name');
  const boundary = input.permissionsBoundary?.trim() || undefined;
  assertValid(boundary && validatePermissionsBoundary(boundary), 'Permissions boundary');
  // A boundary lives in the role's own partition: IAM refuses one from another.
  assertValid(boundary && !boundary.startsWith(`arn:${input.partition}:`) ? otherPartitionMessage(input.partition) : undefined, 'Permissions boundary');
  assertValid(validateRolePath(input.rolePath ?? ''), 'Role path');
  const path = normalizeRolePath(input.rolePath);
  const userTags = input.roleTags ?? {};
  assertValid(validateRoleTags(formatRoleTags(userTags)), 'Tags');
  const location = s3Location(input.bucket, input.prefix);
  const desired: DesiredState = {
    accountId: input.accountId,
    partition: input.partition,
    roleName: input.roleName,
    policyName: input.policyName,
    roleDescription: fitDescription(`Lets Databend Cloud ${input.access === 'read' ? 'read' : 'read and write'} ${location} (created by Databend IAM Role for S3)`),
    trustPolicy: trustPolicy({ principalArn: input.databendRoleArn, externalId: input.externalId }),
    permissionPolicy: permissionPolicy({
      bucket: input.bucket,
      prefix: input.prefix,
      access: input.access,
      partition: input.partition,
      kmsKeyArn: input.kmsKeyArn,
    }),
    tags: { ...userTags, [MANAGED_TAG]: 'true', [BUCKET_TAG]: input.bucket, [LOCATION_TAG]: locationTag(input.bucket, input.prefix) },
    ...(path !== '/' && { path }),
    ...(boundary !== undefined && { permissionsBoundary: boundary }),
  };
  for (const problem of iamLimitProblems(desired)) {
    assertValid(problem.replace(/^./, (c) => c.toUpperCase()) + '.', 'IAM limits');
  }
  return desired;
}

/** The stage URL form of a location: s3://bucket or s3://bucket/prefix/. */
export function s3Location(bucket: string, prefix?: string): string {
  const folder = normalizePrefix(prefix);
  return `s3://${bucket.trim()}${folder ? `/${folder}/` : ''}`;
}

/**
 * The value of the location tag: the location itself when a tag value can hold it, else the
 * bucket and a hash of the exact location (tag values allow neither ( ) ! , nor more than
 * 256 characters). Equal values mean the same location, barring a 50-bit hash collision.
 */
export function locationTag(bucket: string, prefix?: string): string {
  const location = s3Location(bucket, prefix);
  return isTagValue(location) ? location : `s3://${bucket.trim()}/ ${shortHash(`${bucket.trim()}\n${normalizePrefix(prefix)}`)}`;
}
