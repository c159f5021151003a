// One IAM setup flow for the quick-input command and the setup form: who the profile is,
// the bucket check, the plan and the policy checks (offline, then IAM Access Analyzer's
// ValidatePolicy when the profile may call it), the confirmation of unmanaged changes,
// apply (refused while a policy check fails or Access Analyzer reports an error), record.
// Sentences go through @vscode/l10n, not vscode.l10n: unit tests load this file in plain Node.

import * as l10n from '@vscode/l10n';
import type * as Aws from '../aws/index';
import { analyzerBlocksCreate, AnalyzerReport, describeAnalyzer } from '../core/analyzerFindings';
import { desiredState, DesiredInput } from '../core/desired';
import { DesiredState, describeStep, externalIdRotation, Plan, Step, tail } from '../core/plan';
import { checksBlockCreate, describeChecks, PolicyCheck, policyChecks } from '../core/policyChecks';
import { describeLocations, listInWords, regionConflict, setupLocations } from '../core/locations';
import { externalIdOf } from '../core/policies';
import type { SetupValues } from '../core/setupForm';
import { parseRoleTags, validateRoleTags } from '../core/roleOptions';
import { assertValid, type Partition } from '../core/validate';
import { CancelledError } from '../core/errors';
import type { AwsService } from './awsService';
import type { Dialogs } from './dialogs';
import { confirm } from './prompts';
import type { RoleRecords } from './roleRecords';

/** The setup's values and the AWS profile to apply them with ('' for the default chain). */
export interface IamSetupFields extends SetupValues {
  profile: string;
}

/** Everything read before a change: who signs in, the bucket, the plan, the policy checks, and the gateway to apply it with. */
export interface PreparedSetup {
  fields: IamSetupFields;
  identity: Aws.CallerIdentity;
  /** The first location's bucket: its region goes into the connection. */
  bucket: Aws.BucketCheck;
  /** Every other bucket of the setup's locations, each checked once. */
  moreBuckets: { bucket: string; check: Aws.BucketCheck }[];
  plan: Plan;
  /** The generated documents checked against the fields (policyChecks.ts); a failed one blocks apply. */
  checks: PolicyCheck[];
  /** Access Analyzer's findings on the same documents, or why they were not checked; an ERROR or SECURITY_WARNING blocks apply. */
  analyzer: AnalyzerReport;
  gateway: Aws.IamGateway;
}

export class IamSetup {
  constructor(
    private readonly aws: AwsService,
    private readonly records: RoleRecords,
    private readonly dialogs: Dialogs,
  ) {}

  /** Who the profile signs in as. @throws Error explaining a missing or expired credential. */
  identity(profile: string): Promise<Aws.CallerIdentity> {
    return this.aws.load().callerIdentity(this.aws.clients(profile || undefined).sts());
  }

  /**
   * What IAM holds for a role: its ARN, the external ID its trust policy requires, its path
   * and permissions boundary; undefined when there is no such role. @throws Error explaining
   * a credential or AWS failure.
   */
  async lookUpRole(profile: string, roleName: string): Promise<{ arn: string; externalId?: string; path: string; permissionsBoundary?: string } | undefined> {
    const aws = this.aws.load();
    const role = await new aws.SdkIamGateway(this.aws.clients(profile || undefined).iam()).getRole(roleName).catch((error: unknown) => {
      throw aws.explainAwsError(error, l10n.t('read the role {0}', roleName));
    });
    return role && { arn: role.arn, externalId: externalIdOf(role.trustPolicy), path: role.path, permissionsBoundary: role.permissionsBoundary };
  }

