// Steps 2 and 3 of the guide against a real account: read the current state (only the
// reads the plan needs), apply the plan, undo exactly what this run did if a step fails.

import { CancelledError } from '../core/errors';
import { boundarySet, CurrentState, describeStep, DesiredState, makePlan, MANAGED_TAG, needsPolicyVersions, Plan, policyArnOf, Step, Tags } from '../core/plan';
import type { PolicyDocument } from '../core/policies';
import { explainAwsError } from './errors';
import { isNoSuchEntity, type IamGateway } from './iamGateway';
import * as l10n from '@vscode/l10n';

export async function readCurrentState(gateway: IamGateway, desired: DesiredState): Promise<CurrentState> {
  const policyArn = policyArnOf(desired);
  const [role, policy] = await Promise.all([gateway.getRole(desired.roleName), gateway.getPolicy(policyArn)]);
  const [attachedPolicyArns, defaultDocument] = await Promise.all([
    role ? gateway.listAttachedPolicies(desired.roleName) : Promise.resolve([]),
    policy ? gateway.getPolicyDocument(policy.arn, policy.defaultVersionId) : Promise.resolve(undefined),
  ]);
  const current: CurrentState = {
    role: role && { ...role, attachedPolicyArns },
    policy: policy && { ...policy, defaultDocument },
  };
  if (current.policy && needsPolicyVersions(desired, current)) {
    current.policy.versions = await gateway.listPolicyVersions(current.policy.arn);
  }
  return current;
}

export async function planProvisioning(gateway: IamGateway, desired: DesiredState): Promise<{ plan: Plan; current: CurrentState }> {
  let current: CurrentState;
  try {
    current = await readCurrentState(gateway, desired);
  } catch (error) {
    throw explainAwsError(error, `read the role ${desired.roleName} and the policy ${desired.policyName}`);
  }
  // Outside the try: a plan IAM cannot carry out (a role's path) is refused in the plan's own words.
  const plan = makePlan(desired, current);
  const notes = await checkBoundary(gateway, plan);
  return { plan: notes.length > 0 ? { ...plan, notes } : plan, current };
}

/**
 * The boundary the plan would set must exist: CreateRole refuses a missing one only after
 * the permission policy was created. Read-only (GetPolicy). Resolves to notes for the plan
 * (a denied GetPolicy: not checked, go on). @throws Error when IAM says there is no such
 * policy, or explaining another AWS failure.
 */
async function checkBoundary(gateway: IamGateway, plan: Plan): Promise<string[]> {
  const boundary = boundarySet(plan);
  if (boundary === undefined) return [];
  let found: unknown;
  try {
    found = await gateway.getPolicy(boundary);
  } catch (error) {
    const name = (error as { name?: string })?.name ?? '';
    if (/AccessDenied|UnauthorizedOperation/i.test(name)) return [`The permissions boundary ${boundary} could not be checked (this profile may not call iam:GetPolicy on it): going on; CreateRole will refuse it if it does not exist.`];
    throw explainAwsError(error, `read the permissions boundary ${boundary}`);
  }
  if (found === undefined) throw new Error(l10n.t('The permissions boundary {0} does not exist (IAM GetPolicy: NoSuchEntity). Check the ARN with your AWS administrator (account, path and name); nothing was changed.', boundary));
  return [];
}

/**
 * Waits before trying a step again that failed with NoSuchEntity on a role or policy this
 * run created (IAM is eventually consistent: AttachRolePolicy right after CreatePolicy may
 * not find the policy yet). About two minutes in all, like the IAM propagation timeout of
 * Terraform's AWS provider, which retries the same way.
 */
export const PROPAGATION_RETRY_DELAYS_MS: readonly number[] = [500, 1000, 2000, 4000, ...Array<number>(13).fill(8000)];

