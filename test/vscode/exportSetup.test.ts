// "Export Setup as CloudFormation…" / "…as Terraform…" in the extension host, on moto: the
// questions of Create IAM Role, then the template of exactly what it would create, in an
// editor named for it; nothing changes in AWS. (The templates themselves are checked with
// cfn-lint, python-hcl2 and a stack on moto in test/integration/iac.test.ts.)
import { IAMClient, ListPoliciesCommand, ListRolesCommand } from '@aws-sdk/client-iam';
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { desiredState } from '../../src/core/desired';
import { cloudFormationTemplate, iacRoleArn, terraformConfig } from '../../src/core/iac';
import { deriveNames } from '../../src/core/names';
import { setupSql } from '../../src/core/sql';
import { Commands } from '../../src/ui/ids';
import type { SetupExportOutcome } from '../../src/ui/setupExport';
import { MOTO_ENDPOINT, ROLE, answer, api, cleanSlate, emptyMotoWithBucket, expectScriptUsed, roleAnswers } from './helpers';

const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const DATABEND_ROLE = 'arn:aws:iam::123456789012:role/xxxxxxx/tnabcdefg/xxxxxxx-tnabcdefg';

/** The answers of roleAnswers(), with the export's own profile question. */
const exportAnswers = () => [{ question: /AWS profile of the account the template is for/, answer: 'moto' }, ...roleAnswers('vscode-external-id-1').slice(1)];

/** What the export must write for roleAnswers(): the same desired state and SQL as Create IAM Role. */
function expected() {
  const desired = desiredState({
    accountId: '123456789012',
    partition: 'aws',
    bucket: 'vscode-bucket',
    prefix: 'data',
    access: 'read',
    databendRoleArn: DATABEND_ROLE,
    externalId: 'vscode-external-id-1',
    roleName: ROLE,
    policyName: `${ROLE}-access`,
  });
  const names = deriveNames('vscode-bucket', 'data');
  const sql = setupSql({ connectionName: names.connectionName, stageName: names.stageName, bucket: 'vscode-bucket', prefix: 'data', roleArn: iacRoleArn(desired), externalId: 'vscode-external-id-1', region: 'us-east-1' });
  return { desired, sql };
}

describe('Export Setup as CloudFormation / Terraform (on moto)', function () {
  this.timeout(60_000);
  const iam = new IAMClient({ endpoint: MOTO_ENDPOINT, region: 'us-east-1', credentials });

  beforeEach(async () => {
    await cleanSlate();
    await emptyMotoWithBucket();
  });

  afterEach(async () => {
    await expectScriptUsed();
    await cleanSlate();
  });

  after(() => iam.destroy());

  async function nothingCreated(): Promise<void> {
    assert.equal((await iam.send(new ListRolesCommand({}))).Roles?.length, 0);
    assert.equal((await iam.send(new ListPoliciesCommand({ Scope: 'Local' }))).Policies?.length, 0);
  }

  it('CloudFormation: asks what Create asks, opens the template named for the role, changes nothing', async () => {
    await answer(...exportAnswers());
    const outcome = await vscode.commands.executeCommand<SetupExportOutcome>(Commands.exportCloudFormation);
    assert.ok(outcome, 'the command returns what it opened');
    const { desired, sql } = expected();
    const document = outcome.editor.document;
    assert.equal(document.isUntitled, true);
    assert.match(document.uri.path, /\/databend-vscode-bucket\.cloudformation\.json$/);
    assert.equal(document.languageId, 'json');
    assert.equal(document.getText(), cloudFormationTemplate(desired, sql));
    assert.equal(vscode.window.activeTextEditor?.document, document);
    assert.ok(outcome.checks.every((c) => c.passed));
    assert.ok((await api()).dialogs.messages('info').some((m) => /databend-vscode-bucket\.cloudformation\.json: the CloudFormation template for the role databend-vscode-bucket in account 123456789012, every policy check passed/.test(m)));
    await nothingCreated();
  });

  it('Terraform: the configuration of the same desired state, in databend-vscode-bucket.tf', async () => {
    await answer(...exportAnswers());
    const outcome = await vscode.commands.executeCommand<SetupExportOutcome>(Commands.exportTerraform);
    assert.ok(outcome);
    const { desired, sql } = expected();
    assert.match(outcome.editor.document.uri.path, /\/databend-vscode-bucket\.tf$/);
    assert.equal(outcome.editor.document.getText(), terraformConfig(desired, sql));
    await nothingCreated();
  });

  it('exporting again replaces the text of the same editor', async () => {
    await answer(...exportAnswers());
    const first = await vscode.commands.executeCommand<SetupExportOutcome>(Commands.exportTerraform);
    await answer(...exportAnswers());
    const second = await vscode.commands.executeCommand<SetupExportOutcome>(Commands.exportTerraform);
    assert.ok(first && second);
    assert.equal(second.editor.document, first.editor.document);
    assert.equal(second.editor.document.getText(), terraformConfig(expected().desired, expected().sql));
  });
});
