// The IAM plan: what must change so the account holds the desired policy and role.
// Pure: the current state is read by an adapter, the steps are applied by another.

import * as l10n from '@vscode/l10n';
import { describeLocations, locationsInPolicy, locationTag } from './locations';
import { externalIdOf, type PolicyDocument } from './policies';

/** Marks the resources this extension created; others are never changed without consent. */
export const MANAGED_TAG = 'databend-iam-role:managed';
/** The bucket a managed role or policy was made for. */
export const BUCKET_TAG = 'databend-iam-role:bucket';
/** The location (bucket and prefix) a managed role or policy was made for; see locationTag. */
export const LOCATION_TAG = 'databend-iam-role:location';
/** Every tag the extension sets itself (desired.ts): they count against IAM's 50 per role. */
export const MANAGED_TAGS = [MANAGED_TAG, BUCKET_TAG, LOCATION_TAG] as const;
/** IAM keeps at most five versions of a managed policy. */
const MAX_POLICY_VERSIONS = 5;

export type Tags = Record<string, string>;

export interface DesiredState {
  accountId: string;
  partition: string;
  roleName: string;
  policyName: string;
  roleDescription: string;
  trustPolicy: PolicyDocument;
  permissionPolicy: PolicyDocument;
  /** The extension's tags and the user's, on the role and the policy. */
  tags: Tags;
  /** The role's IAM path ("/" or "/…/"); absent means IAM's default "/". IAM cannot change it later. */
  path?: string;
  /** ARN of the managed policy set as the role's permissions boundary; absent means none. */
  permissionsBoundary?: string;
}

export interface PolicyVersionState {
  versionId: string;
  isDefault: boolean;
  /** ISO time, to find the oldest. */
  createDate: string;
}

export interface CurrentState {
  role?: {
    arn: string;
    trustPolicy: unknown;
    tags: Tags;
    attachedPolicyArns: string[];
    /** As GetRole returns it; absent is read as "/". */
    path?: string;
    /** The ARN of the role's permissions boundary, when it has one. */
    permissionsBoundary?: string;
    /** Its description as IAM holds it (absent: none, or not read). */
    description?: string;
  };
  policy?: {
    arn: string;
    defaultVersionId: string;
    defaultDocument: unknown;
    tags: Tags;
    /** Read only when a new version is needed. */
    versions?: PolicyVersionState[];
  };
}

export type Step =
  | { kind: 'createPolicy'; policyName: string; document: PolicyDocument; tags: Tags }
  | { kind: 'deletePolicyVersion'; policyArn: string; versionId: string }
  | { kind: 'createPolicyVersion'; policyArn: string; previousVersionId: string; before: unknown; document: PolicyDocument }
  | { kind: 'tagPolicy'; policyArn: string; tags: Tags; /** The values these keys had before (absent keys were not there): a rollback restores them. */ before: Tags }
  | { kind: 'createRole'; roleName: string; description: string; trustPolicy: PolicyDocument; tags: Tags; path?: string; permissionsBoundary?: string }
  | { kind: 'putRoleBoundary'; roleName: string; boundary: string; /** The boundary it replaces (absent: none): a rollback restores it. */ before?: string }
  | { kind: 'deleteRoleBoundary'; roleName: string; /** The boundary it removes: a rollback puts it back. */ before: string }
  | {
      kind: 'updateTrustPolicy';
      roleName: string;
      before: unknown;
      trustPolicy: PolicyDocument;
      /** The external ID it replaces, when it changes one: whatever presents the old ID stops working. */
      rotatesExternalId?: { from: string; to: string };
    }
  | { kind: 'tagRole'; roleName: string; tags: Tags; /** The values these keys had before: a rollback restores them. */ before: Tags }
  | { kind: 'attachPolicy'; roleName: string; policyArn: string }
  /** A managed role's description says which locations it serves: it follows them (UpdateRole). */
  | { kind: 'updateRoleDescription'; roleName: string; description: string; /** The description it replaces: a rollback restores it. */ before: string };

