// One IAM setup flow for the quick-input command and the setup form: who the profile is,
// the bucket check, the plan, the confirmation of unmanaged changes, apply, record.

import type * as Aws from '../aws/index';
import { desiredState, DesiredInput } from '../core/desired';
import { describeStep, externalIdRotation, Plan, Step, tail } from '../core/plan';
import { externalIdOf } from '../core/policies';
import type { SetupValues } from '../core/setupForm';
import type { Partition } from '../core/validate';
import { CancelledError } from '../core/errors';
import type { AwsService } from './awsService';
import type { Dialogs } from './dialogs';
import { confirm } from './prompts';
import type { RoleRecords } from './roleRecords';

/** The setup's values and the AWS profile to apply them with ('' for the default chain). */
export interface IamSetupFields extends SetupValues {
  profile: string;
}

/** Everything read before a change: who signs in, the bucket, the plan, and the gateway to apply it with. */
export interface PreparedSetup {
  fields: IamSetupFields;
  identity: Aws.CallerIdentity;
  bucket: Aws.BucketCheck;
  plan: Plan;
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
   * What IAM holds for a role: its ARN and the external ID its trust policy requires;
   * undefined when there is no such role. @throws Error explaining a credential or AWS failure.
   */
  async lookUpRole(profile: string, roleName: string): Promise<{ arn: string; externalId?: string } | undefined> {
    const aws = this.aws.load();
    const role = await new aws.SdkIamGateway(this.aws.clients(profile || undefined).iam()).getRole(roleName).catch((error: unknown) => {
      throw aws.explainAwsError(error, `read the role ${roleName}`);
    });
    return role && { arn: role.arn, externalId: externalIdOf(role.trustPolicy) };
  }

  /**
   * A plan that would rotate the role's external ID needs the user's word: whatever presents
   * the old ID (the Databend connection, and every stage created from it, which keeps a copy)
   * stops working. Resolves to 'keep' (use the role's current ID instead) or 'rotate', or
   * 'none' when the plan rotates nothing. @throws CancelledError when dismissed.
   */
  async confirmRotation(prepared: PreparedSetup): Promise<'none' | 'keep' | 'rotate'> {
    const rotation = externalIdRotation(prepared.plan);
    if (!rotation) return 'none';
    const record = this.records.all().find((r) => r.roleArn === prepared.plan.roleArn);
    const users = record
      ? `the Databend connection ${record.connectionName} and the stage ${record.stageName} (and any other stage created from that connection)`
      : 'every Databend connection that uses this role, and every stage created from one';
    const answer = await this.dialogs.message(
      'warning',
      `The role ${rotation.roleName} already trusts Databend under the external ID …${tail(rotation.from)}. Rotate it to …${tail(rotation.to)}?`,
      {
        modal: true,
        detail:
          `Rotating breaks ${users}: they present the old ID until the connection is replaced and each stage re-created ` +
          '(a stage keeps the connection parameters it was created with). With a Databend login chosen, Run and Verify replaces them. ' +
          'Keep Current ID changes nothing for Databend.',
      },
      'Keep Current ID',
      'Rotate External ID',
    );
    if (answer === 'Keep Current ID') return 'keep';
    if (answer === 'Rotate External ID') return 'rotate';
    throw new CancelledError();
  }

  /** Reads everything and plans; changes nothing. */
  async prepare(fields: IamSetupFields): Promise<PreparedSetup> {
    const aws = this.aws.load();
    const clients = this.aws.clients(fields.profile || undefined);
    const identity = await aws.callerIdentity(clients.sts());
    const input: DesiredInput = { ...fields, kmsKeyArn: fields.kmsKeyArn || undefined, accountId: identity.accountId, partition: identity.partition as Partition };
    const gateway = new aws.SdkIamGateway(clients.iam());
    const [bucket, planned] = await Promise.all([aws.checkBucket(clients.s3(), fields.bucket), aws.planProvisioning(gateway, desiredState(input))]);
    return { fields, identity, bucket, plan: planned.plan, gateway };
  }

  /**
   * Asks before changing existing resources this extension did not create; resolves to the
   * consent (false when there are none). @throws CancelledError when the user declines.
   */
  async confirmUnmanaged(prepared: PreparedSetup): Promise<boolean> {
    const { plan } = prepared;
    if (plan.unmanaged.length === 0) return false;
    const detail = plan.steps
      .map((s, i) => `${i + 1}. ${describeStep(s)}${'before' in s ? `\n   before: ${JSON.stringify(s.before)}` : ''}`)
      .join('\n');
    const many = plan.unmanaged.length > 1;
    await confirm(
      this.dialogs,
      'warning',
      `The existing ${plan.unmanaged.join(' and ')} in account ${prepared.identity.accountId} ${many ? 'were' : 'was'} not created by this extension. Change ${many ? 'them' : 'it'}?`,
      detail,
      'Change It',
      many ? 'Leave Them' : 'Leave It',
    );
    return true;
  }

  /** Applies the plan (rolling back on failure) and records the role. */
  async apply(prepared: PreparedSetup, options: { confirmedUnmanaged: boolean; onStep?: (step: Step, index: number, total: number) => void; isCancelled?: () => boolean }): Promise<void> {
    await this.aws.load().applyPlan(prepared.gateway, prepared.plan, options);
    const f = prepared.fields;
    await this.records.save({
      roleArn: prepared.plan.roleArn,
      roleName: f.roleName,
      policyArn: prepared.plan.policyArn,
      externalId: f.externalId,
      databendRoleArn: f.databendRoleArn,
      bucket: f.bucket,
      prefix: f.prefix,
      region: prepared.bucket.region,
      profile: f.profile || undefined,
      connectionName: f.connectionName,
      stageName: f.stageName,
      updatedAt: new Date().toISOString(),
    });
  }
}
