// The setup as code (src/core/iac.ts): the templates hold exactly the desired state and
// the SQL. cfn-lint, python-hcl2 and a stack on moto check them in
// test/integration/iac.test.ts; here, their shape and the escaping.

import * as assert from 'node:assert/strict';
import { desiredState, DesiredInput } from '../../src/core/desired';
import { cloudFormationTemplate, hclString, iacFileName, iacRoleArn, POLICY_DESCRIPTION, terraformConfig } from '../../src/core/iac';
import { setupSql } from '../../src/core/sql';
import { GUIDE } from './guide';

const input: DesiredInput = {
  accountId: '987654321987',
  partition: 'aws',
  bucket: GUIDE.bucket,
  prefix: 'data/2024',
  access: 'read',
  databendRoleArn: GUIDE.databendRoleArn,
  externalId: GUIDE.externalId,
  roleName: 'databend-test',
  policyName: 'databend-test-access',
};
const desired = desiredState(input);
const sql = setupSql({ connectionName: 'databend_test', stageName: 'databend_test', bucket: GUIDE.bucket, prefix: 'data/2024', roleArn: iacRoleArn(desired), externalId: GUIDE.externalId, region: 'us-east-2' });

interface Template {
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  Outputs: Record<string, { Value: unknown }>;
}

describe('CloudFormation template', () => {
  const template = JSON.parse(cloudFormationTemplate(desired, sql)) as Template;
  const role = template.Resources.DatabendRole;
  const policy = template.Resources.DatabendPolicy;

  it('creates the role with the desired name, description, trust policy and tags', () => {
    assert.equal(role.Type, 'AWS::IAM::Role');
    assert.deepEqual(role.Properties, {
      RoleName: 'databend-test',
      Description: desired.roleDescription,
      AssumeRolePolicyDocument: desired.trustPolicy,
      // The same tags Create in AWS puts on the role (managed, bucket, location).
      Tags: Object.entries(desired.tags).map(([Key, Value]) => ({ Key, Value })),
    });
  });

  it('creates the managed policy with the desired document, attached to the role', () => {
    assert.equal(policy.Type, 'AWS::IAM::ManagedPolicy');
    assert.deepEqual(policy.Properties, {
      ManagedPolicyName: 'databend-test-access',
      Description: POLICY_DESCRIPTION,
      PolicyDocument: desired.permissionPolicy,
      Roles: [{ Ref: 'DatabendRole' }],
    });
  });

  it('outputs the SQL naming the role the stack creates', () => {
    const value = (template.Outputs.DatabendSql.Value as { 'Fn::Sub': string })['Fn::Sub'];
    assert.equal(value, sql.split('arn:aws:iam::987654321987:role/databend-test').join('${DatabendRole.Arn}'));
    assert.match(value, /ROLE_ARN = '\$\{DatabendRole\.Arn\}' EXTERNAL_ID = 'my-external-id-123' REGION = 'us-east-2';/);
    assert.deepEqual(template.Outputs.RoleArn.Value, { 'Fn::GetAtt': ['DatabendRole', 'Arn'] });
    assert.deepEqual(template.Outputs.PolicyArn.Value, { Ref: 'DatabendPolicy' });
  });

  it('keeps a "${" of the SQL literal (Fn::Sub would read it as a reference)', () => {
    const value = JSON.parse(cloudFormationTemplate(desired, "SELECT '${x}';\n")).Outputs.DatabendSql.Value['Fn::Sub'];
    assert.equal(value, "SELECT '${!x}';\n");
  });

  it('writes a path and a permissions boundary when the desired state has them', () => {
    const boundary = 'arn:aws:iam::987654321987:policy/org-boundary';
    const withBoth = { ...desired, path: '/databend/', permissionsBoundary: boundary };
    const t = JSON.parse(cloudFormationTemplate(withBoth, sql)) as Template;
    assert.equal(t.Resources.DatabendRole.Properties.Path, '/databend/');
    assert.equal(t.Resources.DatabendRole.Properties.PermissionsBoundary, boundary);
    // The path is the role's: "Create in AWS" makes the policy under "/", and so does the template.
    assert.equal(t.Resources.DatabendPolicy.Properties.Path, undefined);
    assert.equal(iacRoleArn(withBoth), 'arn:aws:iam::987654321987:role/databend/databend-test');
    assert.equal(role.Properties.Path, undefined, 'no Path without one');
  });
});

describe('Terraform configuration', () => {
  const config = terraformConfig(desired, sql);

  it('declares the policy, the role and the attachment, with the documents verbatim in heredocs', () => {
    assert.match(config, /resource "aws_iam_policy" "databend" \{\n {2}name {8}= "databend-test-access"\n/);
    assert.ok(config.includes(`policy = <<EOT\n${JSON.stringify(desired.permissionPolicy, null, 2)}\nEOT\n`));
    assert.ok(config.includes(`assume_role_policy = <<EOT\n${JSON.stringify(desired.trustPolicy, null, 2)}\nEOT\n`));
    assert.match(config, /resource "aws_iam_role_policy_attachment" "databend" \{\n {2}role {7}= aws_iam_role\.databend\.name\n {2}policy_arn = aws_iam_policy\.databend\.arn\n\}/);
    assert.match(config, /"databend-iam-role:managed" += "true"/);
    assert.doesNotMatch(config, /permissions_boundary|path /);
  });

  it('outputs the SQL naming the role it creates', () => {
    assert.ok(config.includes(`value = <<EOT\n${sql.split(iacRoleArn(desired)).join('${aws_iam_role.databend.arn}')}EOT\n}`));
  });

  it('escapes strings and template sequences as HCL reads them', () => {
    assert.equal(hclString('a "q" \\ ${x} %{y}\n'), '"a \\"q\\" \\\\ $${x} %%{y}\\n"');
  });

  it('picks a heredoc marker that no line of the text equals', () => {
    const tricky = terraformConfig(desired, 'SELECT 1;\nEOT\n');
    assert.match(tricky, /value = <<EOT1\nSELECT 1;\nEOT\nEOT1\n/);
  });

  it('writes a path and a permissions boundary when the desired state has them', () => {
    const t = terraformConfig({ ...desired, path: '/databend/', permissionsBoundary: 'arn:aws:iam::987654321987:policy/b' }, sql);
    assert.match(t, /permissions_boundary = "arn:aws:iam::987654321987:policy\/b"/);
    assert.equal(t.match(/ {2}path +=/g)?.length, 1, 'the role has the path, the policy not');
  });
});

describe('template file names', () => {
  it('name the role and the format', () => {
    assert.equal(iacFileName(desired, 'cloudformation'), 'databend-test.cloudformation.json');
    assert.equal(iacFileName(desired, 'terraform'), 'databend-test.tf');
  });
});