export interface Plan {
  roleArn: string;
  policyArn: string;
  steps: Step[];
  /** Existing resources without MANAGED_TAG that the steps would change: the user must agree first. */
  unmanaged: ('role' | 'policy')[];
  /**
   * Resources this extension made for another location (or before it recorded locations)
   * that the steps would change: the other setup would lose its trust policy or gain this
   * one's access. The user must agree first, told which location they serve.
   */
  otherLocation: {
    resource: 'role' | 'policy';
    location: string;
    /** When the resource serves some of this setup's locations too: the ones it would no longer serve (the setup is narrowed, not another one's taken). */
    lost?: string;
  }[];
  /** What the planning could not check and went on without (e.g. a boundary GetPolicy was denied for); shown with the plan. */
  notes?: string[];
}

/** The boundary a plan would put on the role (in CreateRole or PutRolePermissionsBoundary), if any. */
export function boundarySet(plan: Plan): string | undefined {
  for (const step of plan.steps) {
    if (step.kind === 'createRole' && step.permissionsBoundary) return step.permissionsBoundary;
    if (step.kind === 'putRoleBoundary') return step.boundary;
  }
  return undefined;
}

/** A location tag in words: `s3://a/ +2 <hash>` is "s3://a/ and 2 more locations". */
export function describeLocationTag(tag: string): string {
  const many = /^(\S+(?: [a-z2-7]{10})?) \+(\d+) [a-z2-7]{10}$/.exec(tag);
  if (!many) return tag;
  return many[2] === '1' ? l10n.t('{0} and 1 more location', many[1]) : l10n.t('{0} and {1} more locations', many[1], many[2]);
}

/**
 * The location a managed resource serves, by its tags, when it is not one of the desired
 * ones. `held` are the locations its current policy grants (when readable): a resource that
 * shares a location with the desired ones is this setup's, grown (nothing to ask) or
 * narrowed (`lost` names the locations it would no longer serve).
 */
function otherLocationOf(
  tags: Tags,
  desired: Pick<DesiredState, 'tags' | 'permissionPolicy'>,
  held: { bucket: string; prefix: string }[] | undefined,
): { location: string; lost?: string } | undefined {
  const found = tags[LOCATION_TAG];
  const wanted = locationsInPolicy(desired.permissionPolicy);
  // Made for one of the desired locations alone: this setup, grown by more locations.
  const alone = wanted?.map((l) => locationTag(l.bucket, l.prefix)) ?? [];
  if (tags[MANAGED_TAG] === undefined || found === desired.tags[LOCATION_TAG] || (found !== undefined && alone.includes(found))) return undefined;
  if (found !== undefined && held && wanted) {
    const key = (l: { bucket: string; prefix: string }) => `${l.bucket}\n${l.prefix}`;
    const keys = new Set(wanted.map(key));
    const lost = held.filter((l) => !keys.has(key(l)));
    if (lost.length < held.length) return lost.length === 0 ? undefined : { location: describeLocationTag(found), lost: describeLocations(lost) };
  }
  if (found !== undefined) return { location: describeLocationTag(found) };
  return { location: tags[BUCKET_TAG] !== undefined ? l10n.t('s3://{0} (prefix not recorded)', tags[BUCKET_TAG]) : l10n.t('a location it did not record') };
}

function roleArnOf(desired: Pick<DesiredState, 'partition' | 'accountId' | 'roleName' | 'path'>): string {
  return `arn:${desired.partition}:iam::${desired.accountId}:role${desired.path ?? '/'}${desired.roleName}`;
}

/**
 * IAM cannot move a role to another path (UpdateRole has no Path): a plan that needs it is
 * refused, naming the ways out, rather than leaving the role where it is without a word.
 */
export class RolePathError extends Error {
  constructor(
    readonly roleName: string,
    readonly currentPath: string,
    readonly wantedPath: string,
  ) {
    super(
      l10n.t(
        "The role {0} already exists under the path {1}, and IAM cannot change a role's path (you asked for {2}). Choose another IAM role name to create a new role under {2}, set the role path to {1} to keep this role, or remove the role (Databend: Remove IAM Role Created for Databend…) and create it again.",
        roleName,
        currentPath,
        wantedPath,
      ),
    );
    this.name = 'RolePathError';
  }
}

/** IAM's quota of tags on one role, and on one managed policy ("IAM and AWS STS quotas"). */
const MAX_TAGS = 50;

