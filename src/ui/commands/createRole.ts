// "Databend: Create IAM Role for Databend…": steps 2 and 3 of the guide with the user's
// AWS profile, as quick inputs. Profile → who it is → bucket, Databend role, names,
// external ID → the plan, shown before anything changes → apply with progress → the SQL
// in a new editor. The setup form does the same through IamSetup.

import * as vscode from 'vscode';
import { deriveNames } from '../../core/names';
import { describeStep } from '../../core/plan';
import type { Access } from '../../core/policies';
import { setupSql } from '../../core/sql';
import { normalizePrefix, validateIamName, validateRoleArn } from '../../core/validate';
import type { AwsService } from '../awsService';
import type { Dialogs } from '../dialogs';
import type { IamSetup, PreparedSetup } from '../iamSetup';
import { commonQuestions, confirm, Wizard } from '../prompts';
import { openSqlEditor } from '../sqlEditor';

const TITLE = 'Create IAM Role for Databend';
const STEPS = 8;

export interface CreateRoleOutcome {
  roleArn: string;
  policyArn: string;
  externalId: string;
  steps: string[];
  editor: vscode.TextEditor;
}

export class CreateRoleCommand {
  constructor(
    private readonly aws: AwsService,
    private readonly iamSetup: IamSetup,
    private readonly dialogs: Dialogs,
  ) {}

  async run(): Promise<CreateRoleOutcome> {
    const profile = await this.pickProfile();
    const identity = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Checking the AWS profile ${profile || '(default)'}…` }, () =>
      this.iamSetup.identity(profile),
    );
    const ask = new Wizard(this.dialogs, `${TITLE} — account ${identity.accountId}`, STEPS);

    const bucket = await ask.text(2, commonQuestions.bucket(`S3 bucket for Databend (signed in as ${identity.arn})`));
    const prefix = normalizePrefix(await ask.text(3, commonQuestions.prefix()));
    const access = await this.pickAccess(ask);
    const databendRoleArn = await ask.text(5, {
      prompt: "Databend's role ARN for your organization (from Databend Cloud support)",
      placeholder: 'arn:aws:iam::123456789012:role/xxxxxxx/tnabcdefg/xxxxxxx-tnabcdefg',
      validate: validateRoleArn,
    });
    const defaults = deriveNames(bucket, prefix);
    const roleName = await ask.text(6, { prompt: 'Name of the IAM role to create', value: defaults.roleName, validate: (v) => validateIamName(v, 'role') });
    const policyName = await ask.text(7, { prompt: 'Name of the IAM policy to create', value: defaults.policyName, validate: (v) => validateIamName(v, 'policy') });
    // An existing role's external ID is what Databend presents today: offered, so a re-run keeps it.
    const existing = await this.iamSetup.lookUpRole(profile, roleName).catch(() => undefined);
    const externalId = await ask.text(
      8,
      existing?.externalId
        ? { ...commonQuestions.externalId(`External ID: kept from the existing role ${roleName} (changing it breaks the Databend connection that presents it)`), value: existing.externalId }
        : commonQuestions.externalId('External ID: Databend must present it to assume the role (a fresh one is offered)'),
    );

    const prepare = (id: string) => vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Reading the bucket, the IAM role and the policy…' }, () =>
      this.iamSetup.prepare({
        profile,
        bucket,
        prefix,
        access,
        databendRoleArn,
        roleName,
        policyName,
        externalId: id,
        connectionName: defaults.connectionName,
        stageName: defaults.stageName,
        kmsKeyArn: '',
        testFile: '',
      }),
    );
    let prepared = await prepare(externalId);
    if ((await this.iamSetup.confirmRotation(prepared)) === 'keep' && existing?.externalId) {
      prepared = await prepare(existing.externalId);
    }
    const { plan } = prepared;
    if (prepared.bucket.status === 'missing' || prepared.bucket.status === 'unreachable') {
      await confirm(this.dialogs, 'warning', prepared.bucket.message ?? 'The bucket could not be checked.', 'Create the role all the same? Databend cannot read a bucket that does not exist.', 'Continue Anyway');
    }
    const confirmedUnmanaged = await this.askToApply(prepared);
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Creating in AWS', cancellable: true }, (progress, token) =>
      this.iamSetup.apply(prepared, {
        confirmedUnmanaged,
        isCancelled: () => token.isCancellationRequested,
        onStep: (step, index, total) => progress.report({ message: `${index + 1}/${total}: ${describeStep(step)}`, increment: 100 / total }),
      }),
    );
    const editor = await openSqlEditor(
      setupSql({ connectionName: defaults.connectionName, stageName: defaults.stageName, bucket, prefix, roleArn: plan.roleArn, externalId: prepared.fields.externalId, region: prepared.bucket.region }),
    );
    void this.dialogs.message(
      'info',
      plan.steps.length === 0
        ? `The role ${roleName} and policy ${policyName} were already in place: nothing changed. The Databend SQL is in the new editor.`
        : `Created ${roleName} for Databend (${plan.steps.length} change${plan.steps.length > 1 ? 's' : ''}). Run the SQL in the new editor in Databend; IAM may take up to a minute to accept the role.`,
      {},
    );
    return { roleArn: plan.roleArn, policyArn: plan.policyArn, externalId: prepared.fields.externalId, steps: plan.steps.map(describeStep), editor };
  }

  private async pickProfile(): Promise<string> {
    const profiles = await this.aws.load().listProfiles();
    const items: (vscode.QuickPickItem & { profile: string })[] = profiles.map((p) => ({
      label: p.name,
      description: [p.kind, p.region, p.isDefault ? 'default' : undefined].filter(Boolean).join(' · '),
      // A profile that cannot give credentials says why before anything is asked of AWS.
      detail: p.problem ? `$(warning) ${p.problem}` : p.needsMfa ? 'Asks for an MFA code' : undefined,
      profile: p.name,
    }));
    items.push({ label: 'Default credential chain', description: 'environment variables, AWS_PROFILE, instance role', profile: '' });
    return (await new Wizard(this.dialogs, TITLE, STEPS).pick(1, 'AWS profile to create the role with', items)).profile;
  }

  private async pickAccess(ask: Wizard): Promise<Access> {
    const picked = await ask.pick(4, 'What may Databend do in the bucket?', [
      { label: 'Read and write', description: 'list, read, write and delete objects', access: 'readwrite' as const },
      { label: 'Read only', description: 'list and read objects', access: 'read' as const },
    ]);
    return picked.access;
  }

  /** Shows the plan and asks; resolves to whether existing unmanaged resources may be changed. */
  private async askToApply(prepared: PreparedSetup): Promise<boolean> {
    const { plan } = prepared;
    if (plan.steps.length === 0) return false;
    if (plan.unmanaged.length > 0) return this.iamSetup.confirmUnmanaged(prepared);
    const detail = plan.steps.map((s, i) => `${i + 1}. ${describeStep(s)}`).join('\n');
    await confirm(this.dialogs, 'info', `Apply ${plan.steps.length} change${plan.steps.length > 1 ? 's' : ''} in AWS account ${prepared.identity.accountId}?`, detail, 'Apply');
    return false;
  }
}
