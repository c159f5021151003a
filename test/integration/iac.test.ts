// The exported templates against real tools: cfn-lint validates the CloudFormation
// template, and the stack it makes on moto holds the same role and policy documents as
// "Create in AWS" (src/aws on moto, read back with GetRole / GetPolicyVersion); python-hcl2
// parses the Terraform file and its documents equal the same JSON. Tools: PyPI, pinned in
// test/support/iac/requirements.txt.

import { CreatePolicyCommand, GetPolicyCommand, GetPolicyVersionCommand, GetRoleCommand, IAMClient, ListAttachedRolePoliciesCommand } from '@aws-sdk/client-iam';
import * as assert from 'node:assert/strict';
import { SdkIamGateway } from '../../src/aws/iamGateway';
import { applyPlan, planProvisioning } from '../../src/aws/provision';
import { desiredState, DesiredInput } from '../../src/core/desired';
import { cloudFormationTemplate, iacRoleArn, POLICY_DESCRIPTION, terraformConfig } from '../../src/core/iac';
import { setupSql } from '../../src/core/sql';
import { cfnLint, deployStack, parseHcl } from '../support/iacTools';
import { MOTO_ACCOUNT } from '../support/moto';
import { inspector, motoClients } from './aws-fixtures';
import { localMoto } from './fixtures';

const DATABEND_ROLE = 'arn:aws:iam::123456789012:role/xxxxxxx/tnabcdefg/xxxxxxx-tnabcdefg';

