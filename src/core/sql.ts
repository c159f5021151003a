// The Databend SQL of the guide's step 4, and the two quoting functions every user
// value in generated SQL goes through.

import { isReservedWord, SIMPLE_NAME } from './identifiers';
import {
  assertValid,
  normalizePrefix,
  validateBucketName,
  validateExternalId,
  validateIdentifier,
  validatePrefix,
  validateRoleArn,
  validateTestFile,
} from './validate';

const STRING_ESCAPES: Record<string, string> = {
  "'": "''",
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\0': '\\0',
};

/**
 * A Databend string literal that reads back as exactly `value`. Backslash starts an
 * escape in Databend strings, so it is doubled; control characters are escaped so a
 * literal never spans lines in an editor.
 */
export function quoteString(value: string): string {
  return `'${value.replace(/['\\\n\r\t\0]/g, (ch) => STRING_ESCAPES[ch])}'`;
}

/**
 * The name as written in SQL: bare when it is a plain identifier that is not a reserved
 * word, in backticks otherwise. Connection and stage names are always plain (see
 * validateIdentifier), so they come out bare and keep their case, as Databend stores them.
 */
export function quoteIdent(name: string): string {
  if (SIMPLE_NAME.test(name) && !isReservedWord(name)) {
    return name;
  }
  return `\`${name.replace(/`/g, '``')}\``;
}

export interface SetupSqlInput {
  connectionName: string;
  stageName: string;
  bucket: string;
  prefix?: string;
  roleArn: string;
  externalId: string;
  region?: string;
  testFile?: string;
}

export function stageUrl(bucket: string, prefix?: string): string {
  const folder = normalizePrefix(prefix);
  return folder === '' ? `s3://${bucket}` : `s3://${bucket}/${folder}/`;
}

/** The setup script: connection, stage, a LIST check and an optional sample SELECT. */
export function setupSql(input: SetupSqlInput): string {
  const connection = input.connectionName.trim();
  const stage = input.stageName.trim();
  const bucket = input.bucket.trim();
  const roleArn = input.roleArn.trim();
  const externalId = input.externalId.trim();
  const region = input.region?.trim() ?? '';
  const testFile = (input.testFile ?? '').trim().replace(/^\/+/, '');
  assertValid(validateIdentifier(connection, 'connection name'), 'Connection name');
  assertValid(validateIdentifier(stage, 'stage name'), 'Stage name');
  assertValid(validateBucketName(bucket), 'S3 bucket');
  assertValid(validatePrefix(input.prefix ?? ''), 'Path prefix');
  assertValid(validateRoleArn(roleArn), 'IAM role ARN');
  assertValid(validateExternalId(externalId), 'External ID');
  assertValid(validateTestFile(testFile), 'Test file');
  if (region !== '' && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
    throw new Error(`Region: "${region}" is not an AWS region name such as us-east-2.`);
  }

  const url = stageUrl(bucket, input.prefix);
  const stageRef = `@${stage}`;
  const options = [`STORAGE_TYPE = 's3'`, `ROLE_ARN = ${quoteString(roleArn)}`, `EXTERNAL_ID = ${quoteString(externalId)}`];
  if (region !== '') {
    options.push(`REGION = ${quoteString(region)}`);
  }
  const lines = [
    `-- Databend: read ${url} through the IAM role ${roleArn}`,
    '-- Run the statements in order; running them again ends in the same state. OR REPLACE re-creates the stage too:',
    '-- a stage keeps the connection parameters it was created with. LIST may fail for a minute while IAM propagates.',
    `CREATE OR REPLACE CONNECTION ${quoteIdent(connection)} ${options.join(' ')};`,
    `CREATE OR REPLACE STAGE ${quoteIdent(stage)} URL = ${quoteString(url)} CONNECTION = (CONNECTION_NAME = ${quoteString(connection)});`,
    `LIST ${stageRef};`,
  ];
  if (testFile !== '') {
    lines.push(`SELECT * FROM ${stageRef}/${testFile} LIMIT 1;`);
  }
  return `${lines.join('\n')}\n`;
}
