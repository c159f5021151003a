// IAM's own limits on the requests provisioning sends (IAM API Reference: CreateRole,
// CreatePolicy, TagRole, "IAM and AWS STS quotas"), checked on the desired state before any
// request is built, so every request made from accepted inputs is one IAM accepts.

import * as l10n from '@vscode/l10n';
import type { DesiredState, Tags } from './plan';

export const IAM_LIMITS = {
  roleName: 64,
  policyName: 128,
  path: 512,
  description: 1000,
  /** Role trust policy: characters other than whitespace (default quota; can be raised to 4,096). */
  trustPolicy: 2048,
  /** Managed policy document: characters other than whitespace. */
  managedPolicy: 6144,
  tagKey: 128,
  tagValue: 256,
  tags: 50,
} as const;

const NAME_CHARS = /^[\w+=,.@-]+$/;
/** CreateRole Path: "/" alone, or "/" + printable ASCII (no space) + "/" (IAM API Reference, Path pattern). */
const PATH_PATTERN = /^(\/|\/[\u0021-\u007E]+\/)$/;
/** CreateRole PermissionsBoundary: a managed policy's ARN, the account's own or AWS's. */
const BOUNDARY_PATTERN = /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}|aws):policy\/([\u0021-\u007E]+\/)*[\w+=,.@-]{1,128}$/;
/** CreateRole / CreatePolicy Description: tab, LF, CR, printable ASCII and Latin-1. */
const DESCRIPTION_CHARS = /^[\t\n\r\u0020-\u007E\u00A1-\u00FF]*$/;
/** Tag keys and values: letters, spaces, digits and _ . : / = + - @ in any script. */
const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** How IAM measures a policy against its size quota: whitespace does not count. */
export function policySize(document: unknown): number {
  return JSON.stringify(document).replace(/\s/g, '').length;
}

/** A description within IAM's length and character rules: other characters as "?", a long text cut with "...". */
export function fitDescription(text: string): string {
  const clean = [...text].map((ch) => (DESCRIPTION_CHARS.test(ch) ? ch : '?')).join('');
  return clean.length <= IAM_LIMITS.description ? clean : `${clean.slice(0, IAM_LIMITS.description - 3)}...`;
}

/** Whether `value` is a tag value IAM accepts: at most 256 letters, digits, spaces and _ . : / = + - @. */
export function isTagValue(value: string): boolean {
  return value.length <= IAM_LIMITS.tagValue && TAG_CHARS.test(value);
}

/** Whether `key` is a tag key IAM accepts: 1 to 128 of the tag characters, not starting with the reserved "aws:". */
export function isTagKey(key: string): boolean {
  return key.length >= 1 && key.length <= IAM_LIMITS.tagKey && TAG_CHARS.test(key) && !/^aws:/i.test(key);
}

/** Whether every character of `text` is one tag keys and values may hold. */
export function hasOnlyTagChars(text: string): boolean {
  return TAG_CHARS.test(text);
}

/** Whether `path` is an IAM path: "/" or "/…/", at most 512 printable ASCII characters without spaces. */
export function isIamPath(path: string): boolean {
  return path.length <= IAM_LIMITS.path && PATH_PATTERN.test(path);
}

/** Whether `arn` has the form of a managed policy ARN that CreateRole accepts as a permissions boundary. */
export function isBoundaryArn(arn: string): boolean {
  return arn.length <= 2048 && BOUNDARY_PATTERN.test(arn);
}

/** The tags of the role and the policy (they carry the same ones). */
function tagProblems(tags: Tags): string[] {
  const problems: string[] = [];
  const entries = Object.entries(tags);
  if (entries.length > IAM_LIMITS.tags) problems.push(l10n.t('the role and the policy would carry {0} tags; IAM allows {1}', entries.length, IAM_LIMITS.tags));
  for (const [key, value] of entries) {
    if (!isTagKey(key)) problems.push(l10n.t('the tag key "{0}" of the role and the policy is not one IAM accepts', key));
    if (!isTagValue(value)) {
      problems.push(l10n.t('the value of the tag {0} of the role and the policy is not one IAM accepts (at most {1} letters, digits, spaces and _ . : / = + - @)', key, IAM_LIMITS.tagValue));
    }
  }
  return problems;
}

/** Every way a request for this desired state would break IAM's limits; empty when none would. */
export function iamLimitProblems(desired: DesiredState): string[] {
  const problems: string[] = [];
  if (desired.roleName.length > IAM_LIMITS.roleName || !NAME_CHARS.test(desired.roleName)) problems.push(l10n.t('the role name "{0}" is not a valid IAM role name (at most {1} of letters, digits and + = , . @ _ -)', desired.roleName, IAM_LIMITS.roleName));
  if (desired.policyName.length > IAM_LIMITS.policyName || !NAME_CHARS.test(desired.policyName)) problems.push(l10n.t('the policy name "{0}" is not a valid IAM policy name (at most {1} of letters, digits and + = , . @ _ -)', desired.policyName, IAM_LIMITS.policyName));
  if (desired.roleDescription.length > IAM_LIMITS.description || !DESCRIPTION_CHARS.test(desired.roleDescription)) problems.push(l10n.t('the role description is longer than {0} characters or holds characters IAM refuses', IAM_LIMITS.description));
  const trust = policySize(desired.trustPolicy);
  if (trust > IAM_LIMITS.trustPolicy) problems.push(l10n.t('the trust policy would have {0} characters; IAM allows {1}: use a shorter external ID', trust, IAM_LIMITS.trustPolicy));
  const permission = policySize(desired.permissionPolicy);
  if (permission > IAM_LIMITS.managedPolicy) problems.push(l10n.t('the permission policy would have {0} characters; IAM allows {1}: use a shorter path prefix', permission, IAM_LIMITS.managedPolicy));
  problems.push(...tagProblems(desired.tags));
  if (desired.path !== undefined && !isIamPath(desired.path)) problems.push(l10n.t('the role path "{0}" is not an IAM path ("/" or "/…/", at most {1} printable characters without spaces)', desired.path, IAM_LIMITS.path));
  if (desired.permissionsBoundary !== undefined && !isBoundaryArn(desired.permissionsBoundary)) problems.push(l10n.t('the permissions boundary "{0}" is not a managed policy ARN (arn:aws:iam::123456789012:policy/name)', desired.permissionsBoundary));
  return problems;
}
