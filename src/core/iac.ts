// The setup as code: the desired state the extension would apply (desired.ts) written as
// a CloudFormation template or a Terraform configuration, for teams whose AWS changes go
// through review. Same names, documents, description and tags as "Create in AWS"; the
// Databend SQL is an output that names the role the stack creates. Pure: text in, text out.
//
// Sources: AWS CloudFormation User Guide, AWS::IAM::Role and AWS::IAM::ManagedPolicy
// (ManagedPolicy has no Tags property, so the policy of a stack carries none; Ref of a
// ManagedPolicy is its ARN; Fn::Sub writes "${!x}" for a literal "${x}"); Terraform AWS
// provider, aws_iam_role, aws_iam_policy, aws_iam_role_policy_attachment; HCL native
// syntax (quoted strings escape \ " \n \r \t, templates escape "${" as "$${" and "%{" as
// "%%{"; a heredoc's text is literal up to a line holding only its marker).
//
// No l10n.t here: everything this file writes is the generated code, stays English, and is
// the same whatever VS Code's display language. Its descriptions are stored in AWS next to
// the role's own (desired.ts) and its comments go through a team's review: a template that
// changed with the editor's language would differ between two people and update the stack.

import type { DesiredState } from './plan';
import { policyJson } from './policies';

/** The description src/aws/provision.ts gives every policy it creates. */
export const POLICY_DESCRIPTION = 'Created by Databend IAM Role for S3';

/**
 * The desired state; what organizations may require of a role (its path, its permissions
 * boundary, tags) is in it, and the templates write each one that is present. The path is
 * the role's only: "Create in AWS" makes the policy under "/", and so do the templates.
 */
export type IacDesired = DesiredState;

export type IacFormat = 'cloudformation' | 'terraform';

/** Logical names in the templates. */
const CFN_ROLE = 'DatabendRole';
const CFN_POLICY = 'DatabendPolicy';
const TF_NAME = 'databend';

function iamPath(desired: IacDesired): string | undefined {
  const path = desired.path?.trim();
  return path && path !== '/' ? path : undefined;
}

/** The ARN the role gets in the desired account: what the setup SQL passed to the templates must name. */
export function iacRoleArn(desired: IacDesired): string {
  return `arn:${desired.partition}:iam::${desired.accountId}:role${iamPath(desired) ?? '/'}${desired.roleName}`;
}

/** The file name a user saves the template under: the role's name and the format's extension. */
export function iacFileName(desired: Pick<DesiredState, 'roleName'>, format: IacFormat): string {
  return format === 'cloudformation' ? `${desired.roleName}.cloudformation.json` : `${desired.roleName}.tf`;
}

function summary(desired: IacDesired): string {
  return `The IAM role ${desired.roleName} and policy ${desired.policyName} for Databend Cloud, as "Create in AWS" of Databend IAM Role for S3 makes them.`;
}

/**
 * A CloudFormation template (JSON) that creates the policy, the role (trusting Databend's
 * role under the external ID) and the attachment, with outputs RoleArn, PolicyArn and
 * DatabendSql. `sql` is the setup SQL written for iacRoleArn(desired); that ARN becomes a
 * reference to the role the stack creates. Creating the stack needs CAPABILITY_NAMED_IAM
 * (the names are fixed, as the extension's are).
 */
export function cloudFormationTemplate(desired: IacDesired, sql: string): string {
  const path = iamPath(desired);
  const role: Record<string, unknown> = {
    RoleName: desired.roleName,
    Description: desired.roleDescription,
    AssumeRolePolicyDocument: desired.trustPolicy,
    ...(path && { Path: path }),
    ...(desired.permissionsBoundary && { PermissionsBoundary: desired.permissionsBoundary }),
    Tags: Object.entries(desired.tags).map(([Key, Value]) => ({ Key, Value })),
  };
  const policy: Record<string, unknown> = {
    ManagedPolicyName: desired.policyName,
    Description: POLICY_DESCRIPTION,
    PolicyDocument: desired.permissionPolicy,
    Roles: [{ Ref: CFN_ROLE }],
  };
  // "${" in the SQL must stay literal inside Fn::Sub; then the role's ARN becomes a reference.
  const sqlValue = sql.replaceAll('${', '${!').split(iacRoleArn(desired)).join(`\${${CFN_ROLE}.Arn}`);
  const template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `${summary(desired)} Create the stack with CAPABILITY_NAMED_IAM, then run the output DatabendSql in Databend.`,
    Resources: {
      [CFN_ROLE]: { Type: 'AWS::IAM::Role', Properties: role },
      [CFN_POLICY]: { Type: 'AWS::IAM::ManagedPolicy', Properties: policy },
    },
    Outputs: {
      RoleArn: { Description: 'The role Databend assumes: ROLE_ARN of the Databend connection.', Value: { 'Fn::GetAtt': [CFN_ROLE, 'Arn'] } },
      PolicyArn: { Description: 'The permission policy attached to the role.', Value: { Ref: CFN_POLICY } },
      DatabendSql: { Description: 'The Databend SQL for the connection and its stages: run it in Databend once the stack exists.', Value: { 'Fn::Sub': sqlValue } },
    },
  };
  return `${JSON.stringify(template, null, 2)}\n`;
}