  /**
   * A plan that would rotate the role's external ID needs the user's word: whatever presents
   * the old ID (the Databend connection, and every stage created from it, which keeps a copy)
   * stops working. Resolves to 'keep' (use the role's current ID instead) or 'rotate', or
   * 'none' when the plan rotates nothing. @throws CancelledError when dismissed.
   */
  async confirmRotation(prepared: PreparedSetup, replacedBy = l10n.t('With a Databend login chosen, Run and Verify replaces them.')): Promise<'none' | 'keep' | 'rotate'> {
    const rotation = externalIdRotation(prepared.plan);
    if (!rotation) return 'none';
    const record = this.records.all().find((r) => r.roleArn === prepared.plan.roleArn);
    const stages = record ? setupLocations(record).map((l) => l.stageName) : [];
    const users = record
      ? stages.length > 1
        ? l10n.t('the Databend connection {0} and the stages {1} (and any other stage created from that connection)', record.connectionName, listInWords(stages))
        : l10n.t('the Databend connection {0} and the stage {1} (and any other stage created from that connection)', record.connectionName, record.stageName)
      : l10n.t('every Databend connection that uses this role, and every stage created from one');
    const keep = l10n.t('Keep Current ID');
    const rotate = l10n.t('Rotate External ID');
    const answer = await this.dialogs.message(
      'warning',
      l10n.t('The role {0} already trusts Databend under the external ID …{1}. Rotate it to …{2}?', rotation.roleName, tail(rotation.from), tail(rotation.to)),
      {
        modal: true,
        detail: l10n.t(
          'Rotating breaks {0}: they present the old ID until the connection is replaced and each stage re-created (a stage keeps the connection parameters it was created with). {1} Keep Current ID changes nothing for Databend.',
          users,
          replacedBy,
        ),
      },
      keep,
      rotate,
    );
    if (answer === keep) return 'keep';
    if (answer === rotate) return 'rotate';
    throw new CancelledError();
  }

  /** What the account should hold for `fields`, in the account `identity` signs in to. @throws InvalidInputError on invalid fields. */
  desired(fields: IamSetupFields, identity: Aws.CallerIdentity): DesiredState {
    assertValid(validateRoleTags(fields.roleTags), l10n.t('Tags'));
    const input: DesiredInput = {
      ...fields,
      kmsKeyArn: fields.kmsKeyArn || undefined,
      accountId: identity.accountId,
      partition: identity.partition as Partition,
      permissionsBoundary: fields.permissionsBoundary || undefined,
      roleTags: parseRoleTags(fields.roleTags),
    };
    return desiredState(input);
  }

  /** The desired documents checked against what the fields ask for. Pure: no AWS call. */
  checks(desired: DesiredState, fields: IamSetupFields): PolicyCheck[] {
    return policyChecks(desired, {
      partition: desired.partition,
      accountId: desired.accountId,
      roleName: desired.roleName,
      databendRoleArn: fields.databendRoleArn.trim(),
      externalId: fields.externalId.trim(),
      bucket: fields.bucket.trim(),
      prefix: fields.prefix,
      moreLocations: fields.moreLocations,
      access: fields.access,
      kmsKeyArn: fields.kmsKeyArn.trim() || undefined,
    });
  }

  /**
   * IAM Access Analyzer's ValidatePolicy findings on the desired documents, in the profile's
   * region (databendIam.aws.endpointUrl applies as for IAM). Never rejects for an AWS
   * failure: the report then says "not checked" and why.
   */
  analyze(profile: string, desired: DesiredState): Promise<AnalyzerReport> {
    const aws = this.aws.load();
    const clients = this.aws.clients(profile || undefined);
    return aws.validatePolicies(clients.accessAnalyzer(), desired, clients.settings.endpoint);
  }

  /**
   * A plan that changes what exists (a policy narrowed to another prefix, a trust policy
   * replaced, a policy attached to an existing role) is shown and confirmed before it is
   * applied; creating what does not exist yet needs no second question. Resolves when the
   * user agreed or there is nothing to ask. @throws CancelledError when the user declines.
   */
  async confirmChangesToExisting(prepared: PreparedSetup): Promise<void> {
    const { plan } = prepared;
    const creates = new Set(['createPolicy', 'createRole']);
    const createdRole = plan.steps.some((s) => s.kind === 'createRole');
    const changes = plan.steps.filter((s) => !creates.has(s.kind) && !(s.kind === 'attachPolicy' && createdRole));
    if (changes.length === 0 || plan.unmanaged.length > 0) return;
    await confirm(
      this.dialogs,
      'warning',
      changes.length === 1
        ? l10n.t('Change the existing resource in AWS account {0}?', prepared.identity.accountId)
        : l10n.t('Change the existing resources in AWS account {0}?', prepared.identity.accountId),
      `${plan.steps.map((s, i) => `${i + 1}. ${describeStep(s)}`).join('\n')}\n\n${l10n.t('Whatever uses the role today (a Databend connection and its stages) gets these permissions from now on.')}`,
      l10n.t('Apply'),
      // The harmless choice first: Enter changes nothing.
      l10n.t('Change Nothing'),
    );
  }

