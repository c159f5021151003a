// "Databend: Generate Connection and Stage SQL…": for users whose role already exists.
// Asks for the guide's values, validates each, and opens the SQL in a new editor.

import * as vscode from 'vscode';
import { deriveNames } from '../../core/names';
import { setupSql, SetupSqlInput } from '../../core/sql';
import {
  validateIdentifier,
  validateRoleArn,
} from '../../core/validate';
import { askText, commonPrompts } from '../prompts';
import { openSqlEditor } from '../sqlEditor';

const TITLE = 'Generate Databend SQL';
const STEPS = 6;

/** Values given by the caller (another command, a test) are not asked for again. */
export type GenerateSqlArgs = Partial<SetupSqlInput>;

export async function generateSql(args: GenerateSqlArgs = {}): Promise<vscode.TextEditor> {
  const ask = (step: number, prompt: Omit<Parameters<typeof askText>[0], 'title' | 'step' | 'totalSteps'>) =>
    askText({ title: TITLE, step, totalSteps: STEPS, ...prompt });

  const roleArn =
    args.roleArn ??
    (await ask(1, {
      prompt: 'ARN of the IAM role in your AWS account that Databend will assume',
      placeholder: 'arn:aws:iam::123456789012:role/databend-my-bucket',
      validate: validateRoleArn,
    }));
  const externalId =
    args.externalId ??
    (await ask(2, commonPrompts.externalId("External ID: must equal sts:ExternalId in the role's trust policy (a fresh one is offered)")));
  const bucket =
    args.bucket ??
    (await ask(3, commonPrompts.bucket()));
  const prefix =
    args.prefix ??
    (await ask(4, commonPrompts.prefix()));
  const defaults = deriveNames(bucket, prefix);
  const connectionName =
    args.connectionName ??
    (await ask(5, {
      prompt: 'Name of the Databend connection',
      value: defaults.connectionName,
      validate: (v) => validateIdentifier(v, 'connection name'),
    }));
  const stageName =
    args.stageName ??
    (await ask(6, {
      prompt: 'Name of the Databend stage',
      value: defaults.stageName,
      validate: (v) => validateIdentifier(v, 'stage name'),
    }));

  const sql = setupSql({ ...args, roleArn, externalId, bucket, prefix, connectionName, stageName });
  return openSqlEditor(sql);
}
