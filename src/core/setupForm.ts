// The setup form's rules, shared by the webview (live) and the extension (again, before
// acting): one message per field, and the three previews.

import * as l10n from '@vscode/l10n';
import { IAM_LIMITS, policySize } from './iamLimits';
import { LocationErrorKey, StageLocation, validateMoreLocations } from './locations';
import { deriveNames } from './names';
import { permissionPolicy, PolicyDocument, policyJson, trustPolicy, validateKmsKeyArn } from './policies';
import { validatePermissionsBoundary, validateRolePath, validateRoleTags } from './roleOptions';
import { setupSql } from './sql';
import {
  validateBucketName,
  validateExternalId,
  validateIamName,
  validateIdentifier,
  validatePrefix,
  normalizePrefix,
  Partition,
  validateRoleArn,
  validateEndpointUrl,
  validateTestFile,
} from './validate';

export interface SetupValues {
  databendRoleArn: string;
  bucket: string;
  prefix: string;
  access: 'read' | 'readwrite';
  roleName: string;
  policyName: string;
  externalId: string;
  connectionName: string;
  stageName: string;
  /** Optional: the bucket's SSE-KMS key, for kms:Decrypt (and GenerateDataKey for writes). */
  kmsKeyArn: string;
  /** Optional: a file under the stage for the guide's test SELECT, e.g. test.parquet. */
  testFile: string;
  /** Optional: the connection's ENDPOINT_URL, for S3-compatible stores. */
  endpointUrl: string;
  /** Optional (organization requirements): the managed policy ARN set as the role's permissions boundary. */
  permissionsBoundary: string;
  /** Optional (organization requirements): the role's IAM path, e.g. /databend/; empty for "/". */
  rolePath: string;
  /** Optional (organization requirements): tags for the role and the policy, "key=value, key=value". */
  roleTags: string;
  /** More locations the same role and connection serve, each with its own stage (locations.ts); absent or empty for one. */
  moreLocations?: StageLocation[];
}

export type SetupErrors = Partial<Record<Exclude<keyof SetupValues, 'moreLocations'> | LocationErrorKey, string>>;

/**
 * The values as they are used: every text trimmed, the prefix without leading or trailing
 * "/". The validators accept surrounding blanks (a paste often has them), so everything
 * after validation must work on these values, never on the raw ones.
 */
export function normalizeSetup<T extends SetupValues>(values: T): T {
  const trimmed = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v])) as T;
  const more = trimmed.moreLocations?.map((l) => ({ bucket: l.bucket.trim(), prefix: normalizePrefix(l.prefix), stageName: l.stageName.trim() }));
  return { ...trimmed, prefix: normalizePrefix(trimmed.prefix), ...(more !== undefined && { moreLocations: more }) };
}

export function validateSetup(values: SetupValues, context: { partition?: string } = {}): SetupErrors {
  const errors: SetupErrors = {
    databendRoleArn: validateRoleArn(values.databendRoleArn),
    bucket: validateBucketName(values.bucket),
    prefix: validatePrefix(values.prefix),
    roleName: validateIamName(values.roleName, 'role'),
    policyName: validateIamName(values.policyName, 'policy'),
    externalId: validateExternalId(values.externalId),
    connectionName: validateIdentifier(values.connectionName, l10n.t('connection name')),
    stageName: validateIdentifier(values.stageName, l10n.t('stage name')),
    kmsKeyArn: values.kmsKeyArn.trim() === '' ? undefined : validateKmsKeyArn(values.kmsKeyArn.trim()),
    testFile: validateTestFile(values.testFile),
    endpointUrl: validateEndpointUrl(values.endpointUrl),
    permissionsBoundary: validatePermissionsBoundary(values.permissionsBoundary, context.partition),
    rolePath: validateRolePath(values.rolePath),
    roleTags: validateRoleTags(values.roleTags),
    ...validateMoreLocations(values),
  };
  const found = Object.fromEntries(Object.entries(errors).filter(([, message]) => message !== undefined)) as SetupErrors;
  // IAM's limit on the policy's size, as typed: long prefixes and many locations reach it.
  const placeKeys = ['bucket', 'prefix', 'kmsKeyArn'];
  if (!Object.keys(found).some((key) => placeKeys.includes(key) || key.startsWith('moreLocations.'))) {
    const size = policySize(setupPolicies(values).permissionPolicy);
    const rows = values.moreLocations?.length ?? 0;
    if (size > IAM_LIMITS.managedPolicy) {
      found[rows > 0 ? (`moreLocations.${rows - 1}.prefix` as LocationErrorKey) : 'prefix'] =
        rows > 0
          ? l10n.t('The permission policy would have {0} characters; IAM allows {1}: remove a location or use shorter prefixes.', size, IAM_LIMITS.managedPolicy)
          : l10n.t('The permission policy would have {0} characters; IAM allows {1}: use a shorter path prefix.', size, IAM_LIMITS.managedPolicy);
    }
  }
  return found;
}

export interface SetupPreviews {
  permissionPolicy: string;
  trustPolicy: string;
  sql: string;
}

/** The permission and trust policy documents for the form's values. @throws InvalidInputError on invalid values. */
export function setupPolicies(values: SetupValues, partition: Partition = 'aws'): { permissionPolicy: PolicyDocument; trustPolicy: PolicyDocument } {
  return {
    permissionPolicy: permissionPolicy({ bucket: values.bucket, prefix: values.prefix, moreLocations: values.moreLocations, access: values.access, partition, kmsKeyArn: values.kmsKeyArn }),
    trustPolicy: trustPolicy({ principalArn: values.databendRoleArn, externalId: values.externalId }),
  };
}

/** The Databend SQL for the form's values and the role's ARN. @throws InvalidInputError on invalid values. */
export function setupSqlFor(values: SetupValues, roleArn: string, region?: string): string {
  return setupSql({
    connectionName: values.connectionName,
    stageName: values.stageName,
    bucket: values.bucket,
    prefix: values.prefix,
    moreStages: values.moreLocations,
    roleArn,
    externalId: values.externalId,
    region,
    testFile: values.testFile,
    endpointUrl: values.endpointUrl,
  });
}

/** The previews for valid values; a placeholder role ARN stands in until the role exists. */
export function setupPreviews(values: SetupValues, accountId = '<your-account-id>', partition: Partition = 'aws', roleArn?: string): SetupPreviews {
  const policies = setupPolicies(values, partition);
  return {
    permissionPolicy: policyJson(policies.permissionPolicy, true),
    trustPolicy: policyJson(policies.trustPolicy, true),
    sql: setupSqlFor(values, roleArn ?? `arn:${partition}:iam::${/^\d{12}$/.test(accountId) ? accountId : '123456789012'}:role${values.rolePath.trim() || '/'}${values.roleName}`),
  };
}

/** Defaults that follow the bucket until the user edits the field. */
export function setupDefaults(bucket: string, prefix: string) {
  return deriveNames(bucket, prefix);
}
