// "Databend: Provision IAM Role…": steps 2 and 3 of the guide with the user's AWS profile.
// Profile → who it is → bucket, Databend role, names, external ID → the plan, shown
// before anything changes → apply with progress → the SQL in a new editor.

import * as vscode from 'vscode';
import { CancelledError } from '../../core/errors';
import { deriveNames } from '../../core/names';
import { describeStep } from '../../core/plan';
import type { Access } from '../../core/policies';
import { setupSql } from '../../core/sql';
import {
  normalizePrefix,
  validateIamName,
  validateRoleArn,
} from '../../core/validate';
import type { AwsService } from '../awsService';
import { askText, commonPrompts } from '../prompts';
import type { Prepared, Provisioning } from '../provisioning';
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
    private readonly provisioning: Provisioning,
  ) {}

  async run(args: ProvisionArgs = {}): Promise<ProvisionOutcome> {
    const ask = (step: number, prompt: Omit<Parameters<typeof askText>[0], 'title' | 'step' | 'totalSteps'>, who = '') =>
      askText({ title: `${TITLE}${who}`, step, totalSteps: STEPS, ...prompt });

    const profile = args.profile ?? (await this.pickProfile());
    const identity = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Checking the AWS profile ${profile || '(default)'}…` }, () =>
      this.provisioning.identity(profile),
    );
    const who = ` — account ${identity.accountId}`;

    const bucket = args.bucket ?? (await ask(2, commonPrompts.bucket(`S3 bucket for Databend (signed in as ${identity.arn})`), who));
    const prefix = normalizePrefix(
      args.prefix ?? (await ask(3, commonPrompts.prefix(), who)),
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
      (await ask(8, commonPrompts.externalId('External ID: Databend must present it to assume the role (a fresh one is offered)'), who));

    const prepared = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Reading the bucket, the IAM role and the policy…' }, () =>
      this.provisioning.prepare({ profile, bucket, prefix, access, databendRoleArn, roleName, policyName, externalId, connectionName: defaults.connectionName, stageName: defaults.stageName }),
    );
    const { plan } = prepared;
    if (prepared.bucket.status === 'missing' || prepared.bucket.status === 'unreachable') {
      const go = await vscode.window.showWarningMessage(prepared.bucket.message ?? 'The bucket could not be checked.', { modal: true }, 'Continue Anyway');
      if (go !== 'Continue Anyway') throw new CancelledError();
    }
    const confirmedUnmanaged = await this.confirm(prepared, args.confirmPlan === true);
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Provisioning in AWS', cancellable: true }, (progress, token) =>
      this.provisioning.apply(prepared, {
        confirmedUnmanaged,
        isCancelled: () => token.isCancellationRequested,
        onStep: (step, index, total) => progress.report({ message: `${index + 1}/${total}: ${describeStep(step)}`, increment: 100 / total }),
      }),
    );
    const editor = await openSqlEditor(
      setupSql({ connectionName: defaults.connectionName, stageName: defaults.stageName, bucket, prefix, roleArn: plan.roleArn, externalId, region: prepared.bucket.region }),
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
  private async confirm(prepared: Prepared, preconfirmed: boolean): Promise<boolean> {
    const { plan } = prepared;
    if (plan.steps.length === 0) return false;
    if (plan.unmanaged.length > 0) return this.provisioning.confirmUnmanaged(prepared);
    if (!preconfirmed) {
      const detail = plan.steps.map((s, i) => `${i + 1}. ${describeStep(s)}`).join('\n');
      const answer = await vscode.window.showInformationMessage(`Apply ${plan.steps.length} change${plan.steps.length > 1 ? 's' : ''} in AWS account ${prepared.identity.accountId}?`, { modal: true, detail }, 'Apply');
      if (answer !== 'Apply') throw new CancelledError();
    }
    return false;
  }
}
