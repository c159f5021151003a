// The setup form's rules, shared by the webview (live) and the extension (again, before
// acting): one message per field, and the three previews.

import { deriveNames } from './names';
import { permissionPolicy, policyJson, trustPolicy } from './policies';
import { setupSql } from './sql';
import {
  validateBucketName,
  validateExternalId,
  validateIamName,
  validateIdentifier,
  validatePrefix,
  validateRoleArn,
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
}

export type SetupErrors = Partial<Record<keyof SetupValues, string>>;

export function validateSetup(values: SetupValues): SetupErrors {
  const errors: SetupErrors = {
    databendRoleArn: validateRoleArn(values.databendRoleArn),
    bucket: validateBucketName(values.bucket),
    prefix: validatePrefix(values.prefix),
    roleName: validateIamName(values.roleName, 'role'),
    policyName: validateIamName(values.policyName, 'policy'),
    externalId: validateExternalId(values.externalId),
    connectionName: validateIdentifier(values.connectionName, 'connection name'),
    stageName: validateIdentifier(values.stageName, 'stage name'),
  };
  return Object.fromEntries(Object.entries(errors).filter(([, message]) => message !== undefined)) as SetupErrors;
}

export interface SetupPreviews {
  permissionPolicy: string;
  trustPolicy: string;
  sql: string;
}

/** The previews for valid values; a placeholder role ARN stands in until the role exists. */
export function setupPreviews(values: SetupValues, accountId = '<your-account-id>', partition = 'aws', roleArn?: string): SetupPreviews {
  return {
    permissionPolicy: policyJson(permissionPolicy({ bucket: values.bucket, prefix: values.prefix, access: values.access, partition: partition as 'aws' }), true),
    trustPolicy: policyJson(trustPolicy({ principalArn: values.databendRoleArn, externalId: values.externalId }), true),
    sql: setupSql({
      connectionName: values.connectionName,
      stageName: values.stageName,
      bucket: values.bucket,
      prefix: values.prefix,
      roleArn: roleArn ?? `arn:${partition}:iam::${/^\d{12}$/.test(accountId) ? accountId : '123456789012'}:role/${values.roleName}`,
      externalId: values.externalId,
    }),
  };
}

/** Defaults that follow the bucket until the user edits the field. */
export function setupDefaults(bucket: string, prefix: string) {
  return deriveNames(bucket, prefix);
}
