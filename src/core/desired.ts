// What the account should hold for one bucket: the guide's documents, names and tags.

import { DesiredState, MANAGED_TAG } from './plan';
import { Access, permissionPolicy, trustPolicy } from './policies';
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
}

export function desiredState(input: DesiredInput): DesiredState {
  assertValid(validateIamName(input.roleName, 'role'), 'IAM role name');
  assertValid(validateIamName(input.policyName, 'policy'), 'IAM policy name');
  const location = `s3://${input.bucket}${normalizePrefix(input.prefix) ? `/${normalizePrefix(input.prefix)}/` : ''}`;
  return {
    accountId: input.accountId,
    partition: input.partition,
    roleName: input.roleName,
    policyName: input.policyName,
    roleDescription: `Lets Databend Cloud ${input.access === 'read' ? 'read' : 'read and write'} ${location} (created by Databend IAM Role for S3)`,
    trustPolicy: trustPolicy({ principalArn: input.databendRoleArn, externalId: input.externalId }),
    permissionPolicy: permissionPolicy({
      bucket: input.bucket,
      prefix: input.prefix,
      access: input.access,
      partition: input.partition,
      kmsKeyArn: input.kmsKeyArn,
    }),
    tags: { [MANAGED_TAG]: 'true', 'databend-iam-role:bucket': input.bucket },
  };
}