export interface ApplyOptions {
  /** The user agreed to change the existing resources listed in plan.unmanaged. */
  confirmedUnmanaged?: boolean;
  /** The user agreed to change the resources listed in plan.otherLocation, made for another location. */
  confirmedOtherLocation?: boolean;
  /** Waits between retries; tests pass one that records the delay instead. */
  sleep?: (ms: number) => Promise<void>;
  /** Called before waiting to retry a step IAM did not see the new entity for yet. */
  onRetry?: (step: Step, attempt: number, delayMs: number) => void;
  /** Called before each step. */
  onStep?: (step: Step, index: number, total: number) => void;
  /** Checked before each step; a cancelled run is rolled back. */
  isCancelled?: () => boolean;
  policyDescription?: string;
}

export interface ApplyResult {
  roleArn: string;
  policyArn: string;
  applied: Step[];
}

/** A failed run: what was undone and what could not be. */
export class ProvisionError extends Error {
  constructor(
    message: string,
    readonly undone: string[],
    readonly leftBehind: string[],
    override readonly cause: unknown,
  ) {
    super(message);
    this.name = 'ProvisionError';
  }
}

interface Undo {
  what: string;
  run: () => Promise<void>;
}

async function applyStep(gateway: IamGateway, step: Step, plan: Plan, options: ApplyOptions): Promise<Undo[]> {
  switch (step.kind) {
    case 'createPolicy': {
      const arn = await gateway.createPolicy(step.policyName, step.document, step.tags, options.policyDescription ?? 'Created by Databend IAM Role for S3');
      return [{ what: `delete the policy ${arn}`, run: () => gateway.deletePolicy(arn) }];
    }
    case 'deletePolicyVersion':
      // A deleted version cannot be brought back; it was the oldest non-default one.
      await gateway.deletePolicyVersion(step.policyArn, step.versionId);
      return [];
    case 'createPolicyVersion': {
      const versionId = await gateway.createPolicyVersion(step.policyArn, step.document);
      return [
        {
          what: `restore version ${step.previousVersionId} of ${step.policyArn} as the default`,
          run: async () => {
            await gateway.setDefaultPolicyVersion(step.policyArn, step.previousVersionId);
            await gateway.deletePolicyVersion(step.policyArn, versionId);
          },
        },
      ];
    }
    case 'tagPolicy':
      await gateway.tagPolicy(step.policyArn, step.tags);
      return [{ what: `restore the tags of ${step.policyArn}`, run: () => restoreTags(step.tags, step.before, (keys) => gateway.untagPolicy(step.policyArn, keys), (tags) => gateway.tagPolicy(step.policyArn, tags)) }];
    case 'createRole':
      await gateway.createRole(step.roleName, step.trustPolicy, step.tags, step.description, { path: step.path, permissionsBoundary: step.permissionsBoundary });
      return [{ what: `delete the role ${step.roleName}`, run: () => gateway.deleteRole(step.roleName) }];
    case 'putRoleBoundary': {
      await gateway.putRoleBoundary(step.roleName, step.boundary);
      const { before } = step;
      return [
        before === undefined
          ? { what: `remove the permissions boundary of ${step.roleName}`, run: () => gateway.deleteRoleBoundary(step.roleName) }
          : { what: `restore the permissions boundary ${before} of ${step.roleName}`, run: () => gateway.putRoleBoundary(step.roleName, before) },
      ];
    }
    case 'deleteRoleBoundary':
      await gateway.deleteRoleBoundary(step.roleName);
      return [{ what: `restore the permissions boundary ${step.before} of ${step.roleName}`, run: () => gateway.putRoleBoundary(step.roleName, step.before) }];
    case 'updateTrustPolicy':
      await gateway.updateTrustPolicy(step.roleName, step.trustPolicy);
      return [{ what: `restore the trust policy of ${step.roleName}`, run: () => gateway.updateTrustPolicy(step.roleName, step.before as PolicyDocument) }];
    case 'tagRole':
      await gateway.tagRole(step.roleName, step.tags);
      return [{ what: `restore the tags of the role ${step.roleName}`, run: () => restoreTags(step.tags, step.before, (keys) => gateway.untagRole(step.roleName, keys), (tags) => gateway.tagRole(step.roleName, tags)) }];
    case 'attachPolicy':
      await gateway.attachPolicy(step.roleName, step.policyArn);
      return [{ what: `detach ${plan.policyArn} from ${step.roleName}`, run: () => gateway.detachPolicy(step.roleName, step.policyArn) }];
    case 'updateRoleDescription':
      await gateway.updateRoleDescription(step.roleName, step.description);
      return [{ what: `restore the description of ${step.roleName}`, run: () => gateway.updateRoleDescription(step.roleName, step.before) }];
  }
}

