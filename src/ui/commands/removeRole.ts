// "Databend: Remove IAM Role Created for Databend…": deletes a role and policy this
// extension created, after a modal confirmation, in the order AWS requires; then offers to
// drop the Databend connection and stages Run and Verify made for it, those that still
// serve the role (each compared first), since they cannot work without it.

import * as vscode from 'vscode';
import { CancelledError, errorMessage, isCancelled } from '../../core/errors';
import { describeLocation, describeLocations, setupLocations } from '../../core/locations';
import { quoteIdent } from '../../core/sql';
import { parseRoleArn } from '../../core/validate';
import type { AwsService } from '../awsService';
import type { DatabendService } from '../databendService';
import type { Dialogs } from '../dialogs';
import type { LoginStore } from '../loginStore';
import { confirm } from '../prompts';
import type { RoleRecord, RoleRecords } from '../roleRecords';
import { readSetupObjects } from '../setup/setupObjects';

export class RemoveRoleCommand {
  constructor(
    private readonly aws: AwsService,
    private readonly records: RoleRecords,
    private readonly dialogs: Dialogs,
    private readonly store: LoginStore,
    private readonly databend: DatabendService,
    /** Called after Databend objects were dropped (the tree shows them). */
    private readonly onDropped: () => void,
  ) {}

  async run(): Promise<{ removed: string[]; kept: string[] }> {
    const record = await this.pick();
    const arn = parseRoleArn(record.roleArn);
    await confirm(
      this.dialogs,
      'warning',
      `Delete the IAM role ${record.roleName} and the policy ${record.policyArn.split('/').pop()} from AWS account ${arn?.accountId}?`,
      `Databend connections and stages that use this role (${record.connectionName} / ${setupLocations(record)
        .map((l) => l.stageName)
        .join(', ')}) will stop working. Only resources tagged as created by this extension are deleted.`,
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
    if (result.removed.some((r) => r.startsWith('the role '))) await this.offerDrop(record);
    return result;
  }

  /**
   * After the role is gone: offers to drop, on the login Run and Verify used, the connection
   * and the stages that still hold this role (compared first: one that another setup
   * replaced since is left alone and named). Declining keeps them. Never throws: the role is
   * already removed, and a Databend failure is reported on its own.
   */
  private async offerDrop(record: RoleRecord): Promise<void> {
    const login = record.databendLogin ? this.store.get(record.databendLogin) : undefined;
    if (!login) return;
    const locations = setupLocations(record);
    try {
      const session = await this.databend.session(login);
      const expected = locations.map((l) => ({ bucket: l.bucket, prefix: l.prefix, roleArn: record.roleArn, externalId: record.externalId }));
      const found = await readSetupObjects(this.databend, session, record.connectionName, locations.map((l) => l.stageName), expected);
      const stages = locations.filter((_, i) => found.stages[i].state === 'same');
      const connection = found.connection.state === 'same';
      const changed = [
        ...(found.connection.state === 'differs' ? [`the connection ${record.connectionName} (${found.connection.drift.join('; ')})`] : []),
        ...locations.flatMap((l, i) => (found.stages[i].state === 'differs' ? [`the stage ${l.stageName} (${found.stages[i].drift.join('; ')})`] : [])),
      ];
      if (!connection && stages.length === 0) return;
      const what = [...(connection ? [`the connection ${record.connectionName}`] : []), ...(stages.length ? [`the stage${stages.length > 1 ? 's' : ''} ${stages.map((l) => l.stageName).join(', ')}`] : [])].join(' and ');
      await confirm(
        this.dialogs,
        'warning',
        `Also drop ${what} on ${login.name}? They used the removed role and cannot work without it.`,
        [
          `The files in ${stages.map((l) => describeLocation(l)).join(', ') || 'the buckets'} stay where they are.`,
          changed.length ? `Left alone, as they no longer hold this role: ${changed.join('; ')}.` : '',
        ]
          .filter(Boolean)
          .join(' '),
        'Drop Them',
        'Keep Them',
      );
      for (const stage of stages) await session.run(`DROP STAGE IF EXISTS ${quoteIdent(stage.stageName)}`);
      if (connection) await session.run(`DROP CONNECTION IF EXISTS ${quoteIdent(record.connectionName)}`);
      this.onDropped();
      void this.dialogs.message('info', `Dropped ${what} on ${login.name}.`, {});
    } catch (error) {
      if (isCancelled(error)) return;
      void this.dialogs.message('error', `The role is removed, but the Databend objects on ${login.name} could not be dropped: ${errorMessage(this.databend.explain(login, error))}`, {});
    }
  }

  private async pick(): Promise<RoleRecord> {
    const records = this.records.all();
    if (records.length === 0) {
      void this.dialogs.message('info', 'This extension has not created any IAM role yet (Databend: Create IAM Role for Databend…).', {});
      throw new CancelledError();
    }
    const picked = await this.dialogs.quickPick(
      records.map((r) => ({ label: r.roleName, description: describeLocations(setupLocations(r)), detail: r.roleArn, record: r })),
      { title: 'Remove an IAM role created for Databend', placeHolder: 'Role to remove', ignoreFocusOut: true },
    );
    if (!picked) throw new CancelledError();
    return picked.record;
  }
}
