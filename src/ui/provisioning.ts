// One provisioning flow for the quick-input command and the setup form: who the profile
// is, the bucket check, the plan, the confirmation of unmanaged changes, apply, record.

import * as vscode from 'vscode';
import type * as Aws from '../aws/index';
import { desiredState, ProvisionInput } from '../core/desired';
import { CancelledError } from '../core/errors';
import { describeStep, Plan, Step } from '../core/plan';
import type { SetupValues } from '../core/setupForm';
import type { Partition } from '../core/validate';
import type { AwsService } from './awsService';
import type { ProvisionRecords } from './provisionRecords';

/** The setup's values and the AWS profile to apply them with ('' for the default chain). */
export interface ProvisionFields extends SetupValues {
  profile: string;
}

export interface Prepared {
  fields: ProvisionFields;
  identity: Aws.CallerIdentity;
  bucket: Aws.BucketCheck;
  plan: Plan;
  gateway: Aws.IamGateway;
}

export class Provisioning {
  constructor(
    private readonly aws: AwsService,
    private readonly records: ProvisionRecords,
  ) {}

  identity(profile: string): Promise<Aws.CallerIdentity> {
    return this.aws.load().callerIdentity(this.aws.clients(profile || undefined).sts());
  }

  /** Reads everything and plans; changes nothing. */
  async prepare(fields: ProvisionFields): Promise<Prepared> {
    const aws = this.aws.load();
    const clients = this.aws.clients(fields.profile || undefined);
    const identity = await aws.callerIdentity(clients.sts());
    const input: ProvisionInput = { ...fields, accountId: identity.accountId, partition: identity.partition as Partition };
    const gateway = new aws.SdkIamGateway(clients.iam());
    const [bucket, planned] = await Promise.all([aws.checkBucket(clients.s3(), fields.bucket), aws.planProvisioning(gateway, desiredState(input))]);
    return { fields, identity, bucket, plan: planned.plan, gateway };
  }

  /** Asks before changing existing resources this extension did not create; resolves to the consent. */
  async confirmUnmanaged(prepared: Prepared): Promise<boolean> {
    const { plan } = prepared;
    if (plan.unmanaged.length === 0) return false;
    const detail = plan.steps
      .map((s, i) => `${i + 1}. ${describeStep(s)}${'before' in s ? `\n   before: ${JSON.stringify(s.before)}` : ''}`)
      .join('\n');
    const answer = await vscode.window.showWarningMessage(
      `The existing ${plan.unmanaged.join(' and ')} in account ${prepared.identity.accountId} ${plan.unmanaged.length > 1 ? 'were' : 'was'} not created by this extension. Change ${plan.unmanaged.length > 1 ? 'them' : 'it'}?`,
      { modal: true, detail },
      'Change It',
    );
    if (answer !== 'Change It') throw new CancelledError();
    return true;
  }

  async apply(prepared: Prepared, options: { confirmedUnmanaged: boolean; onStep?: (step: Step, index: number, total: number) => void; isCancelled?: () => boolean }): Promise<void> {
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