/** Undoes a tag step: keys it added are removed, values it overwrote are put back. */
async function restoreTags(set: Tags, before: Tags, untag: (keys: string[]) => Promise<void>, tag: (tags: Tags) => Promise<void>): Promise<void> {
  const added = Object.keys(set).filter((key) => !(key in before));
  if (added.length > 0) await untag(added);
  if (Object.keys(before).length > 0) await tag(before);
}

/** The roles and policies a step names, as keys of `created`. */
function entitiesOf(step: Step): string[] {
  switch (step.kind) {
    case 'createPolicy':
    case 'createRole':
      return [];
    case 'attachPolicy':
      return [`role ${step.roleName}`, `policy ${step.policyArn}`];
    case 'tagRole':
    case 'updateTrustPolicy':
    case 'updateRoleDescription':
    case 'putRoleBoundary':
    case 'deleteRoleBoundary':
      return [`role ${step.roleName}`];
    case 'deletePolicyVersion':
    case 'createPolicyVersion':
    case 'tagPolicy':
      return [`policy ${step.policyArn}`];
  }
}

function createdBy(step: Step, plan: Plan): string | undefined {
  return step.kind === 'createPolicy' ? l10n.t('policy {0}', plan.policyArn) : step.kind === 'createRole' ? l10n.t('role {0}', step.roleName) : undefined;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function applyPlan(gateway: IamGateway, plan: Plan, options: ApplyOptions = {}): Promise<ApplyResult> {
  if (plan.unmanaged.length > 0 && !options.confirmedUnmanaged) {
    throw new Error(
      plan.unmanaged.length > 1
        ? l10n.t('The existing {0} were not created by this extension (no {1} tag): nothing was changed. Review the plan and confirm to change them.', plan.unmanaged.join(l10n.t(' and ')), MANAGED_TAG)
        : l10n.t('The existing {0} was not created by this extension (no {1} tag): nothing was changed. Review the plan and confirm to change it.', plan.unmanaged[0], MANAGED_TAG),
    );
  }
  const { otherLocation } = plan;
  if (otherLocation.length > 0 && !options.confirmedOtherLocation) {
    const which = otherLocation.map((o) => l10n.t('the {0} (made for {1})', o.resource, o.location)).join(l10n.t(' and '));
    throw new Error(
      otherLocation.length > 1
        ? l10n.t('This extension made {0} for another setup: changing it would take that setup\'s access away or give this one its access. Nothing was changed. Choose other role and policy names, or confirm to change them.', which)
        : l10n.t('This extension made {0} for another setup: changing it would take that setup\'s access away or give this one its access. Nothing was changed. Choose other role and policy names, or confirm to change it.', which),
    );
  }
  const sleep = options.sleep ?? realSleep;
  const undo: Undo[] = [];
  const applied: Step[] = [];
  const created = new Set<string>();
  for (const [index, step] of plan.steps.entries()) {
    try {
      if (options.isCancelled?.()) {
        throw new CancelledError('Provisioning was cancelled');
      }
      options.onStep?.(step, index, plan.steps.length);
      for (let attempt = 0; ; attempt++) {
        try {
          undo.unshift(...(await applyStep(gateway, step, plan, options)).reverse());
          break;
        } catch (error) {
          // Only an entity this run created may be missing for a while; anything else is real.
          const delay = PROPAGATION_RETRY_DELAYS_MS[attempt];
          if (!isNoSuchEntity(error) || delay === undefined || !entitiesOf(step).some((e) => created.has(e))) {
            throw error;
          }
          options.onRetry?.(step, attempt + 1, delay);
          await sleep(delay);
          if (options.isCancelled?.()) {
            throw new CancelledError('Provisioning was cancelled');
          }
        }
      }
      const made = createdBy(step, plan);
      if (made) created.add(made);
      applied.push(step);
    } catch (error) {
      const explained = explainAwsError(error, describeStep(step).replace(/^./, (c) => c.toLowerCase()));
      const { undone, leftBehind } = await rollBack(undo);
      if (error instanceof CancelledError) {
        throw error;
      }
      const tail = leftBehind.length > 0 ? ` These could not be undone, please check them in the IAM console: ${leftBehind.join('; ')}.` : undone.length > 0 ? ' Everything this run had created was removed again.' : '';
      throw new ProvisionError(`${explained.message}${tail}`, undone, leftBehind, error);
    }
  }
  return { roleArn: plan.roleArn, policyArn: plan.policyArn, applied };
}

async function rollBack(undo: Undo[]): Promise<{ undone: string[]; leftBehind: string[] }> {
  const undone: string[] = [];
  const leftBehind: string[] = [];
  for (const action of undo) {
    try {
      await action.run();
      undone.push(action.what);
    } catch (error) {
      leftBehind.push(`${action.what} (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  return { undone, leftBehind };
}

export interface TeardownTarget {
  roleName: string;
  policyArn: string;
}

export interface TeardownResult {
  removed: string[];
  kept: string[];
}

/**
 * Removes a role and policy this extension created, in the order AWS requires: detach,
 * delete the policy's non-default versions, delete the policy, delete inline policies,
 * delete the role. Resources without the managed tag are left alone.
 */
export async function teardown(gateway: IamGateway, target: TeardownTarget, onStep?: (text: string) => void): Promise<TeardownResult> {
  const removed: string[] = [];
  const kept: string[] = [];
  const step = async (text: string, run: () => Promise<void>) => {
    onStep?.(text);
    try {
      await run();
    } catch (error) {
      throw explainAwsError(error, text.replace(/^./, (c) => c.toLowerCase()));
    }
  };
  const [role, policy] = await Promise.all([gateway.getRole(target.roleName), gateway.getPolicy(target.policyArn)]).catch((error) => {
    throw explainAwsError(error, `read the role ${target.roleName}`);
  });
  const ourRole = role !== undefined && role.tags[MANAGED_TAG] !== undefined;
  const ourPolicy = policy !== undefined && policy.tags[MANAGED_TAG] !== undefined;
  if (role && !ourRole) kept.push(`the role ${target.roleName} (not created by this extension)`);
  if (policy && !ourPolicy) kept.push(`the policy ${target.policyArn} (not created by this extension)`);

  if (ourRole) {
    for (const arn of await gateway.listAttachedPolicies(target.roleName)) {
      await step(`Detach ${arn} from ${target.roleName}`, () => gateway.detachPolicy(target.roleName, arn));
    }
  }
  // A policy still attached to anything but this role is someone else's to keep: deleting its
  // versions first would strip its history, and DeletePolicy would then fail (DeleteConflict).
  const elsewhere = ourPolicy ? (await gateway.listPolicyAttachments(target.policyArn)).filter((a) => a !== `role ${target.roleName}`) : [];
  if (elsewhere.length > 0) kept.push(`the policy ${target.policyArn} (still attached to ${elsewhere.join(', ')}; detach it there first to delete it)`);
  if (ourPolicy && elsewhere.length === 0) {
    for (const version of (await gateway.listPolicyVersions(target.policyArn)).filter((v) => !v.isDefault)) {
      await step(`Delete version ${version.versionId} of ${target.policyArn}`, () => gateway.deletePolicyVersion(target.policyArn, version.versionId));
    }
    await step(`Delete the policy ${target.policyArn}`, () => gateway.deletePolicy(target.policyArn));
    removed.push(`the policy ${target.policyArn}`);
  }
  if (ourRole) {
    for (const name of await gateway.listInlinePolicies(target.roleName)) {
      await step(`Delete the inline policy ${name} of ${target.roleName}`, () => gateway.deleteInlinePolicy(target.roleName, name));
    }
    await step(`Delete the role ${target.roleName}`, () => gateway.deleteRole(target.roleName));
    removed.push(`the role ${target.roleName}`);
  }
  return { removed, kept };
}
