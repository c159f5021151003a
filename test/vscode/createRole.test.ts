// "Create IAM Role for Databend…" and "Remove IAM Role…" end to end in the extension host,
// on moto, answered as a user would.
import { CreatePolicyCommand, CreateRoleCommand, GetRoleCommand, IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ENTER } from '../build/scriptedDialogs';
import { Commands } from '../../src/ui/ids';
import { MOTO_ENDPOINT, ROLE, answer, api, cleanSlate, emptyMotoWithBucket, expectScriptUsed, roleAnswers } from './helpers';

const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };

describe('Create IAM Role for Databend (on moto)', function () {
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

  async function create(): Promise<{ roleArn: string; steps: string[] } | undefined> {
    return vscode.commands.executeCommand<{ roleArn: string; steps: string[] }>(Commands.createRole);
  }

  it('shows the plan, creates the role and policy, and opens the SQL with the role ARN moto returned', async () => {
    await answer(...roleAnswers(), { question: /Apply 3 changes in AWS account 123456789012/, answer: 'Apply' });
    const outcome = await create();
    assert.ok(outcome, 'the command returns what it did');
    assert.equal(outcome.roleArn, `arn:aws:iam::123456789012:role/${ROLE}`);
    assert.equal(outcome.steps.length, 3);
    const role = (await iam.send(new GetRoleCommand({ RoleName: ROLE }))).Role;
    assert.equal(role?.Arn, outcome.roleArn);
    const text = vscode.window.activeTextEditor?.document.getText() ?? '';
    assert.match(text, /ROLE_ARN = 'arn:aws:iam::123456789012:role\/databend-vscode-bucket' EXTERNAL_ID = 'vscode-external-id-1' REGION = 'us-east-1';/);
    assert.match(text, /URL = 's3:\/\/vscode-bucket\/data\/'/);
    assert.ok((await api()).dialogs.messages('info').some((m) => /Created databend-vscode-bucket for Databend \(3 changes\)/.test(m)));
    // The plan shows the offline policy checks of the documents it applies.
    const plan = (await api()).dialogs.shown.find((s) => /Apply 3 changes/.test(s.text));
    assert.match(plan?.detail ?? '', /\nPolicy checks:\n✓ Only Databend's role can assume the role, and only with the external ID\n✓ Databend can list s3:\/\/vscode-bucket\/data\/\n✓ Object actions only under s3:\/\/vscode-bucket\/data\/ \(read\)\n✓ Nothing outside the bucket/);
  });

  it('changes nothing, and asks nothing, when run again with the same answers', async () => {
    await answer(...roleAnswers(), { question: /Apply 3 changes/, answer: 'Apply' });
    assert.ok(await create());
    await answer(...roleAnswers());
    const again = await create();
    assert.deepEqual(again?.steps, []);
    assert.ok((await api()).dialogs.messages('info').some((m) => /already in place: nothing changed/.test(m)));
  });

  it('asks before changing a role it did not create, and Enter there (the default button) leaves the role as it is', async () => {
    const foreignTrust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    await iam.send(new CreateRoleCommand({ RoleName: ROLE, AssumeRolePolicyDocument: foreignTrust }));
    await answer(...roleAnswers(), { question: /not created by this extension\. Change it\?/, answer: ENTER });
    assert.equal(await create(), undefined);
    const question = (await api()).dialogs.shown.find((s) => /not created by this extension/.test(s.text));
    assert.deepEqual(question?.actions, ['Leave It', 'Change It'], 'the harmless choice comes first');
    assert.equal(question?.answered, 'Leave It');
    const trust = decodeURIComponent((await iam.send(new GetRoleCommand({ RoleName: ROLE }))).Role?.AssumeRolePolicyDocument ?? '');
    assert.match(trust, /ec2\.amazonaws\.com/, 'the trust policy is unchanged');
  });

  it('changes nothing when the plan is declined', async () => {
    await answer(...roleAnswers(), { question: /Apply 3 changes/, answer: undefined });
    assert.equal(await create(), undefined);
    assert.equal((await iam.send(new ListRolesCommand({}))).Roles?.length, 0);
  });

  it('removes what it created, after a confirmation that names the role', async () => {
    await answer(...roleAnswers(), { question: /Apply 3 changes/, answer: 'Apply' });
    assert.ok(await create());
    await answer({ question: /Remove an IAM role created for Databend/, answer: ROLE }, { question: /Delete the IAM role databend-vscode-bucket and the policy/, answer: 'Delete' });
    const result = await vscode.commands.executeCommand<{ removed: string[] }>(Commands.removeRole);
    assert.equal(result?.removed.length, 2);
    assert.equal((await iam.send(new ListRolesCommand({}))).Roles?.length, 0);
  });

  it('with databendIam.setup.askOrganizationRequirements, asks for a boundary, a path and tags; a re-run keeps them, and without the setting too', async () => {
    // The organization's boundary, made by its administrator: planning checks that it exists.
    const boundary = 'arn:aws:iam::123456789012:policy/OrgBoundary';
    await iam.send(new CreatePolicyCommand({ PolicyName: 'OrgBoundary', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }) }));
    const setting = 'databendIam.setup.askOrganizationRequirements';
    await vscode.workspace.getConfiguration().update(setting, true, vscode.ConfigurationTarget.Global);
    try {
      const [first, ...rest] = roleAnswers();
      await answer(
        // Every step counts all eleven, the first one too.
        { ...first, question: /\(1\/11\).*AWS profile to create the role with/ },
        ...rest,
        { question: /\(9\/11\).*Permissions boundary/, answer: boundary },
        { question: /\(10\/11\).*Role path/, answer: '/databend/' },
        { question: /\(11\/11\).*Tags for the role and the policy/, answer: 'team=data, cost-center=1234' },
        { question: /Apply 3 changes/, answer: 'Apply' },
      );
      const outcome = await create();
      assert.equal(outcome?.roleArn, `arn:aws:iam::123456789012:role/databend/${ROLE}`);
      const role = (await iam.send(new GetRoleCommand({ RoleName: ROLE }))).Role!;
      assert.equal(role.Path, '/databend/');
      assert.equal(role.PermissionsBoundary?.PermissionsBoundaryArn, boundary);
      const tags = Object.fromEntries((role.Tags ?? []).map((t) => [t.Key, t.Value]));
      assert.deepEqual([tags.team, tags['cost-center']], ['data', '1234']);
      const plan = (await api()).dialogs.shown.find((s) => /Apply 3 changes/.test(s.text));
      assert.match(plan?.detail ?? '', /Create the IAM policy databend-vscode-bucket-access; tags team=data, cost-center=1234 \(on the policy too, as on the role\)\n2\. Create the IAM role databend-vscode-bucket under the path \/databend\/, trusted by Databend under the external ID; permissions boundary arn:aws:iam::123456789012:policy\/OrgBoundary; tags team=data, cost-center=1234/);

      // Asked again, the role's own boundary and path are offered: Enter keeps them.
      await answer(...roleAnswers(), { question: /Permissions boundary/, answer: ENTER }, { question: /Role path/, answer: ENTER }, { question: /Tags for the role/, answer: ENTER });
      assert.deepEqual((await create())?.steps, []);
    } finally {
      await vscode.workspace.getConfiguration().update(setting, undefined, vscode.ConfigurationTarget.Global);
    }
    // Without the setting nothing more is asked, and the role keeps its path and boundary.
    await answer(...roleAnswers());
    assert.deepEqual((await create())?.steps, []);
    assert.equal((await iam.send(new GetRoleCommand({ RoleName: ROLE }))).Role?.PermissionsBoundary?.PermissionsBoundaryArn, boundary);
  });
});