/**
 * A re-run that would push an existing role or policy past IAM's 50 tags (tags are never
 * removed, so what it has counts with what is added) is refused before any request, saying
 * how many it has, rather than failing halfway with LimitExceeded.
 */
export class TagLimitError extends Error {
  constructor(readonly over: { resource: string; has: number; adds: string[] }[]) {
    super(
      [
        ...over.map((o) =>
          // resource is "role <name>" or "policy <arn>" (makePlan): a whole sentence for each.
          o.resource.startsWith('role ')
            ? l10n.t('The role {0} already has {1} tags, and this run would add {2} ({3}): IAM allows {4} tags per role.', o.resource.slice('role '.length), o.has, o.adds.length, o.adds.join(', '), MAX_TAGS)
            : l10n.t('The policy {0} already has {1} tags, and this run would add {2} ({3}): IAM allows {4} tags per policy.', o.resource.slice('policy '.length), o.has, o.adds.length, o.adds.join(', '), MAX_TAGS),
        ),
        l10n.t('Remove tags you no longer need from it in AWS, or leave the new ones out of Tags.'),
      ].join(' '),
    );
    this.name = 'TagLimitError';
  }
}

export function policyArnOf(desired: Pick<DesiredState, 'partition' | 'accountId' | 'policyName'>): string {
  return `arn:${desired.partition}:iam::${desired.accountId}:policy/${desired.policyName}`;
}

/** JSON with object keys sorted: two documents are equal when their canonical forms are. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export function sameDocument(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** The value of `key` in `tags`, IAM's way: tag keys that differ only in case are one key. */
function tagValue(tags: Tags, key: string): string | undefined {
  if (key in tags) return tags[key];
  const same = Object.keys(tags).find((k) => k.toLowerCase() === key.toLowerCase());
  return same === undefined ? undefined : tags[same];
}

function missingTags(current: Tags, desired: Tags): Tags | undefined {
  const missing = Object.entries(desired).filter(([key, value]) => tagValue(current, key) !== value);
  return missing.length === 0 ? undefined : Object.fromEntries(missing);
}

/** The keys of `changing` that `current` lacks, IAM's way (keys that differ only in case are one). */
function addedKeys(current: Tags, changing: Tags): string[] {
  return Object.keys(changing).filter((key) => tagValue(current, key) === undefined);
}

/** The current values of the keys a tag step sets (keys not there yet are left out). */
function previousValues(current: Tags, changing: Tags): Tags {
  return Object.fromEntries(
    Object.keys(changing).flatMap((key) => {
      const value = tagValue(current, key);
      return value === undefined ? [] : [[key, value]];
    }),
  );
}

/** Whether the policy needs its version list before the plan can be made. */
export function needsPolicyVersions(desired: DesiredState, current: CurrentState): boolean {
  return current.policy !== undefined && current.policy.versions === undefined && !sameDocument(current.policy.defaultDocument, desired.permissionPolicy);
}

/**
 * The steps that make `current` into `desired`, each difference once (nothing when they agree).
 * @throws RolePathError when the role exists under another path, which IAM cannot change.
 * @throws TagLimitError when the tags the role or policy has plus the ones added would pass 50.
 */
