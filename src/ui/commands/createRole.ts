// "Databend: Create IAM Role for Databend…": steps 2 and 3 of the guide with the user's
// AWS profile, as quick inputs. The questions (roleQuestions.ts) → the plan and the policy
// checks, shown before anything changes → apply with progress → the SQL as setup-<stage>.sql (read-only, named).
// The setup form does the same through IamSetup.

import * as vscode from 'vscode';
import { describeStep } from '../../core/plan';
import { setupSql } from '../../core/sql';
import type { AwsService } from '../awsService';
import type { Dialogs } from '../dialogs';
import type { GeneratedDocuments } from '../generatedDocuments';
import type { IamSetup, PreparedSetup } from '../iamSetup';
import { confirm } from '../prompts';
import { askRoleQuestions } from '../roleQuestions';

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
    private readonly generated: GeneratedDocuments,
  ) {}

  async run(): Promise<CreateRoleOutcome> {
    const { fields, existingExternalId } = await askRoleQuestions(this.aws, this.iamSetup, this.dialogs, {
      title: vscode.l10n.t('Create IAM Role for Databend'),
      profilePrompt: vscode.l10n.t('AWS profile to create the role with'),
    });
    const { bucket, prefix, roleName, policyName } = fields;

    const prepare = (id: string) => vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Reading the bucket, the IAM role and the policy…') }, () =>
      this.iamSetup.prepare({ ...fields, externalId: id }),
    );
    let prepared = await prepare(fields.externalId);
    if ((await this.iamSetup.confirmRotation(prepared, vscode.l10n.t('Run All on the SQL that opens afterwards replaces them.'))) === 'keep' && existingExternalId) {
      prepared = await prepare(existingExternalId);
    }
    const { plan } = prepared;
    // A document that fails a check is never offered for applying.
    this.iamSetup.assertChecksPass(prepared.checks, prepared.analyzer);
    await this.iamSetup.confirmMissingBuckets(prepared);
    const confirmedOtherLocation = await this.iamSetup.confirmOtherLocation(prepared);
    const confirmedUnmanaged = await this.askToApply(prepared);
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Creating in AWS'), cancellable: true }, (progress, token) =>
      this.iamSetup.apply(prepared, {
        confirmedUnmanaged,
        confirmedOtherLocation,
        isCancelled: () => token.isCancellationRequested,
        onStep: (step, index, total) => progress.report({ message: `${index + 1}/${total}: ${describeStep(step)}`, increment: 100 / total }),
      }),
    );
    const editor = await this.generated.show(
      `setup-${fields.stageName}.sql`,
      setupSql({ connectionName: fields.connectionName, stageName: fields.stageName, bucket, prefix, roleArn: plan.roleArn, externalId: prepared.fields.externalId, region: prepared.bucket.region }),
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
    );
    void this.dialogs.message(
      'info',
      plan.steps.length === 0
        ? vscode.l10n.t('The role {0} and policy {1} were already in place: nothing changed. The Databend SQL is in {2}.', roleName, policyName, `setup-${fields.stageName}.sql`)
        : plan.steps.length > 1
          ? vscode.l10n.t('Created {0} for Databend ({1} changes). Run {2} in Databend; IAM may take up to a minute to accept the role.', roleName, plan.steps.length, `setup-${fields.stageName}.sql`)
          : vscode.l10n.t('Created {0} for Databend (1 change). Run {1} in Databend; IAM may take up to a minute to accept the role.', roleName, `setup-${fields.stageName}.sql`),
      {},
    );
    return { roleArn: plan.roleArn, policyArn: plan.policyArn, externalId: prepared.fields.externalId, steps: plan.steps.map(describeStep), editor };
  }

  /** Shows the plan and asks; resolves to whether existing unmanaged resources may be changed. */
  private async askToApply(prepared: PreparedSetup): Promise<boolean> {
    const { plan } = prepared;
    if (plan.steps.length === 0) return false;
    if (plan.unmanaged.length > 0) return this.iamSetup.confirmUnmanaged(prepared);
    const detail = [...plan.steps.map((s, i) => `${i + 1}. ${describeStep(s)}`), ...(plan.notes ?? []), ...this.iamSetup.describeChecks(prepared)].join('\n');
    const question =
      plan.steps.length > 1
        ? vscode.l10n.t('Apply {0} changes in AWS account {1}?', plan.steps.length, prepared.identity.accountId)
        : vscode.l10n.t('Apply 1 change in AWS account {0}?', prepared.identity.accountId);
    await confirm(this.dialogs, 'info', question, detail, vscode.l10n.t('Apply'));
    return false;
  }
}