  /**
   * Reads everything, plans and checks the documents; changes nothing. @throws Error when
   * the buckets are in different regions (one connection has one REGION, locations.ts).
   */
  async prepare(fields: IamSetupFields): Promise<PreparedSetup> {
    const aws = this.aws.load();
    const clients = this.aws.clients(fields.profile || undefined);
    const identity = await aws.callerIdentity(clients.sts());
    const desired = this.desired(fields, identity);
    const gateway = new aws.SdkIamGateway(clients.iam());
    const first = fields.bucket.trim();
    const others = [...new Set((fields.moreLocations ?? []).map((l) => l.bucket.trim()))].filter((b) => b !== first);
    const [bucket, moreChecks, planned, analyzer] = await Promise.all([
      aws.checkBucket(clients.s3(), first),
      Promise.all(others.map((b) => aws.checkBucket(clients.s3(), b))),
      aws.planProvisioning(gateway, desired),
      this.analyze(fields.profile, desired),
    ]);
    const moreBuckets = others.map((b, i) => ({ bucket: b, check: moreChecks[i] }));
    const conflict = regionConflict([{ bucket: first, region: bucket.region }, ...moreBuckets.map((b) => ({ bucket: b.bucket, region: b.check.region }))]);
    if (conflict) throw new Error(l10n.t('Nothing was changed. {0}', conflict));
    return { fields, identity, bucket, moreBuckets, plan: planned.plan, checks: this.checks(desired, fields), analyzer, gateway };
  }

  /**
   * A bucket that does not exist or could not be checked is named, and the user asked whether
   * to create the role all the same (as for one bucket, for each of several). Resolves when
   * every bucket was found or the user agreed. @throws CancelledError when declined.
   */
  async confirmMissingBuckets(prepared: Pick<PreparedSetup, 'fields' | 'bucket' | 'moreBuckets'>): Promise<void> {
    const all = [{ bucket: prepared.fields.bucket.trim(), check: prepared.bucket }, ...prepared.moreBuckets];
    const missing = all.filter(({ check }) => check.status === 'missing' || check.status === 'unreachable');
    if (missing.length === 0) return;
    await confirm(
      this.dialogs,
      'warning',
      missing.map(({ bucket, check }) => check.message ?? l10n.t('The bucket {0} could not be checked.', bucket)).join(' '),
      l10n.t('Create the role all the same? Databend cannot read a bucket that does not exist.'),
      l10n.t('Continue Anyway'),
      // The harmless choice first: Enter creates nothing.
      l10n.t('Create Nothing'),
    );
  }

  /** The bucket check of each bucket, as plan lines: "Bucket b: found in us-east-1." or what is wrong. */
  describeBuckets(prepared: Pick<PreparedSetup, 'fields' | 'bucket' | 'moreBuckets'>): string[] {
    const all = [{ bucket: prepared.fields.bucket.trim(), check: prepared.bucket }, ...prepared.moreBuckets];
    const many = all.length > 1;
    return all.map(({ bucket, check }) => {
      const found = check.message ?? (check.region ? l10n.t('found in {0}.', check.region) : l10n.t('found.'));
      return many ? l10n.t('Bucket {0}: {1}', bucket, found) : l10n.t('Bucket: {0}', found);
    });
  }

  /**
   * @throws Error saying which policy checks failed, or which Access Analyzer findings block
   * (an ERROR or a SECURITY_WARNING), when one did: nothing may change then. A report that
   * is "not checked" never blocks.
   */
  assertChecksPass(checks: readonly PolicyCheck[], analyzer?: AnalyzerReport): void {
    const blocked = checksBlockCreate(checks) ?? analyzerBlocksCreate(analyzer);
    if (blocked) throw new Error(blocked);
  }

  /** The plan's policy sections: the offline checks, then Access Analyzer's findings. */
  describeChecks(prepared: Pick<PreparedSetup, 'checks' | 'analyzer'>, offlineTitle = l10n.t('Policy checks:')): string[] {
    return [offlineTitle, ...describeChecks(prepared.checks), ...describeAnalyzer(prepared.analyzer)];
  }

  /**
   * Asks before changing existing resources this extension did not create; resolves to the
   * consent (false when there are none). @throws CancelledError when the user declines.
   */
  async confirmUnmanaged(prepared: PreparedSetup): Promise<boolean> {
    const { plan } = prepared;
    if (plan.unmanaged.length === 0) return false;
    const detail = [
      ...plan.steps.map((s, i) => `${i + 1}. ${describeStep(s)}${'before' in s ? `\n   ${l10n.t('before: {0}', JSON.stringify(s.before))}` : ''}`),
      ...this.describeChecks(prepared),
    ].join('\n');
    const many = plan.unmanaged.length > 1;
    await confirm(
      this.dialogs,
      'warning',
      unmanagedQuestion(plan.unmanaged, prepared.identity.accountId),
      detail,
      l10n.t('Change It'),
      many ? l10n.t('Leave Them') : l10n.t('Leave It'),
    );
    return true;
  }

