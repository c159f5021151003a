// "Databend: Provision IAM Role…": steps 2 and 3 of the guide with the user's AWS profile.
// Profile → who it is → bucket, Databend role, names, external ID → the plan, shown
// before anything changes → apply with progress → the SQL in a new editor.

import * as vscode from 'vscode';
import { desiredState } from '../../core/desired';
import { CancelledError } from '../../core/errors';
import { deriveNames } from '../../core/names';
import { describeStep, Plan } from '../../core/plan';
import type { Access } from '../../core/policies';
import { setupSql } from '../../core/sql';
import {
  newExternalId,
  normalizePrefix,
  Partition,
  validateBucketName,
  validateExternalId,
  validateIamName,
  validatePrefix,
  validateRoleArn,
} from '../../core/validate';
import type { AwsService } from '../awsService';
import { askText } from '../prompts';
import type { ProvisionRecords } from '../provisionRecords';
import { openSqlEditor } from '../sqlEditor';

const TITLE = 'Provision IAM Role for Databend';
const STEPS = 8;

/** Answers given by the caller (a test, the setup form) are not asked for again. */
export interface ProvisionArgs {
  /** An AWS profile name; '' for the SDK's default credential chain. */
  profile?: string;
  bucket?: string;
  prefix?: string;
  access?: Access;
  databendRoleArn?: string;
  roleName?: string;
  policyName?: string;
  externalId?: string;
  /** Apply a plan that only touches resources this extension manages, without the modal. */
  confirmPlan?: boolean;
}

export interface ProvisionOutcome {
  roleArn: string;
  policyArn: string;
  externalId: string;
  steps: string[];
  editor: vscode.TextEditor;
}

export class ProvisionCommand {
  constructor(
    private readonly aws: AwsService,
    private readonly records: ProvisionRecords,
  ) {}

