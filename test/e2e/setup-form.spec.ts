import { CreatePolicyCommand, CreateRoleCommand, GetRoleCommand, IAMClient, ListPoliciesCommand, ListRolesCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import * as assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { MOTO_CREDENTIALS } from '../support/moto';
import { localServices, ui, UI_DATABEND_PASSWORD } from './fixtures';

const DATABEND_ROLE = 'arn:aws:iam::123456789012:role/xxxxxxx/tnabcdefg/xxxxxxx-tnabcdefg';

describe('Set Up S3 Access form, as a user', () => {
  let iam: IAMClient;

  // Each spec: an empty moto with the bucket, the login, and a form of its own.
  beforeEach(async () => {
    const { moto, databend } = localServices();
    await moto.reset();
    iam = new IAMClient({ endpoint: moto.endpoint, region: 'us-east-1', credentials: MOTO_CREDENTIALS });
    const s3 = new S3Client({ endpoint: moto.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: MOTO_CREDENTIALS });
    await s3.send(new CreateBucketCommand({ Bucket: 'form-bucket' }));
    s3.destroy();
    await ui().ensureLogin('local', databend.port, UI_DATABEND_PASSWORD);
    await openForm();
  });

  afterEach(async () => {
    iam.destroy();
    await ui().closeAllEditorsWithoutSaving();
  });

  let frame: Frame;
  const form = () => frame;

  async function openForm(): Promise<void> {
    const wb = ui();
    await wb.runCommand('Databend: Set Up S3 Access with an IAM Role');
    frame = await wb.webviewFrame('#field-bucket');
    await form().getByLabel('S3 bucket', { exact: true }).waitFor({ timeout: 30_000 });
    await form().locator('#identity', { hasText: 'Account 123456789012' }).waitFor({ timeout: 30_000 });
  }

  async function fill(label: string, value: string) {
    await form().getByLabel(label, { exact: true }).fill(value);
  }

  it('refuses bad input inline, with the buttons disabled and nothing sent to AWS', async () => {
    const wb = ui();
    await form().locator('#identity', { hasText: 'Account 123456789012' }).waitFor({ timeout: 30_000 });
    await wb.screenshot('form-empty');
    await fill('Databend role ARN', 'arn:aws:iam::12345:role/x');
    await fill('S3 bucket', 'Bad_Bucket');
    await fill('External ID', 'x');
    await wb.screenshot('form-with-errors');
    assert.match(await form().locator('#field-bucket-error').innerText(), /lower case/);
    assert.match(await form().locator('#field-databendRoleArn-error').innerText(), /12 digits/);
    assert.match(await form().locator('#field-externalId-error').innerText(), /at least 2/);
    for (const button of ['Preview plan', 'Create in AWS', 'Generate SQL only', 'Export as CloudFormation', 'Export as Terraform']) {
      assert.equal(await form().getByRole('button', { name: button }).isDisabled(), true, button);
    }
    assert.equal((await iam.send(new ListRolesCommand({}))).Roles?.length, 0);
    assert.equal((await iam.send(new ListPoliciesCommand({ Scope: 'Local' }))).Policies?.length, 0);
  });

  it('creates the role from the form, opens the SQL, and Run All shows the stage in the tree', async () => {
    const wb = ui();
    await fill('Databend role ARN', DATABEND_ROLE);
    await fill('S3 bucket', 'form-bucket');
    await fill('Path prefix', 'data');
    await fill('External ID', 'form-external-id-42');
    // The form remembers the last inputs (of any earlier spec too): clear the optional ones.
    await fill('KMS key ARN', '');
    await fill('Test file', '');
    await form().getByLabel('Databend login', { exact: true }).selectOption({ label: 'local' });
    assert.equal(await form().getByLabel('IAM role name', { exact: true }).inputValue(), 'databend-form-bucket_data', 'names follow the bucket');
    assert.equal(await form().getByLabel('Stage name', { exact: true }).inputValue(), 'form_bucket__data');
    assert.match(await form().locator('#trust-preview').innerText(), /"sts:ExternalId": "form-external-id-42"/);
    await wb.screenshot('form-filled');

    await form().getByRole('button', { name: 'Preview plan' }).click();
    await form().locator('#outcome.ok', { hasText: '3 change(s)' }).waitFor({ timeout: 30_000 });
    assert.equal((await iam.send(new ListRolesCommand({}))).Roles?.length, 0, 'preview changes nothing');
    // Access Analyzer after the offline checks: moto lacks it, so "not checked", and Create stays allowed.
    assert.match(await form().locator('#outcome').innerText(), /✓ Nothing outside the bucket[\s\S]*Access Analyzer \(ValidatePolicy\): not checked\s+IAM Access Analyzer did not answer at http:\/\/127\.0\.0\.1:\d+/);

    await form().getByRole('button', { name: 'Create in AWS' }).click();
    await form().locator('#outcome.ok', { hasText: 'Created in account 123456789012' }).waitFor({ timeout: 30_000 });
    await wb.screenshot('form-after-creation');
    const role = (await iam.send(new GetRoleCommand({ RoleName: 'databend-form-bucket_data' }))).Role!;
    assert.match(decodeURIComponent(role.AssumeRolePolicyDocument ?? ''), /form-external-id-42/);
    assert.equal((await iam.send(new ListPoliciesCommand({ Scope: 'Local' }))).Policies?.[0]?.PolicyName, 'databend-form-bucket_data-access');

    // The SQL opens beside the form, named for the stage; the form keeps the focus.
    assert.deepEqual(await wb.tabsByGroup(), [['Set Up S3 Access'], ['setup-form_bucket__data.sql']]);
    await wb.page.locator('.tabs-container .tab', { hasText: 'setup-form_bucket__data.sql' }).click();
    const sql = await wb.editorText();
    assert.ok(sql.includes(`ROLE_ARN = '${role.Arn}' EXTERNAL_ID = 'form-external-id-42'`), sql);
    await wb.screenshot('sql-editor');
    const runAll = wb.page.locator('.codelens-decoration a', { hasText: 'Run All' }).first();
    await runAll.waitFor({ state: 'visible', timeout: 30_000 });
    await runAll.click();
    // The connection, the stage, then LIST through the role: the engine assumes it on moto behind the TLS proxy.
    await wb.page.locator('.statusbar-item', { hasText: 'ran 3 statements on local' }).first().waitFor({ timeout: 90_000 });
    await wb.openDatabendView();
    await wb.runCommand('Databend: Refresh');
    await wb.expand('local');
    await wb.expand('Stages');
    await wb.treeItem('form_bucket__data').waitFor({ state: 'visible', timeout: 30_000 });
    await wb.screenshot('tree-with-new-stage');

    // A second Create in AWS with the same values changes nothing.
    await wb.page.locator('.tabs-container .tab', { hasText: 'Set Up S3 Access' }).click();
    await form().getByRole('button', { name: 'Create in AWS' }).waitFor({ state: 'visible', timeout: 15_000 });
    await form().getByRole('button', { name: 'Create in AWS' }).click();
    await form().locator('#outcome.ok', { hasText: 'Nothing to change' }).waitFor({ timeout: 30_000 });
    await wb.screenshot('second-create');
    assert.equal((await iam.send(new ListRolesCommand({}))).Roles?.length, 1);
  });

  it('Export as CloudFormation opens the template of the form\'s values beside it; nothing changes in AWS', async () => {
    const wb = ui();
    await fill('Databend role ARN', DATABEND_ROLE);
    await fill('S3 bucket', 'form-bucket');
    await fill('Path prefix', '');
    await fill('KMS key ARN', '');
    await fill('Test file', '');
    await fill('IAM role name', 'exported-role-7');
    await fill('External ID', 'export-external-id-7');
    await form().getByRole('button', { name: 'Export as CloudFormation' }).click();
    await form().locator('#outcome.ok', { hasText: 'Opened exported-role-7.cloudformation.json beside the form' }).waitFor({ timeout: 30_000 });
    await wb.screenshot('exported-cloudformation');
    assert.deepEqual(await wb.tabsByGroup(), [['Set Up S3 Access'], ['exported-role-7.cloudformation.json']]);
    await wb.page.locator('.tabs-container .tab', { hasText: 'exported-role-7.cloudformation.json' }).click();
    const template = await wb.editorText();
    assert.match(template, /"RoleName": "exported-role-7"/);
    assert.match(template, /export-external-id-7/);
    assert.equal((await iam.send(new ListRolesCommand({}))).Roles?.length, 0, 'an export changes nothing');
    assert.equal((await iam.send(new ListPoliciesCommand({ Scope: 'Local' }))).Policies?.length, 0);

    // The same validation as Create: an invalid field keeps the export buttons disabled.
    await wb.page.locator('.tabs-container .tab', { hasText: 'Set Up S3 Access' }).click();
    await fill('S3 bucket', 'Bad_Bucket');
    for (const button of ['Export as CloudFormation', 'Export as Terraform']) {
      assert.equal(await form().getByRole('button', { name: button }).isDisabled(), true, button);
    }
  });

  it('Generate SQL only opens named documents in one column beside the form; they close without a save prompt', async () => {
    const wb = ui();
    await fill('Databend role ARN', DATABEND_ROLE);
    await fill('S3 bucket', 'form-bucket');
    await fill('Path prefix', '');
    await fill('KMS key ARN', '');
    await fill('Test file', '');
    const expected = [['Set Up S3 Access'], ['permission-policy-databend-form-bucket-access.json', 'trust-policy-databend-form-bucket.json', 'setup-form_bucket.sql']];
    // Twice: the second run shows the same three tabs again instead of adding more, or a column.
    for (let run = 1; run <= 2; run++) {
      await wb.page.locator('.tabs-container .tab', { hasText: 'Set Up S3 Access' }).click();
      await form().getByRole('button', { name: 'Generate SQL only' }).click();
      await form().locator('#outcome.ok', { hasText: 'Opened the permission policy' }).waitFor({ timeout: 30_000 });
      assert.deepEqual(await wb.tabsByGroup(), expected, `run ${run}`);
    }
    await wb.screenshot('generated-documents');
    await wb.page.locator('.tabs-container .tab', { hasText: 'trust-policy-databend-form-bucket.json' }).click();
    assert.match(await wb.editorText(), /"sts:ExternalId"/);

    // An editable copy is an untitled document of the same name, dirty as any edited text.
    await wb.runCommand('Databend: Open as Editable Copy');
    await wb.page.locator('.tabs-container .tab.active.dirty', { hasText: 'trust-policy-databend-form-bucket.json' }).waitFor({ timeout: 15_000 });
    await wb.runCommand('View: Revert and Close Editor');

    await wb.runCommand('View: Close All Editors');
    await wb.page.locator('.tabs-container .tab').first().waitFor({ state: 'detached', timeout: 15_000 });
    assert.equal(await wb.page.locator('.monaco-dialog-box').count(), 0, 'no save prompt');
  });

  it('Organization requirements: a permissions boundary, a role path and tags go into the role, and the path cannot move later', async () => {
    const wb = ui();
    // The organization's boundary, made by its administrator: planning checks that it exists.
    const boundary = 'arn:aws:iam::123456789012:policy/OrgBoundary';
    await iam.send(new CreatePolicyCommand({ PolicyName: 'OrgBoundary', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }) }));
    await fill('Databend role ARN', DATABEND_ROLE);
    await fill('S3 bucket', 'form-bucket');
    await fill('Path prefix', 'org');
    await fill('External ID', 'form-external-id-43');
    await fill('KMS key ARN', '');
    await fill('Test file', '');
    // The group opens by itself when a remembered value is in it; else the user opens it.
    if ((await form().locator('#organization').getAttribute('open')) === null) await form().locator('summary', { hasText: 'Organization requirements' }).click();
    await fill('Role path', 'databend');
    assert.equal(await form().locator('#field-rolePath-error').innerText(), 'A role path starts and ends with "/", for example /databend/.');
    await fill('Tags', 'team=data, Team=x');
    assert.match(await form().locator('#field-roleTags-error').innerText(), /given twice/);
    assert.equal(await form().getByRole('button', { name: 'Create in AWS' }).isDisabled(), true);
    await fill('Role path', '/databend/');
    await fill('Tags', 'team=data, cost-center=1234');
    await fill('Permissions boundary', boundary);
    assert.match(await form().locator('#sql-preview').innerText(), /ROLE_ARN = 'arn:aws:iam::\d{12}:role\/databend\/databend-form-bucket_org'/);
    await wb.screenshot('form-organization-requirements');

    await form().getByRole('button', { name: 'Preview plan' }).click();
    await form().locator('#outcome.ok', { hasText: '3 change(s)' }).waitFor({ timeout: 30_000 });
    assert.match(
      await form().locator('#outcome').innerText(),
      /Create the IAM role databend-form-bucket_org under the path \/databend\/, trusted by Databend under the external ID; permissions boundary arn:aws:iam::123456789012:policy\/OrgBoundary; tags team=data, cost-center=1234/,
    );

    await form().getByRole('button', { name: 'Create in AWS' }).click();
    await form().locator('#outcome.ok', { hasText: 'Created in account 123456789012' }).waitFor({ timeout: 30_000 });
    const role = (await iam.send(new GetRoleCommand({ RoleName: 'databend-form-bucket_org' }))).Role!;
    assert.equal(role.Path, '/databend/');
    assert.equal(role.PermissionsBoundary?.PermissionsBoundaryArn, boundary);
    assert.equal(role.Arn, 'arn:aws:iam::123456789012:role/databend/databend-form-bucket_org');
    const tags = Object.fromEntries((role.Tags ?? []).map((t) => [t.Key, t.Value]));
    assert.deepEqual([tags.team, tags['cost-center']], ['data', '1234']);

    // Emptied, the path would move the role to "/": refused in the form, nothing changes.
    await wb.page.locator('.tabs-container .tab', { hasText: 'Set Up S3 Access' }).click();
    await fill('Role path', '');
    await fill('Tags', '');
    await fill('Permissions boundary', '');
    await form().getByRole('button', { name: 'Preview plan' }).click();
    await form().locator('#outcome.error', { hasText: "IAM cannot change a role's path" }).waitFor({ timeout: 30_000 });
    await wb.screenshot('form-role-path-refused');
    assert.equal((await iam.send(new GetRoleCommand({ RoleName: 'databend-form-bucket_org' }))).Role?.PermissionsBoundary?.PermissionsBoundaryArn, boundary);
  });

  it('another role name that exists refills its path and boundary over what was typed, and Run and Verify refuses another path', async () => {
    // A role an administrator made under /databend/, with the bucket's default name.
    await iam.send(new CreateRoleCommand({ RoleName: 'databend-form-bucket', Path: '/databend/', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: DATABEND_ROLE }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'form-external-id-44' } } }] }) }));
    await fill('Databend role ARN', DATABEND_ROLE);
    await fill('S3 bucket', 'form-bucket');
    await fill('Path prefix', 'data/2024');
    if ((await form().locator('#organization').getAttribute('open')) === null) await form().locator('summary', { hasText: 'Organization requirements' }).click();
    // The profile signs in to the aws partition: a boundary from aws-cn is flagged as it is typed.
    await fill('Permissions boundary', 'arn:aws-cn:iam::123456789012:policy/X');
    assert.match(await form().locator('#field-permissionsBoundary-error').innerText(), /must be a policy in the aws partition .*the ARN is in aws-cn/);
    await fill('Permissions boundary', '');
    await fill('Role path', '/teams/data/');
    // The prefix cleared: the role name follows it to the existing role, whose path comes back.
    await fill('Path prefix', '');
    await waitForValue('#field-rolePath', '/databend/');
    // Typed again for this role: kept, and Run and Verify refuses it as Preview does, before Databend.
    await fill('Role path', '/teams/data/');
    await form().getByLabel('Databend login', { exact: true }).selectOption({ label: 'local' });
    await form().getByRole('button', { name: 'Run and Verify' }).click();
    await form().locator('#outcome.error', { hasText: "already exists under the path /databend/, and IAM cannot change a role's path" }).waitFor({ timeout: 30_000 });
  });

  async function waitForValue(selector: string, value: string) {
    for (let i = 0; i < 100; i++) {
      if ((await form().locator(selector).inputValue()) === value) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(await form().locator(selector).inputValue(), value);
  }
});
