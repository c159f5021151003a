// "Databend: Generate Connection and Stage SQL…": for users whose role already exists.
// Asks for the guide's values, validates each, and opens the SQL as `setup-<stage>.sql`,
// read-only (it closes without a save prompt; Open as Editable Copy gives an editable one).

import * as vscode from 'vscode';
import { deriveNames } from '../../core/names';
import { setupSql } from '../../core/sql';
import { validateIdentifier, validateRoleArn } from '../../core/validate';
import type { Dialogs } from '../dialogs';
import type { GeneratedDocuments } from '../generatedDocuments';
import { commonQuestions, Wizard } from '../prompts';

export async function generateSql(dialogs: Dialogs, generated: GeneratedDocuments): Promise<vscode.TextEditor> {
  const ask = new Wizard(dialogs, vscode.l10n.t('Generate Databend SQL'), 6);
  const roleArn = await ask.text(1, {
    prompt: vscode.l10n.t('ARN of the IAM role in your AWS account that Databend will assume'),
    placeholder: 'arn:aws:iam::123456789012:role/databend-my-bucket',
    validate: validateRoleArn,
  });
  const externalId = await ask.text(2, commonQuestions.externalId("External ID: must equal sts:ExternalId in the role's trust policy (a fresh one is offered)"));
  const bucket = await ask.text(3, commonQuestions.bucket());
  const prefix = await ask.text(4, commonQuestions.prefix());
  const defaults = deriveNames(bucket, prefix);
  const connectionName = await ask.text(5, { prompt: vscode.l10n.t('Name of the Databend connection'), value: defaults.connectionName, validate: (v) => validateIdentifier(v, 'connection name') });
  const stageName = await ask.text(6, { prompt: vscode.l10n.t('Name of the Databend stage'), value: defaults.stageName, validate: (v) => validateIdentifier(v, 'stage name') });
  return generated.show(`setup-${stageName}.sql`, setupSql({ roleArn, externalId, bucket, prefix, connectionName, stageName }), { viewColumn: vscode.ViewColumn.Active, preserveFocus: false });
}
