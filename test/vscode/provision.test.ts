// databendIam.provision and databendIam.teardown end to end in the extension host, on moto.
import { GetRoleCommand, IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands } from '../../src/ui/ids';
import { closeAllEditorsWithoutSaving } from './helpers';

const endpoint = process.env.DATABEND_IAM_TEST_MOTO ?? '';
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };

describe('Provision IAM Role (on moto)', function () {
  this.timeout(60_000);
  const iam = new IAMClient({ endpoint, region: 'us-east-1', credentials });

  before(async () => {
    assert.ok(endpoint, 'the launcher passes the moto endpoint');
    await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
    const s3 = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
    await s3.send(new CreateBucketCommand({ Bucket: 'vscode-bucket' }));
    s3.destroy();
  });

  after(async () => {
    iam.destroy();
    await closeAllEditorsWithoutSaving();
  });

  const answers = {
    profile: 'moto',
    bucket: 'vscode-bucket',
    prefix: 'data',
    access: 'read',
    databendRoleArn: 'arn:aws:iam::123456789012:role/xxxxxxx/tnabcdefg/xxxxxxx-tnabcdefg',
    roleName: 'databend-vscode-bucket',
    policyName: 'databend-vscode-bucket-access',
    externalId: 'vscode-external-id-1',
    confirmPlan: true,
  };

  it('creates the role and policy and opens the SQL with the role ARN moto returned', async () => {
    const outcome = await vscode.commands.executeCommand<{ roleArn: string; steps: string[] }>(Commands.provision, answers);
    assert.ok(outcome, 'the command returns what it did');
    assert.equal(outcome.roleArn, 'arn:aws:iam::123456789012:role/databend-vscode-bucket');
    assert.equal(outcome.steps.length, 3);
    const role = (await iam.send(new GetRoleCommand({ RoleName: 'databend-vscode-bucket' }))).Role;
    assert.equal(role?.Arn, outcome.roleArn);
    const text = vscode.window.activeTextEditor?.document.getText() ?? '';
    assert.match(text, /ROLE_ARN = 'arn:aws:iam::123456789012:role\/databend-vscode-bucket' EXTERNAL_ID = 'vscode-external-id-1' REGION = 'us-east-1';/);
    assert.match(text, /URL = 's3:\/\/vscode-bucket\/data\/'/);
  });

  it('reports nothing to change on a second run', async () => {
    const outcome = await vscode.commands.executeCommand<{ steps: string[] }>(Commands.provision, answers);
    assert.deepEqual(outcome?.steps, []);
  });

  it('removes what it created', async () => {
    const result = await vscode.commands.executeCommand<{ removed: string[] }>(Commands.teardown, {
      roleArn: 'arn:aws:iam::123456789012:role/databend-vscode-bucket',
      confirmed: true,
    });
    assert.equal(result?.removed.length, 2);
    assert.equal((await iam.send(new ListRolesCommand({}))).Roles?.length, 0);
  });
});
