// What an organization may require of every new role (issue 13, "organization guardrails"):
// a permissions boundary, a path, tags. One validator per input, as in validate.ts: each
// returns a sentence saying what is wrong and how to fix it, or undefined. Pure.
//
// Rules: IAM API Reference, CreateRole (Path, PermissionsBoundary, Tags), Tag (Key, Value),
// and "IAM and AWS STS quotas" (50 tags per role); the limits themselves live in iamLimits.ts.

import { hasOnlyTagChars, IAM_LIMITS, isBoundaryArn, isIamPath } from './iamLimits';
import { MANAGED_TAGS, type Tags } from './plan';
import * as l10n from '@vscode/l10n';

const BOUNDARY_EXAMPLE = 'arn:aws:iam::123456789012:policy/OrgBoundary';
/** The extension's own tags share this prefix; a user tag may not claim it. */
const MANAGED_PREFIX = 'databend-iam-role:';

/** Why a boundary from another partition is refused: IAM takes a boundary from the role's own only. */
export function otherPartitionMessage(partition: string): string {
  return l10n.t('The permissions boundary must be a policy in the {0} partition (arn:{0}:iam::…), as the role is.', partition);
}

/**
 * Optional: the ARN of the managed policy set as the role's permissions boundary
 * (arn:<partition>:iam::<12-digit account or "aws">:policy/<path/name>). Empty means none.
 * `partition`, when known (the profile's), is the role's: a boundary from another is refused.
 */
export function validatePermissionsBoundary(arn: string, partition?: string): string | undefined {
  const value = arn.trim();
  if (value === '') return undefined;
  if (/\s/.test(value)) return l10n.t('The permissions boundary ARN contains spaces or line breaks: copy it again without them.');
  if (value.includes('*')) return l10n.t('A permissions boundary names one managed policy: the ARN cannot contain "*".');
  const parts = value.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return l10n.t('A permissions boundary is a managed policy ARN, for example {0}.', BOUNDARY_EXAMPLE);
  const [, arnPartition, service, region, account] = parts;
  if (!['aws', 'aws-cn', 'aws-us-gov'].includes(arnPartition)) return l10n.t('Unknown AWS partition "{0}": use aws, aws-cn or aws-us-gov.', arnPartition);
  if (service !== 'iam') return l10n.t('This is an ARN of the "{0}" service; a permissions boundary is an IAM policy ({1}).', service, BOUNDARY_EXAMPLE);
  if (region !== '') return l10n.t('IAM ARNs have no region: the part after "iam:" must be empty (arn:aws:iam::<account>:policy/...).');
  if (!/^(\d{12}|aws)$/.test(account)) return l10n.t('The account in a policy ARN is 12 digits (or "aws" for an AWS managed policy); "{0}" is not.', account);
  const resource = parts.slice(5).join(':');
  if (resource.startsWith('role/')) return l10n.t('This is a role ARN; a permissions boundary is a managed policy (":policy/<name>"), which your AWS administrator can name.');
  if (!resource.startsWith('policy/')) return l10n.t('The ARN must name a managed policy (":policy/<name>"), for example {0}.', BOUNDARY_EXAMPLE);
  const segments = resource.slice('policy/'.length).split('/');
  const name = segments[segments.length - 1];
  if (segments.some((s) => s === '')) return l10n.t('The policy ARN has an empty path segment ("//" or a trailing "/"): copy the full ARN again.');
  if (name.length > IAM_LIMITS.policyName) return l10n.t('The policy name "{0}" is longer than the {1} characters IAM allows.', name, IAM_LIMITS.policyName);
  if (!isBoundaryArn(value)) return l10n.t('The policy name may contain letters, digits and + = , . @ _ - only, and its path printable characters without spaces.');
  if (partition !== undefined && arnPartition !== partition) return l10n.t('{0} This profile signs in to {1}; the ARN is in {2}.', otherPartitionMessage(partition), partition, arnPartition);
  return undefined;
}