const SHAPES: [string, DesiredInput][] = [
  [
    'read only under a prefix',
    { accountId: MOTO_ACCOUNT, partition: 'aws', bucket: 'iac-bucket', prefix: 'data/2024', access: 'read', databendRoleArn: DATABEND_ROLE, externalId: 'iac-external-id-1', roleName: 'databend-iac-bucket-data-2024', policyName: 'databend-iac-bucket-data-2024-access' },
  ],
  [
    'read-write on the whole bucket with a KMS key',
    {
      accountId: MOTO_ACCOUNT,
      partition: 'aws',
      bucket: 'iac-bucket-2',
      access: 'readwrite',
      kmsKeyArn: `arn:aws:kms:us-east-1:${MOTO_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
      databendRoleArn: DATABEND_ROLE,
      externalId: 'iac-external-id-2',
      roleName: 'databend-iac-bucket-2',
      policyName: 'databend-iac-bucket-2-access',
    },
  ],
  [
    'an organization that requires a permissions boundary, a path and tags on every role',
    {
      accountId: MOTO_ACCOUNT,
      partition: 'aws',
      bucket: 'iac-bucket-3',
      access: 'read',
      databendRoleArn: DATABEND_ROLE,
      externalId: 'iac-external-id-3',
      roleName: 'databend-iac-bucket-3',
      policyName: 'databend-iac-bucket-3-access',
      // The organization's own boundary, made by its administrator (planning checks it exists).
      permissionsBoundary: `arn:aws:iam::${MOTO_ACCOUNT}:policy/OrgBoundary`,
      rolePath: '/databend/',
      roleTags: { team: 'data', 'cost-center': '1234' },
    },
  ],
  [
    'several locations: two buckets, the second under a prefix',
    {
      accountId: MOTO_ACCOUNT,
      partition: 'aws',
      bucket: 'iac-bucket-4',
      moreLocations: [{ bucket: 'iac-archive', prefix: 'exports' }],
      access: 'readwrite',
      databendRoleArn: DATABEND_ROLE,
      externalId: 'iac-external-id-4',
      roleName: 'databend-iac-bucket-4',
      policyName: 'databend-iac-bucket-4-access',
    },
  ],
];

/** What IAM holds for the role and its policy, as GetRole / GetPolicy / GetPolicyVersion return it (documents decoded). */
async function iamHolds(look: IAMClient, roleName: string, policyName: string) {
  const role = (await look.send(new GetRoleCommand({ RoleName: roleName }))).Role!;
  const policyArn = `arn:aws:iam::${MOTO_ACCOUNT}:policy/${policyName}`;
  const policy = (await look.send(new GetPolicyCommand({ PolicyArn: policyArn }))).Policy!;
  const version = (await look.send(new GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: policy.DefaultVersionId }))).PolicyVersion!;
  const attached = (await look.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName }))).AttachedPolicies!.map((p) => p.PolicyArn);
  const decode = (raw: string) => JSON.parse(raw.startsWith('{') ? raw : decodeURIComponent(raw)) as unknown;
  const tags = (list: { Key?: string; Value?: string }[] | undefined) => Object.fromEntries((list ?? []).map((t) => [t.Key, t.Value]));
  return {
    role: {
      arn: role.Arn,
      path: role.Path,
      boundary: role.PermissionsBoundary?.PermissionsBoundaryArn,
      description: role.Description,
      trustPolicy: decode(role.AssumeRolePolicyDocument!),
      tags: tags(role.Tags),
    },
    policy: { arn: policy.Arn, path: policy.Path, description: policy.Description, document: decode(version.Document!), tags: tags(policy.Tags) },
    attached,
  };
}

/** A string as HCL reads it after the parser: template escapes undone. */
function hclText(value: unknown): string {
  assert.equal(typeof value, 'string');
  return (value as string).replaceAll('$${', '${').replaceAll('%%{', '%{');
}

describe('the setup as code', function () {
  this.timeout(180_000);
  let endpoint: string;
  let look: IAMClient;

  before(async function () {
    endpoint = (await localMoto()).endpoint;
    look = inspector(endpoint);
  });

  after(() => look.destroy());

  for (const [name, input] of SHAPES) {
    describe(name, () => {
      const desired = desiredState(input);
      const roleArn = iacRoleArn(desired);
      const sql = setupSql({
        connectionName: 'iac_stage',
        stageName: 'iac_stage',
        bucket: input.bucket,
        prefix: input.prefix,
        moreStages: input.moreLocations?.map((l, i) => ({ ...l, stageName: `iac_stage_${i + 2}` })),
        roleArn,
        externalId: input.externalId,
        region: 'us-east-1',
      });
      let created: Awaited<ReturnType<typeof iamHolds>>;

      before(async () => {
        // What "Create in AWS" makes: the plan applied through src/aws on a fresh moto.
        await (await localMoto()).reset();
        const { clients } = motoClients(endpoint);
        try {
          const gateway = new SdkIamGateway(clients.iam());
          if (input.permissionsBoundary) {
            await look.send(new CreatePolicyCommand({ PolicyName: input.permissionsBoundary.split('/').pop(), PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }) }));
          }
          const { plan } = await planProvisioning(gateway, desired);
          assert.equal((await applyPlan(gateway, plan)).roleArn, roleArn);
        } finally {
          clients.destroy();
        }
        created = await iamHolds(look, input.roleName, input.policyName);
      });

      it('CloudFormation: cfn-lint finds nothing to report', () => {
        const lint = cfnLint(cloudFormationTemplate(desired, sql));
        assert.ok(lint.ok, lint.output);
        assert.equal(lint.output.trim(), '');
      });

      it('CloudFormation: the stack on moto holds the same role, policy and documents as Create in AWS, and outputs the same SQL', async () => {
        await (await localMoto()).reset();
        const stack = deployStack(endpoint, cloudFormationTemplate(desired, sql), 'databend-iac');
        assert.equal(stack.status, 'CREATE_COMPLETE', stack.reason);
        const deployed = await iamHolds(look, input.roleName, input.policyName);
        assert.deepEqual(deployed.role, created.role);
        assert.deepEqual(deployed.attached, created.attached);
        assert.deepEqual(deployed.policy.document, created.policy.document);
        assert.deepEqual(
          { arn: deployed.policy.arn, path: deployed.policy.path, description: deployed.policy.description },
          { arn: created.policy.arn, path: created.policy.path, description: created.policy.description },
        );
        assert.equal(created.policy.description, POLICY_DESCRIPTION);
        // AWS::IAM::ManagedPolicy has no Tags: the stack's policy is the stack's, not tagged as the extension's.
        assert.deepEqual(created.policy.tags, desired.tags);
        assert.deepEqual(deployed.policy.tags, {});
        assert.deepEqual(stack.outputs, { RoleArn: created.role.arn, PolicyArn: created.policy.arn, DatabendSql: sql });
      });

      it('Terraform: python-hcl2 parses it, and its documents, names and tags equal what Create in AWS made', () => {
        const config = terraformConfig(desired, sql);
        const parsed = parseHcl(config) as { resource: Record<string, Record<string, Record<string, unknown>>>[]; output: Record<string, Record<string, unknown>>[] };
        const resource = (type: string) => parsed.resource.find((r) => r[type])?.[type].databend as Record<string, unknown>;
        const policy = resource('aws_iam_policy');
        const role = resource('aws_iam_role');
        assert.deepEqual(JSON.parse(hclText(policy.policy)), created.policy.document);
        assert.deepEqual(JSON.parse(hclText(role.assume_role_policy)), created.role.trustPolicy);
        assert.deepEqual(
          { name: role.name, description: hclText(role.description), tags: role.tags, path: role.path, boundary: role.permissions_boundary },
          { name: input.roleName, description: created.role.description, tags: created.role.tags, path: desired.path, boundary: created.role.boundary },
        );
        assert.deepEqual({ name: policy.name, description: policy.description, tags: policy.tags }, { name: input.policyName, description: created.policy.description, tags: created.policy.tags });
        assert.deepEqual(resource('aws_iam_role_policy_attachment'), { role: '${aws_iam_role.databend.name}', policy_arn: '${aws_iam_policy.databend.arn}' });
        const output = (key: string) => parsed.output.find((o) => o[key])?.[key].value;
        assert.equal(output('role_arn'), '${aws_iam_role.databend.arn}');
        // The heredoc's text, with the reference Terraform fills in with the created role's ARN.
        assert.equal(`${hclText(output('databend_sql')).replaceAll('${aws_iam_role.databend.arn}', created.role.arn!)}\n`, sql);
      });
    });
  }
});