const HCL_ESCAPES: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** HCL template sequences made literal: "${" → "$${", "%{" → "%%{". */
function literalTemplate(text: string): string {
  return text.replace(/([$%])\{/g, '$1$1{');
}

/** An HCL quoted string that reads back as exactly `value`. */
export function hclString(value: string): string {
  return `"${literalTemplate(value.replace(/[\\"\n\r\t]/g, (c) => HCL_ESCAPES[c]))}"`;
}

/**
 * An HCL heredoc whose text is `text` (which must end with a newline). Its `${`/`%{` are
 * made literal unless `template` is true; the marker is one no line of the text equals.
 */
function heredoc(text: string, template = false): string {
  const lines = new Set(text.split('\n').map((l) => l.trim()));
  let marker = 'EOT';
  for (let n = 1; lines.has(marker); n++) marker = `EOT${n}`;
  return `<<${marker}\n${template ? text : literalTemplate(text)}${marker}`;
}

function hclMap(entries: Record<string, string>, indent: string): string {
  const width = Math.max(...Object.keys(entries).map((k) => hclString(k).length));
  const rows = Object.entries(entries).map(([k, v]) => `${indent}  ${hclString(k).padEnd(width)} = ${hclString(v)}`);
  return `{\n${rows.join('\n')}\n${indent}}`;
}

/** Attribute lines `name = value`, the single-line ones aligned on `=`; absent values left out. */
function attributes(pairs: [string, string | undefined][], indent = '  '): string {
  const present = pairs.filter((p): p is [string, string] => p[1] !== undefined);
  const width = Math.max(...present.map(([k]) => k.length));
  return present.map(([k, v]) => `${indent}${k.padEnd(v.includes('\n') ? k.length : width)} = ${v}`).join('\n');
}

/**
 * A Terraform configuration (HCL) for the AWS provider: aws_iam_policy, aws_iam_role and
 * aws_iam_role_policy_attachment, each named "databend", with outputs role_arn, policy_arn
 * and databend_sql. The documents are the extension's JSON, verbatim, in heredocs. `sql`
 * is the setup SQL written for iacRoleArn(desired); that ARN becomes a reference to the role.
 */
export function terraformConfig(desired: IacDesired, sql: string): string {
  const path = iamPath(desired);
  const sqlText = literalTemplate(sql).split(iacRoleArn(desired)).join(`\${aws_iam_role.${TF_NAME}.arn}`);
  return [
    `# ${summary(desired)}`,
    '# terraform init && terraform apply, then run the output databend_sql in Databend',
    '# (terraform output -raw databend_sql).',
    '',
    'terraform {',
    '  required_providers {',
    '    aws = {',
    '      source  = "hashicorp/aws"',
    '      version = ">= 4.0"',
    '    }',
    '  }',
    '}',
    '',
    `resource "aws_iam_policy" "${TF_NAME}" {`,
    attributes([
      ['name', hclString(desired.policyName)],
      ['description', hclString(POLICY_DESCRIPTION)],
      ['policy', heredoc(`${policyJson(desired.permissionPolicy, true)}\n`)],
      ['tags', hclMap(desired.tags, '  ')],
    ]),
    '}',
    '',
    `resource "aws_iam_role" "${TF_NAME}" {`,
    attributes([
      ['name', hclString(desired.roleName)],
      ['path', path && hclString(path)],
      ['description', hclString(desired.roleDescription)],
      ['permissions_boundary', desired.permissionsBoundary && hclString(desired.permissionsBoundary)],
      ['assume_role_policy', heredoc(`${policyJson(desired.trustPolicy, true)}\n`)],
      ['tags', hclMap(desired.tags, '  ')],
    ]),
    '}',
    '',
    `resource "aws_iam_role_policy_attachment" "${TF_NAME}" {`,
    attributes([
      ['role', `aws_iam_role.${TF_NAME}.name`],
      ['policy_arn', `aws_iam_policy.${TF_NAME}.arn`],
    ]),
    '}',
    '',
    'output "role_arn" {',
    attributes([
      ['description', hclString('The role Databend assumes: ROLE_ARN of the Databend connection.')],
      ['value', `aws_iam_role.${TF_NAME}.arn`],
    ]),
    '}',
    '',
    'output "policy_arn" {',
    attributes([
      ['description', hclString('The permission policy attached to the role.')],
      ['value', `aws_iam_policy.${TF_NAME}.arn`],
    ]),
    '}',
    '',
    'output "databend_sql" {',
    attributes([
      ['description', hclString('The Databend SQL for the connection and its stages: run it in Databend once the role exists.')],
      ['value', heredoc(sqlText.endsWith('\n') ? sqlText : `${sqlText}\n`, true)],
    ]),
    '}',
    '',
  ].join('\n');
}

/** The template in `format`. */
export function iacTemplate(format: IacFormat, desired: IacDesired, sql: string): string {
  return format === 'cloudformation' ? cloudFormationTemplate(desired, sql) : terraformConfig(desired, sql);
}
