// "Databend: Remove IAM Role Created for Databend…": deletes a role and policy this
// extension created, after a modal confirmation, in the order AWS requires.

import * as vscode from 'vscode';
import { CancelledError } from '../../core/errors';
import { parseRoleArn } from '../../core/validate';
import type { AwsService } from '../awsService';
import type { ProvisionRecord, ProvisionRecords } from '../provisionRecords';

export interface TeardownArgs {
  roleArn?: string;
  /** Skip the modal (tests). */
  confirmed?: boolean;
}

export class TeardownCommand {
  constructor(
    private readonly aws: AwsService,
    private readonly records: ProvisionRecords,
  ) {}

  async run(args: TeardownArgs = {}): Promise<{ removed: string[]; kept: string[] }> {
    const record = args.roleArn ? this.records.all().find((r) => r.roleArn === args.roleArn) : await this.pick();
    if (!record) {
      throw new Error(args.roleArn ? `No role ${args.roleArn} was provisioned by this extension in this VS Code profile.` : 'Nothing to remove.');
    }
    const arn = parseRoleArn(record.roleArn);
    if (!args.confirmed) {
      const answer = await vscode.window.showWarningMessage(
        `Delete the IAM role ${record.roleName} and the policy ${record.policyArn.split('/').pop()} from AWS account ${arn?.accountId}?`,
        {
          modal: true,
          detail: `Databend connections and stages that use this role (${record.connectionName} / ${record.stageName}) will stop working. Only resources tagged as created by this extension are deleted.`,
        },
        'Delete',
      );
      if (answer !== 'Delete') throw new CancelledError();
    }
    const aws = this.aws.load();
    const gateway = new aws.SdkIamGateway(this.aws.clients(record.profile).iam());
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Removing ${record.roleName}` }, (progress) =>
      aws.teardown(gateway, { roleName: record.roleName, policyArn: record.policyArn }, (text) => progress.report({ message: text })),
    );
    await this.records.remove(record.roleArn);
    const summary = [result.removed.length ? `Removed ${result.removed.join(' and ')}.` : 'Nothing was removed.', result.kept.length ? `Left in place: ${result.kept.join('; ')}.` : '']
      .filter(Boolean)
      .join(' ');
    void vscode.window.showInformationMessage(summary);
    return result;
  }

  private async pick(): Promise<ProvisionRecord | undefined> {
    const records = this.records.all();
    if (records.length === 0) {
      void vscode.window.showInformationMessage('This extension has not provisioned any IAM role yet (Databend: Provision IAM Role…).');
      throw new CancelledError();
    }
    const picked = await vscode.window.showQuickPick(
      records.map((r) => ({ label: r.roleName, description: `s3://${r.bucket}${r.prefix ? `/${r.prefix}` : ''}`, detail: r.roleArn, record: r })),
      { title: 'Remove an IAM role created for Databend', placeHolder: 'Role to remove', ignoreFocusOut: true },
    );
    if (!picked) throw new CancelledError();
    return picked.record;
  }
}