export function makePlan(desired: DesiredState, current: CurrentState): Plan {
  const overLimit: TagLimitError['over'] = [];
  const countTags = (resource: string, has: Tags, changing: Tags) => {
    const adds = addedKeys(has, changing);
    const count = Object.keys(has).length;
    if (adds.length > 0 && count + adds.length > MAX_TAGS) overLimit.push({ resource, has: count, adds });
  };
  const policyArn = current.policy?.arn ?? policyArnOf(desired);
  const steps: Step[] = [];
  const unmanaged = new Set<'role' | 'policy'>();
  const otherLocation: Plan['otherLocation'] = [];

  const policy = current.policy;
  // What the current policy grants: a resource that serves some of the desired locations is this setup's.
  const held = policy ? locationsInPolicy(policy.defaultDocument) : undefined;
  if (!policy) {
    steps.push({ kind: 'createPolicy', policyName: desired.policyName, document: desired.permissionPolicy, tags: desired.tags });
  } else {
    const policySteps: Step[] = [];
    if (!sameDocument(policy.defaultDocument, desired.permissionPolicy)) {
      if (!policy.versions) {
        throw new Error(l10n.t('The policy versions must be read before planning a new version (see needsPolicyVersions).'));
      }
      const nonDefault = policy.versions.filter((v) => !v.isDefault).sort((a, b) => a.createDate.localeCompare(b.createDate));
      if (policy.versions.length >= MAX_POLICY_VERSIONS && nonDefault.length > 0) {
        policySteps.push({ kind: 'deletePolicyVersion', policyArn, versionId: nonDefault[0].versionId });
      }
      policySteps.push({ kind: 'createPolicyVersion', policyArn, previousVersionId: policy.defaultVersionId, before: policy.defaultDocument, document: desired.permissionPolicy });
    }
    const tags = missingTags(policy.tags, desired.tags);
    if (tags) {
      countTags(`policy ${policyArn}`, policy.tags, tags);
      policySteps.push({ kind: 'tagPolicy', policyArn, tags, before: previousValues(policy.tags, tags) });
    }
    if (policySteps.length > 0 && policy.tags[MANAGED_TAG] === undefined) {
      unmanaged.add('policy');
    }
    const elsewhere = otherLocationOf(policy.tags, desired, held);
    if (policySteps.length > 0 && elsewhere !== undefined) {
      otherLocation.push({ resource: 'policy', ...elsewhere });
    }
    steps.push(...policySteps);
  }

  const role = current.role;
  if (!role) {
    steps.push({
      kind: 'createRole',
      roleName: desired.roleName,
      description: desired.roleDescription,
      trustPolicy: desired.trustPolicy,
      tags: desired.tags,
      ...(desired.path !== undefined && desired.path !== '/' && { path: desired.path }),
      ...(desired.permissionsBoundary !== undefined && { permissionsBoundary: desired.permissionsBoundary }),
    });
    steps.push({ kind: 'attachPolicy', roleName: desired.roleName, policyArn });
  } else {
    const currentPath = role.path ?? '/';
    if (currentPath !== (desired.path ?? '/')) {
      throw new RolePathError(desired.roleName, currentPath, desired.path ?? '/');
    }
    const roleSteps: Step[] = [];
    if (desired.permissionsBoundary !== undefined && desired.permissionsBoundary !== role.permissionsBoundary) {
      roleSteps.push({ kind: 'putRoleBoundary', roleName: desired.roleName, boundary: desired.permissionsBoundary, ...(role.permissionsBoundary !== undefined && { before: role.permissionsBoundary }) });
    } else if (desired.permissionsBoundary === undefined && role.permissionsBoundary !== undefined) {
      roleSteps.push({ kind: 'deleteRoleBoundary', roleName: desired.roleName, before: role.permissionsBoundary });
    }
    const tags = missingTags(role.tags, desired.tags);
    if (tags) {
      countTags(`role ${desired.roleName}`, role.tags, tags);
      roleSteps.push({ kind: 'tagRole', roleName: desired.roleName, tags, before: previousValues(role.tags, tags) });
    }
    if (!sameDocument(role.trustPolicy, desired.trustPolicy)) {
      const from = externalIdOf(role.trustPolicy);
      const to = externalIdOf(desired.trustPolicy);
      const rotatesExternalId = from !== undefined && to !== undefined && from !== to ? { from, to } : undefined;
      roleSteps.push({ kind: 'updateTrustPolicy', roleName: desired.roleName, before: role.trustPolicy, trustPolicy: desired.trustPolicy, rotatesExternalId });
    }
    if (!role.attachedPolicyArns.includes(policyArn)) {
      roleSteps.push({ kind: 'attachPolicy', roleName: desired.roleName, policyArn });
    }
    // Only a role this extension made: another's description is its owner's.
    if (role.tags[MANAGED_TAG] !== undefined && role.description !== undefined && role.description !== desired.roleDescription) {
      roleSteps.push({ kind: 'updateRoleDescription', roleName: desired.roleName, description: desired.roleDescription, before: role.description });
    }
    if (roleSteps.length > 0 && role.tags[MANAGED_TAG] === undefined) {
      unmanaged.add('role');
    }
    const elsewhere = otherLocationOf(role.tags, desired, held);
    if (roleSteps.length > 0 && elsewhere !== undefined) {
      otherLocation.push({ resource: 'role', ...elsewhere });
    }
    steps.push(...roleSteps);
  }
  if (overLimit.length > 0) throw new TagLimitError(overLimit);
  return { roleArn: role?.arn ?? roleArnOf(desired), policyArn, steps, unmanaged: [...unmanaged], otherLocation };
}