  async run(args: ProvisionArgs = {}): Promise<ProvisionOutcome> {
    const ask = (step: number, prompt: Omit<Parameters<typeof askText>[0], 'title' | 'step' | 'totalSteps'>, who = '') =>
      askText({ title: `${TITLE}${who}`, step, totalSteps: STEPS, ...prompt });

    const profile = args.profile ?? (await this.pickProfile());
    const clients = this.aws.clients(profile || undefined);
    const aws = this.aws.load();
    const identity = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Checking the AWS profile ${profile || '(default)'}…` },
      () => aws.callerIdentity(clients.sts()),
    );
    const who = ` — account ${identity.accountId}`;

    const bucket = args.bucket ?? (await ask(2, { prompt: `S3 bucket for Databend (signed in as ${identity.arn})`, placeholder: 'my-data-bucket', validate: validateBucketName }, who));
    const prefix = normalizePrefix(
      args.prefix ?? (await ask(3, { prompt: 'Path prefix inside the bucket (optional: empty for the whole bucket)', placeholder: 'data/2024', validate: validatePrefix }, who)),
    );
    const access = args.access ?? (await this.pickAccess(who));
    const databendRoleArn =
      args.databendRoleArn ??
      (await ask(5, {
        prompt: "Databend's role ARN for your organization (from Databend Cloud support)",
        placeholder: 'arn:aws:iam::123456789012:role/xxxxxxx/tnabcdefg/xxxxxxx-tnabcdefg',
        validate: validateRoleArn,
      }, who));
    const defaults = deriveNames(bucket, prefix);
    const roleName = args.roleName ?? (await ask(6, { prompt: 'Name of the IAM role to create', value: defaults.roleName, validate: (v) => validateIamName(v, 'role') }, who));
    const policyName = args.policyName ?? (await ask(7, { prompt: 'Name of the IAM policy to create', value: defaults.policyName, validate: (v) => validateIamName(v, 'policy') }, who));
    const externalId =
      args.externalId ??
      (await ask(8, { prompt: "External ID: Databend must present it to assume the role (a fresh one is offered)", value: newExternalId(), validate: validateExternalId }, who));

    const bucketCheck = await aws.checkBucket(clients.s3(), bucket);
    if (bucketCheck.status === 'missing' || bucketCheck.status === 'unreachable') {
      const go = await vscode.window.showWarningMessage(bucketCheck.message ?? 'The bucket could not be checked.', { modal: true }, 'Continue Anyway');
      if (go !== 'Continue Anyway') throw new CancelledError();
    }

    const desired = desiredState({ accountId: identity.accountId, partition: identity.partition as Partition, bucket, prefix, access, databendRoleArn, externalId, roleName, policyName });
    const gateway = new aws.SdkIamGateway(clients.iam());
    const { plan } = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Reading the current IAM role and policy…' }, () =>
      aws.planProvisioning(gateway, desired),
    );
    const confirmedUnmanaged = await this.confirm(plan, identity.accountId, args.confirmPlan === true);

    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Provisioning in AWS', cancellable: true },
      (progress, token) =>
        aws.applyPlan(gateway, plan, {
          confirmedUnmanaged,
          isCancelled: () => token.isCancellationRequested,
          onStep: (step, index, total) => progress.report({ message: `${index + 1}/${total}: ${describeStep(step)}`, increment: 100 / total }),
        }),
    );

    const names = deriveNames(bucket, prefix);
    await this.records.save({
      roleArn: plan.roleArn,
      roleName,
      policyArn: plan.policyArn,
      externalId,
      databendRoleArn,
      bucket,
      prefix,
      region: bucketCheck.region,
      profile: profile || undefined,
      connectionName: names.connectionName,
      stageName: names.stageName,
      updatedAt: new Date().toISOString(),
    });
    const editor = await openSqlEditor(
      setupSql({ connectionName: names.connectionName, stageName: names.stageName, bucket, prefix, roleArn: plan.roleArn, externalId, region: bucketCheck.region }),
    );
    void vscode.window.showInformationMessage(
      plan.steps.length === 0
        ? `The role ${roleName} and policy ${policyName} were already in place: nothing changed. The Databend SQL is in the new editor.`
        : `Created ${roleName} for Databend (${plan.steps.length} change${plan.steps.length > 1 ? 's' : ''}). Run the SQL in the new editor in Databend; IAM may take up to a minute to accept the role.`,
    );
    return { roleArn: plan.roleArn, policyArn: plan.policyArn, externalId, steps: plan.steps.map(describeStep), editor };
  }

  private async pickProfile(): Promise<string> {
    const profiles = await this.aws.load().listProfiles();
    const items: (vscode.QuickPickItem & { profile: string })[] = profiles.map((p) => ({
      label: p.name,
      description: [p.kind, p.region, p.isDefault ? 'default' : undefined].filter(Boolean).join(' · '),
      detail: p.needsMfa ? 'Asks for an MFA code' : undefined,
      profile: p.name,
    }));
    items.push({ label: 'Default credential chain', description: 'environment variables, AWS_PROFILE, instance role', profile: '' });
    const picked = await vscode.window.showQuickPick(items, { title: `${TITLE} (1/${STEPS})`, placeHolder: 'AWS profile to create the role with', ignoreFocusOut: true });
    if (!picked) throw new CancelledError();
    return picked.profile;
  }

  private async pickAccess(who: string): Promise<Access> {
    const picked = await vscode.window.showQuickPick(
      [
        { label: 'Read and write', description: 'list, read, write and delete objects', access: 'readwrite' as const },
        { label: 'Read only', description: 'list and read objects', access: 'read' as const },
      ],
      { title: `${TITLE}${who} (4/${STEPS})`, placeHolder: 'What may Databend do in the bucket?', ignoreFocusOut: true },
    );
    if (!picked) throw new CancelledError();
    return picked.access;
  }

  /** Shows the plan; resolves to whether existing unmanaged resources may be changed. */
  private async confirm(plan: Plan, accountId: string, preconfirmed: boolean): Promise<boolean> {
    if (plan.steps.length === 0) {
      return false;
    }
    const detail = plan.steps.map((s, i) => `${i + 1}. ${describeStep(s)}`).join('\n');
    if (plan.unmanaged.length > 0) {
      const diff = plan.steps
        .filter((s) => s.kind === 'updateTrustPolicy' || s.kind === 'createPolicyVersion')
        .map((s) => `${describeStep(s)}\nBefore: ${JSON.stringify('before' in s ? s.before : undefined)}`)
        .join('\n\n');
      const answer = await vscode.window.showWarningMessage(
        `The existing ${plan.unmanaged.join(' and ')} in account ${accountId} ${plan.unmanaged.length > 1 ? 'were' : 'was'} not created by this extension. Change ${plan.unmanaged.length > 1 ? 'them' : 'it'}?`,
        { modal: true, detail: `${detail}\n\n${diff}` },
        'Change It',
      );
      if (answer !== 'Change It') throw new CancelledError();
      return true;
    }
    if (!preconfirmed) {
      const answer = await vscode.window.showInformationMessage(`Apply ${plan.steps.length} change${plan.steps.length > 1 ? 's' : ''} in AWS account ${accountId}?`, { modal: true, detail }, 'Apply');
      if (answer !== 'Apply') throw new CancelledError();
    }
    return false;
  }
}
