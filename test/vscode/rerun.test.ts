// Running "Create IAM Role for Databend…" again never rotates the external ID by surprise:
// the question offers the role's own ID, and another one is applied only after a
// confirmation that says what it breaks. On moto.
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { externalIdOf } from '../../src/core/policies';
import { Commands } from '../../src/ui/ids';
import { ENTER } from '../build/scriptedDialogs';
import { MOTO_ENDPOINT, ROLE, answer, api, cleanSlate, emptyMotoWithBucket, expectScriptUsed, roleAnswers } from './helpers';

const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };

describe('Create IAM Role again (on moto)', function () {
  this.timeout(60_000);
  const iam = new IAMClient({ endpoint: MOTO_ENDPOINT, region: 'us-east-1', credentials });
  const trustedId = async () => externalIdOf(JSON.parse(decodeURIComponent((await iam.send(new GetRoleCommand({ RoleName: ROLE }))).Role?.AssumeRolePolicyDocument ?? '{}')));

  beforeEach(async () => {
    await cleanSlate();
    await emptyMotoWithBucket();
    // The first run: a role trusting the external ID first-id-111.
    await answer(...roleAnswers('first-id-111'), { question: /Apply 3 changes/, answer: 'Apply' });
    assert.ok(await vscode.commands.executeCommand(Commands.createRole));
    assert.equal(await trustedId(), 'first-id-111');
    (await api()).dialogs.reset();
  });

  afterEach(async () => {
    await expectScriptUsed();
    await cleanSlate();
  });

  after(() => iam.destroy());

  it('offers the role\'s own external ID, and pressing Enter changes nothing', async () => {
    const script = roleAnswers();
    script[7] = { question: /External ID: kept from the existing role databend-vscode-bucket/, answer: ENTER };
    await answer(...script);
    const outcome = await vscode.commands.executeCommand<{ steps: string[]; externalId: string }>(Commands.createRole);
    assert.deepEqual(outcome?.steps, []);
    assert.equal(outcome?.externalId, 'first-id-111');
    assert.equal(await trustedId(), 'first-id-111');
    assert.match(vscode.window.activeTextEditor?.document.getText() ?? '', /EXTERNAL_ID = 'first-id-111'/);
  });

  it('another external ID asks first; Keep Current ID leaves the trust policy and writes the SQL with the current ID', async () => {
    await answer(...roleAnswers('second-id-222'), { question: /already trusts Databend under the external ID …111\. Rotate it to …222\?/, answer: 'Keep Current ID' });
    const outcome = await vscode.commands.executeCommand<{ steps: string[] }>(Commands.createRole);
    assert.deepEqual(outcome?.steps, []);
    assert.equal(await trustedId(), 'first-id-111');
    assert.match(vscode.window.activeTextEditor?.document.getText() ?? '', /EXTERNAL_ID = 'first-id-111'/);
  });

  it('Rotate External ID rotates, after a confirmation naming the connection and the stage it breaks', async () => {
    await answer(
      ...roleAnswers('second-id-222'),
      { question: /Rotate it to …222\?/, answer: 'Rotate External ID' },
      { question: /Apply 1 change in AWS account/, answer: 'Apply' },
    );
    const outcome = await vscode.commands.executeCommand<{ steps: string[] }>(Commands.createRole);
    assert.equal(outcome?.steps.length, 1);
    assert.match(outcome?.steps[0] ?? '', /rotating its external ID \(…111 → …222\)/);
    assert.equal(await trustedId(), 'second-id-222');
    const dialog = (await api()).dialogs.shown.find((s) => s.modal && /Rotate it to/.test(s.text));
    assert.match(dialog?.detail ?? '', /the Databend connection vscode_bucket__data and the stage vscode_bucket__data/);
    assert.match(dialog?.detail ?? '', /until the connection is replaced and each stage re-created/);
  });

  it('dismissing the rotation question changes nothing', async () => {
    await answer(...roleAnswers('second-id-222'), { question: /Rotate it to …222\?/, answer: undefined });
    assert.equal(await vscode.commands.executeCommand(Commands.createRole), undefined);
    assert.equal(await trustedId(), 'first-id-111');
  });
});
