// What the account should hold for one bucket: the guide's documents, names and tags.

import * as l10n from '@vscode/l10n';
import { fitDescription, iamLimitProblems } from './iamLimits';
import { BUCKET_TAG, DesiredState, LOCATION_TAG, MANAGED_TAG, Tags } from './plan';
import { describeLocations, locationsTag, s3Location } from './locations';
import { Access, permissionPolicy, S3Place, trustPolicy } from './policies';
import { formatRoleTags, normalizeRolePath, otherPartitionMessage, validatePermissionsBoundary, validateRolePath, validateRoleTags } from './roleOptions';
import { assertValid, Partition, validateIamName } from './validate';

export interface DesiredInput {
  accountId: string;
  partition: Partition;
  bucket: string;
  prefix?: string;
  /** More locations the role serves (locations.ts); the first is bucket and prefix. */
  moreLocations?: readonly S3Place[];
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
  assertValid(validateIamName(input.roleName, 'role'), l10n.t('IAM role name'));
  assertValid(validateIamName(input.policyName, 'policy'), l10n.t('IAM policy name'));
  const boundary = input.permissionsBoundary?.trim() || undefined;
  assertValid(boundary && validatePermissionsBoundary(boundary), l10n.t('Permissions boundary'));
  // A boundary lives in the role's own partition: IAM refuses one from another.
  assertValid(boundary && !boundary.startsWith(`arn:${input.partition}:`) ? otherPartitionMessage(input.partition) : undefined, l10n.t('Permissions boundary'));
  assertValid(validateRolePath(input.rolePath ?? ''), l10n.t('Role path'));
  const path = normalizeRolePath(input.rolePath);
  const userTags = input.roleTags ?? {};
  assertValid(validateRoleTags(formatRoleTags(userTags)), l10n.t('Tags'));
  const places = [{ bucket: input.bucket, prefix: input.prefix }, ...(input.moreLocations ?? [])];
  const desired: DesiredState = {
    accountId: input.accountId,
    partition: input.partition,
    roleName: input.roleName,
    policyName: input.policyName,
    // Stored in IAM, not shown by VS Code: stays English (IAM refuses most non-Latin
    // characters in a description, and a re-run in another language would differ).
    roleDescription: fitDescription(
      `Lets Databend Cloud ${input.access === 'read' ? 'read' : 'read and write'} ${places.length === 1 ? s3Location(input.bucket, input.prefix) : describeLocations(places)} (created by Databend IAM Role for S3)`,
    ),
    trustPolicy: trustPolicy({ principalArn: input.databendRoleArn, externalId: input.externalId }),
    permissionPolicy: permissionPolicy({
      bucket: input.bucket,
      prefix: input.prefix,
      moreLocations: input.moreLocations,
      access: input.access,
      partition: input.partition,
      kmsKeyArn: input.kmsKeyArn,
    }),
    tags: { ...userTags, [MANAGED_TAG]: 'true', [BUCKET_TAG]: input.bucket.trim(), [LOCATION_TAG]: locationsTag(places) },
    ...(path !== '/' && { path }),
    ...(boundary !== undefined && { permissionsBoundary: boundary }),
  };
  for (const problem of iamLimitProblems(desired)) {
    assertValid(problem.replace(/^./, (c) => c.toUpperCase()) + '.', l10n.t('IAM limits'));
  }
  return desired;
}