/** Optional: the role's IAM path, "/" or "/…/". Empty means IAM's default "/". */
export function validateRolePath(path: string): string | undefined {
  const value = path.trim();
  if (value === '' || value === '/') return undefined;
  if (value.length > IAM_LIMITS.path) return l10n.t('A role path may have at most {0} characters; this one has {1}.', IAM_LIMITS.path, value.length);
  if (!value.startsWith('/') || !value.endsWith('/')) return l10n.t('A role path starts and ends with "/", for example /{0}/.', value.replace(/^\/+|\/+$/g, '') || 'databend');
  if (/[^\u0021-\u007E]/.test(value)) return l10n.t('A role path may contain printable ASCII characters only: no spaces, line breaks or accented letters (for example /teams/data/).');
  // What IAM's pattern still refuses is "//": a double slash with nothing between.
  if (!isIamPath(value)) return l10n.t('A role path needs a name between its slashes: "//" is an empty segment. Write / for IAM\'s default, or for example /teams/data/.');
  return undefined;
}

/** The path as used: IAM's default "/" for an empty field. */
export function normalizeRolePath(path: string | undefined): string {
  const value = (path ?? '').trim();
  return value === '' ? '/' : value;
}

/** The key=value pairs of a tags field: separated by commas or line breaks (neither may appear in a tag). */
function tagPairs(text: string): string[] {
  return text
    .split(/[,\n\r]/)
    .map((pair) => pair.trim())
    .filter((pair) => pair !== '');
}

/** The user tags a role may carry besides the extension's own (IAM allows 50 per role). */
export const MAX_USER_TAGS = IAM_LIMITS.tags - MANAGED_TAGS.length;

/**
 * Optional: tags for the role and the policy, written key=value and separated by commas,
 * e.g. `team=data, cost-center=1234`. A value may be empty (`key=`) and contain "=".
 */
export function validateRoleTags(text: string): string | undefined {
  const pairs = tagPairs(text);
  if (pairs.length > MAX_USER_TAGS) {
    return l10n.t('IAM allows {0} tags on a role and this extension sets {1} of its own: give at most {2} (here: {3}).', IAM_LIMITS.tags, MANAGED_TAGS.length, MAX_USER_TAGS, pairs.length);
  }
  const seen = new Map<string, string>();
  for (const pair of pairs) {
    const equals = pair.indexOf('=');
    if (equals < 0) return l10n.t('Write each tag as key=value (for example team=data); "{0}" has no "=".', pair);
    const key = pair.slice(0, equals).trim();
    const value = pair.slice(equals + 1).trim();
    if (key === '') return l10n.t('The tag "{0}" has no key: write key=value, for example team=data.', pair);
    if (key.length > IAM_LIMITS.tagKey) return l10n.t('The tag key "{0}…" has {1} characters; IAM allows {2}.', key.slice(0, 20), key.length, IAM_LIMITS.tagKey);
    if (/^aws:/i.test(key)) return l10n.t('The tag key "{0}" starts with "aws:", which AWS reserves for its own tags: choose another key.', key);
    if (key.toLowerCase().startsWith(MANAGED_PREFIX)) return l10n.t('The tag key "{0}" starts with "{1}", which this extension sets itself: choose another key.', key, MANAGED_PREFIX);
    if (!hasOnlyTagChars(key)) return l10n.t('The tag key "{0}" may contain letters, digits, spaces and _ . : / = + - @ only.', key);
    if (value.length > IAM_LIMITS.tagValue) return l10n.t('The value of the tag {0} has {1} characters; IAM allows {2}.', key, value.length, IAM_LIMITS.tagValue);
    if (!hasOnlyTagChars(value)) return l10n.t('The value of the tag {0} may contain letters, digits, spaces and _ . : / = + - @ only.', key);
    // IAM treats tag keys as case-insensitive: two that differ only in case are one key.
    const earlier = seen.get(key.toLowerCase());
    if (earlier !== undefined) return earlier === key
        ? l10n.t('The tag key "{0}" is given twice: keep one.', key)
        : l10n.t('The tag key "{0}" is given twice (as "{1}"; IAM does not tell keys apart by case): keep one.', key, earlier);
    seen.set(key.toLowerCase(), key);
  }
  return undefined;
}

/** The tags of a field `validateRoleTags` accepts, keys and values trimmed. */
export function parseRoleTags(text: string): Tags {
  return Object.fromEntries(
    tagPairs(text).map((pair) => {
      const equals = pair.indexOf('=');
      return [pair.slice(0, equals).trim(), pair.slice(equals + 1).trim()];
    }),
  );
}

/** Tags written back as a field's text (the inverse of parseRoleTags). */
export function formatRoleTags(tags: Tags): string {
  return Object.entries(tags)
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');
}