  /**
   * Applies the plan (rolling back on failure) and records the role. @throws Error, before
   * any change, when a policy check failed.
   */
  /**
   * A role or policy this extension made for another location (another bucket or prefix)
   * changes only with the user's word: that setup's Databend connection would lose its
   * access, or this one gain it. Resolves to the consent (false when there is nothing to ask).
   * @throws CancelledError when the user declines.
   */
  async confirmOtherLocation(prepared: PreparedSetup): Promise<boolean> {
    const others = prepared.plan.otherLocation ?? [];
    if (others.length === 0) return false;
    const here = describeLocations(setupLocations(prepared.fields));
    const both = others.length > 1;
    const lost = others.find((o) => o.lost !== undefined)?.lost;
    if (lost !== undefined && others.every((o) => o.lost !== undefined)) {
      // The same setup, narrowed: the locations left out lose Databend's access.
      await confirm(
        this.dialogs,
        'warning',
        both
          ? l10n.t('Remove {0} from the role {1} and its policy?', lost, prepared.fields.roleName)
          : others[0].resource === 'role'
            ? l10n.t('Remove {0} from the role {1}?', lost, prepared.fields.roleName)
            : l10n.t('Remove {0} from the policy {1}?', lost, prepared.fields.policyName),
        l10n.t('This setup no longer includes {0}: Databend loses access there, and a stage that reads it stops working. To keep access there, list it again among the setup\'s locations (Add location, in the setup form).', lost),
        l10n.t('Remove Access'),
        l10n.t('Keep Access'),
      );
      return true;
    }
    const location = others[0].location;
    await confirm(
      this.dialogs,
      'warning',
      both
        ? l10n.t('The role and the policy were made for {0}. Change them for {1}?', location, here)
        : others[0].resource === 'role'
          ? l10n.t('The role was made for {0}. Change it for {1}?', location, here)
          : l10n.t('The policy was made for {0}. Change it for {1}?', location, here),
      l10n.t('The Databend connection of that setup would lose its access (or this setup would share it). To keep both, choose other IAM role and policy names for {0}.', here),
      both ? l10n.t('Change Them') : l10n.t('Change It'),
      both ? l10n.t('Keep Them') : l10n.t('Keep It'),
    );
    return true;
  }

  async apply(
    prepared: PreparedSetup,
    options: { confirmedUnmanaged: boolean; confirmedOtherLocation?: boolean; onStep?: (step: Step, index: number, total: number) => void; isCancelled?: () => boolean },
  ): Promise<void> {
    this.assertChecksPass(prepared.checks, prepared.analyzer);
    await this.aws.load().applyPlan(prepared.gateway, prepared.plan, options);
    const f = prepared.fields;
    // Where Run and Verify made the connection before: kept, so Remove can still offer to drop it.
    const previous = this.records.all().find((r) => r.roleArn === prepared.plan.roleArn);
    await this.records.save({
      roleArn: prepared.plan.roleArn,
      roleName: f.roleName,
      policyArn: prepared.plan.policyArn,
      externalId: f.externalId,
      databendRoleArn: f.databendRoleArn,
      bucket: f.bucket,
      prefix: f.prefix,
      ...(f.moreLocations?.length && { moreLocations: f.moreLocations }),
      region: prepared.bucket.region,
      profile: f.profile || undefined,
      connectionName: f.connectionName,
      stageName: f.stageName,
      ...(previous?.databendLogin && { databendLogin: previous.databendLogin }),
      updatedAt: new Date().toISOString(),
    });
  }
}

/** The question before changing resources this extension did not create: a whole sentence for each case. */
function unmanagedQuestion(unmanaged: readonly ('role' | 'policy')[], accountId: string): string {
  if (unmanaged.length > 1) {
    return unmanaged[0] === 'policy'
      ? l10n.t('The existing policy and role in account {0} were not created by this extension. Change them?', accountId)
      : l10n.t('The existing role and policy in account {0} were not created by this extension. Change them?', accountId);
  }
  return unmanaged[0] === 'role'
    ? l10n.t('The existing role in account {0} was not created by this extension. Change it?', accountId)
    : l10n.t('The existing policy in account {0} was not created by this extension. Change it?', accountId);
}
