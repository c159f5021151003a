// "Databend: Export Setup as CloudFormation…" and "…as Terraform…": the questions of Create
// IAM Role for Databend (roleQuestions.ts), then the template of what it would create,
// in an editor, instead of changing anything in AWS.

import * as vscode from 'vscode';
import { analyzerSummary } from '../../core/analyzerFindings';
import type { IacFormat } from '../../core/iac';
import type { AwsService } from '../awsService';
import type { Dialogs } from '../dialogs';
import type { IamSetup } from '../iamSetup';
import { askRoleQuestions } from '../roleQuestions';
import { IAC_FORMAT_NAMES, iacNextSteps, SetupExport, SetupExportOutcome } from '../setupExport';

export class ExportSetupCommand {
  constructor(
    private readonly aws: AwsService,
    private readonly iamSetup: IamSetup,
    private readonly exporter: SetupExport,
    private readonly dialogs: Dialogs,
  ) {}

  async run(format: IacFormat): Promise<SetupExportOutcome> {
    const name = IAC_FORMAT_NAMES[format];
    const { fields, identity } = await askRoleQuestions(this.aws, this.iamSetup, this.dialogs, {
      title: vscode.l10n.t('Export Setup as {0}', name),
      profilePrompt: vscode.l10n.t('AWS profile of the account the template is for (nothing is changed in it)'),
    });
    const outcome = await this.exporter.open(fields, format, identity);
    const how = iacNextSteps(format);
    void this.dialogs.message(
      'info',
      vscode.l10n.t('{0}: the {1} {2} for the role {3} in account {4}, every policy check passed. {5} {6}', outcome.fileName, name, format === 'cloudformation' ? 'template' : 'configuration', fields.roleName, identity.accountId, analyzerSummary(outcome.analyzer), how),
      {},
    );
    return outcome;
  }
}
