// "Databend: Remove IAM Role Created for Databend…": deletes a role and policy this
// extension created, after a modal confirmation, in the order AWS requires; then offers to
// drop the Databend connection and stages Run and Verify made for it, those that still
// serve the role (each compared first), since they cannot work without it.

import * as vscode from 'vscode';
import { CancelledError, errorMessage, isCancelled } from '../../core/errors';
import { describeLocation, describeLocations, listInWords, setupLocations } from '../../core/locations';
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
      vscode.l10n.t('Delete the IAM role {0} and the policy {1} from AWS account {2}?', record.roleName, record.policyArn.split('/').pop() ?? '', String(arn?.accountId)),
      vscode.l10n.t(
        'Databend connections and stages that use this role ({0} / {1}) will stop working. Only resources tagged as created by this extension are deleted.',
        record.connectionName,
        listInWords([...setupLocations(record), ...(record.formerLocations ?? [])].map((l) => l.stageName)),
      ),
      vscode.l10n.t('Delete'),
      vscode.l10n.t('Keep Role'),
    );
    const aws = this.aws.load();
    const gateway = new aws.SdkIamGateway(this.aws.clients(record.profile).iam());
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Removing {0}', record.roleName) }, (progress) =>
      aws.teardown(gateway, { roleName: record.roleName, policyArn: record.policyArn }, (text) => progress.report({ message: text })),
    );
    await this.records.remove(record.roleArn);
    // The removed and kept items are provision.ts's own texts ("the role …", "the policy …").
    const summary = [
      result.removed.length ? vscode.l10n.t('Removed {0}.', listInWords(result.removed)) : vscode.l10n.t('Nothing was removed.'),
      result.kept.length ? vscode.l10n.t('Left in place: {0}.', result.kept.join('; ')) : '',
    ]
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
    // The stages of locations the setup dropped too: they outlive their location in Databend.
    const locations = [...setupLocations(record), ...(record.formerLocations ?? [])];
    try {
      const session = await this.databend.session(login);
      const expected = locations.map((l) => ({ bucket: l.bucket, prefix: l.prefix, roleArn: record.roleArn, externalId: record.externalId }));
      const found = await readSetupObjects(this.databend, session, record.connectionName, locations.map((l) => l.stageName), expected);
      const stages = locations.filter((_, i) => found.stages[i].state === 'same');
      const connection = found.connection.state === 'same';
      const changed = [
        ...(found.connection.state === 'differs' ? [vscode.l10n.t('the connection {0} ({1})', record.connectionName, found.connection.drift.join('; '))] : []),
        ...locations.flatMap((l, i) => (found.stages[i].state === 'differs' ? [vscode.l10n.t('the stage {0} ({1})', l.stageName, found.stages[i].drift.join('; '))] : [])),
      ];
      if (!connection && stages.length === 0) return;
      const stageNames = listInWords(stages.map((l) => l.stageName));
      const what = listInWords([
        ...(connection ? [vscode.l10n.t('the connection {0}', record.connectionName)] : []),
        ...(stages.length ? [stages.length > 1 ? vscode.l10n.t('the stages {0}', stageNames) : vscode.l10n.t('the stage {0}', stageNames)] : []),
      ]);
      await confirm(
        this.dialogs,
        'warning',
        vscode.l10n.t('Also drop {0} on {1}? They used the removed role and cannot work without it.', what, login.name),
        [
          stages.length
            ? vscode.l10n.t('The files in {0} stay where they are.', listInWords([...new Set(stages.map((l) => describeLocation(l)))]))
            : vscode.l10n.t('The files in the buckets stay where they are.'),
          changed.length ? vscode.l10n.t('Left alone, as they no longer hold this role: {0}.', changed.join('; ')) : '',
        ]
          .filter(Boolean)
          .join(' '),
        vscode.l10n.t('Drop Them'),
        vscode.l10n.t('Keep Them'),
      );
      for (const stage of stages) await session.run(`DROP STAGE IF EXISTS ${quoteIdent(stage.stageName)}`);
      if (connection) await session.run(`DROP CONNECTION IF EXISTS ${quoteIdent(record.connectionName)}`);
      this.onDropped();
      void this.dialogs.message('info', vscode.l10n.t('Dropped {0} on {1}.', what, login.name), {});
    } catch (error) {
      if (isCancelled(error)) return;
      void this.dialogs.message(
        'error',
        vscode.l10n.t('The role is removed, but the Databend objects on {0} could not be dropped: {1}', login.name, errorMessage(this.databend.explain(login, error))),
        {},
      );
    }
  }

  private async pick(): Promise<RoleRecord> {
    const records = this.records.all();
    if (records.length === 0) {
      void this.dialogs.message('info', vscode.l10n.t('This extension has not created any IAM role yet (Databend: Create IAM Role for Databend…).'), {});
      throw new CancelledError();
    }
    const picked = await this.dialogs.quickPick(
      records.map((r) => ({ label: r.roleName, description: describeLocations(setupLocations(r)), detail: r.roleArn, record: r })),
      { title: vscode.l10n.t('Remove an IAM role created for Databend'), placeHolder: vscode.l10n.t('Role to remove'), ignoreFocusOut: true },
    );
    if (!picked) throw new CancelledError();
    return picked.record;
  }
}