/** The last three characters: what Databend shows of a secret-ish value, and enough to tell two apart. */
export function tail(value: string): string {
  return value.slice(-3);
}

/** The external ID rotation the plan would make, if any. */
export function externalIdRotation(plan: Plan): { roleName: string; from: string; to: string } | undefined {
  for (const step of plan.steps) {
    if (step.kind === 'updateTrustPolicy' && step.rotatesExternalId) return { roleName: step.roleName, ...step.rotatesExternalId };
  }
  return undefined;
}

/** The tags a tag step sets, as the user reads them: `key: old → new` for a changed value, `key=value` for a new key. */
function describeTagChanges(tags: Tags, before: Tags): string {
  return Object.entries(tags)
    .map(([key, value]) => (key in before ? `${key}: ${before[key]} → ${value}` : `${key}=${value}`))
    .join(', ');
}

/** The user's tags as key=value (the extension's own are left out: they are the same on every role). */
function userTags(tags: Tags): string[] {
  return Object.entries(tags)
    .filter(([key]) => !(MANAGED_TAGS as readonly string[]).includes(key))
    .map(([key, value]) => `${key}=${value}`);
}

/** One line per step, as the user reads the plan. */
export function describeStep(step: Step): string {
  switch (step.kind) {
    case 'createPolicy': {
      const own = userTags(step.tags);
      return own.length
        ? l10n.t('Create the IAM policy {0}; tags {1} (on the policy too, as on the role)', step.policyName, own.join(', '))
        : l10n.t('Create the IAM policy {0}', step.policyName);
    }
    case 'deletePolicyVersion':
      return l10n.t('Delete the oldest version ({0}) of {1}: IAM keeps at most {2}', step.versionId, step.policyArn, MAX_POLICY_VERSIONS);
    case 'createPolicyVersion':
      return l10n.t('Add a new default version to {0}', step.policyArn);
    case 'tagPolicy':
      return l10n.t('Tag the policy {0} ({1})', step.policyArn, describeTagChanges(step.tags, step.before));
    case 'createRole': {
      // Separate clauses: "with the boundary X tagged …" read as if the boundary were tagged.
      const own = userTags(step.tags);
      const clauses = [step.permissionsBoundary && l10n.t('permissions boundary {0}', step.permissionsBoundary), own.length > 0 && l10n.t('tags {0}', own.join(', '))].filter(Boolean);
      const role = step.path
        ? l10n.t('Create the IAM role {0} under the path {1}, trusted by Databend under the external ID', step.roleName, step.path)
        : l10n.t('Create the IAM role {0}, trusted by Databend under the external ID', step.roleName);
      return clauses.length ? `${role}; ${clauses.join('; ')}` : role;
    }
    case 'putRoleBoundary':
      return step.before
        ? l10n.t('Replace the permissions boundary of the role {0} ({1} → {2})', step.roleName, step.before, step.boundary)
        : l10n.t('Set the permissions boundary of the role {0} to {1}', step.roleName, step.boundary);
    case 'deleteRoleBoundary':
      return l10n.t('Remove the permissions boundary {0} from the role {1}', step.before, step.roleName);
    case 'updateTrustPolicy':
      return step.rotatesExternalId
        ? l10n.t('Replace the trust policy of the role {0}, rotating its external ID (…{1} → …{2})', step.roleName, tail(step.rotatesExternalId.from), tail(step.rotatesExternalId.to))
        : l10n.t('Replace the trust policy of the role {0}', step.roleName);
    case 'tagRole':
      return l10n.t('Tag the role {0} ({1})', step.roleName, describeTagChanges(step.tags, step.before));
    case 'attachPolicy':
      return l10n.t('Attach the policy to the role {0}', step.roleName);
    case 'updateRoleDescription':
      return l10n.t('Update the description of the role {0}: "{1}"', step.roleName, step.description);
  }
}
