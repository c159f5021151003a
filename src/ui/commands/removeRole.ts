// "Databend: Remove IAM Role Created for Databend…": deletes a role and policy this
// extension created, after a modal confirmation, in the order AWS requires.

import * as vscode from 'vscode';
import { CancelledError } from '../../core/errors';
import { parseRoleArn } from '../../core/validate';
import type { AwsService } from '../awsService';
import type { Dialogs } from '../dialogs';
import { confirm } from '../prompts';
import type { RoleRecord, RoleRecords } from '../roleRecords';

export class RemoveRoleCommand {
  constructor(
    private readonly aws: AwsService,
    private readonly records: RoleRecords,
    private readonly dialogs: Dialogs,
  ) {}

  async run(): Promise<{ removed: string[]; kept: string[] }> {
    const record = await this.pick();
    const arn = parseRoleArn(record.roleArn);
    await confirm(
      this.dialogs,
      'warning',
      `Delete the IAM role ${record.roleName} and the policy ${record.policyArn.split('/').pop()} from AWS account ${arn?.accountId}?`,
      `Databend connections and stages that use this role (${record.connectionName} / ${record.stageName}) will stop working. Only resources tagged as created by this extension are deleted.`,
      'Delete',
      'Keep Role',
    );
    const aws = this.aws.load();
    const gateway = new aws.SdkIamGateway(this.aws.clients(record.profile).iam());
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Removing ${record.roleName}` }, (progress) =>
      aws.teardown(gateway, { roleName: record.roleName, policyArn: record.policyArn }, (text) => progress.report({ message: text })),
    );
    await this.records.remove(record.roleArn);
    const summary = [result.removed.length ? `Removed ${result.removed.join(' and ')}.` : 'Nothing was removed.', result.kept.length ? `Left in place: ${result.kept.join('; ')}.` : '']
      .filter(Boolean)
      .join(' ');
    void this.dialogs.message('info', summary, {});
    return result;
  }

  private async pick(): Promise<RoleRecord> {
    const records = this.records.all();
    if (records.length === 0) {
      void this.dialogs.message('info', 'This extension has not created any IAM role yet (Databend: Create IAM Role for Databend…).', {});
      throw new CancelledError();
    }
    const picked = await this.dialogs.quickPick(
      records.map((r) => ({ label: r.roleName, description: `s3://${r.bucket}${r.prefix ? `/${r.prefix}` : ''}`, detail: r.roleArn, record: r })),
      { title: 'Remove an IAM role created for Databend', placeHolder: 'Role to remove', ignoreFocusOut: true },
    );
    if (!picked) throw new CancelledError();
    return picked.record;
  }
}
