// The extension where its build has no native Databend driver (the launcher installs it
// laid out as a .vsix holding none, `runVscodeSuite.ts --no-driver`): it activates, the
// AWS side works on moto, and each Databend command and the tree say once, plainly, that
// the driver is missing and which build to install.
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ErrorNode, ExplorerNode } from '../../src/ui/explorer/explorerTree';
import { Commands, EXTENSION_ID } from '../../src/ui/ids';
import { addLoginFromDsn, answer, api, cleanSlate, expectScriptUsed, MOTO_ENDPOINT, openSql, ROLE, roleAnswers } from '../vscode/helpers';

const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
/** A login is only saved here: no server is reached without the driver. */
const DSN = 'databend://someone:not-used@127.0.0.1:9/default?sslmode=disable';
/** What the code-server tier runs on (Linux x64, glibc) and the build to install there. */
const MISSING = /^This build of the extension has no Databend driver for Linux x64 \(glibc\), so Databend logins, the explorer and running SQL are unavailable\. Install the build for linux-x64 \(databend-iam-role-linux-x64\.vsix, which holds @databend-driver\/lib-linux-x64-gnu\)/;

/** Every message shown since the last reset, with how many of them name the missing driver. */
async function shown(): Promise<{ all: string[]; aboutDriver: number }> {
  const all = (await api()).dialogs.messages();
  return { all, aboutDriver: all.filter((m) => /no Databend driver/.test(m)).length };
}

describe('without the native driver', function () {
  this.timeout(60_000);

  beforeEach(async () => {
    await cleanSlate();
    assert.ok(MOTO_ENDPOINT, 'the launcher passes the moto endpoint');
    await fetch(`${MOTO_ENDPOINT}/moto-api/reset`, { method: 'POST' });
  });

  afterEach(async () => {
    await expectScriptUsed();
    await cleanSlate();
  });

  it('activates, and no native driver is loaded', async () => {
    await api();
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
    assert.deepEqual(Object.keys(require.cache).filter((f) => f.endsWith('.node') && f.includes('databend-driver')), []);
  });

  it('creates the IAM role on moto and opens its SQL', async () => {
    const s3 = new S3Client({ endpoint: MOTO_ENDPOINT, region: 'us-east-1', forcePathStyle: true, credentials });
    await s3.send(new CreateBucketCommand({ Bucket: 'vscode-bucket' }));
    s3.destroy();
    await answer(...roleAnswers(), { question: /Apply 3 changes in AWS account 123456789012/, answer: 'Apply' });
    const outcome = await vscode.commands.executeCommand<{ roleArn: string; steps: string[] }>(Commands.createRole);
    assert.equal(outcome?.roleArn, `arn:aws:iam::123456789012:role/${ROLE}`);
    const iam = new IAMClient({ endpoint: MOTO_ENDPOINT, region: 'us-east-1', credentials });
    assert.equal((await iam.send(new GetRoleCommand({ RoleName: ROLE }))).Role?.Arn, outcome?.roleArn);
    iam.destroy();
    assert.match(vscode.window.activeTextEditor?.document.getText() ?? '', /ROLE_ARN = 'arn:aws:iam::123456789012:role\/databend-vscode-bucket' EXTERNAL_ID = 'vscode-external-id-1'/);
    assert.deepEqual((await shown()).aboutDriver, 0, 'nothing about the driver while it is not needed');
  });

  it('Add Login saves the login and says once that testing it needs the driver', async () => {
    await addLoginFromDsn('no-driver', DSN);
    const { all, aboutDriver } = await shown();
    assert.equal(aboutDriver, 1, all.join('\n'));
    assert.match(all[0], /^Saved the login "no-driver"\. /);
    assert.match(all[0].replace(/^Saved the login "no-driver"\. /, ''), MISSING);
    assert.deepEqual((await api()).services.store.list().map((l) => l.name), ['no-driver']);
  });

  it('Test Login, Run Statement and Run All each say it once, and nothing else', async () => {
    await addLoginFromDsn('no-driver', DSN);
    const { dialogs } = await api();
    for (const [command, setup] of [
      [Commands.testLogin, async () => undefined],
      [Commands.runStatement, () => openSql('SELECT 1;')],
      [Commands.runAll, () => openSql('SELECT 1; SELECT 2;')],
    ] as const) {
      await setup();
      dialogs.reset();
      assert.equal(await vscode.commands.executeCommand(command), undefined);
      const { all } = await shown();
      assert.equal(all.length, 1, `${command}: ${all.join('\n')}`);
      assert.match(all[0], MISSING, command);
      assert.deepEqual(dialogs.shown.filter((s) => s.kind === 'message').map((s) => s.severity), ['error'], command);
    }
  });

  it('the explorer shows one item under a login that says so, with the whole message as its tooltip', async () => {
    await addLoginFromDsn('no-driver', DSN);
    const { tree } = (await api()).services;
    const [login] = await tree.getChildren();
    const children: ExplorerNode[] = await tree.getChildren(login);
    assert.equal(children.length, 1);
    // By kind: the test bundle's classes are not the extension's.
    const [item] = children;
    assert.equal(item.kind, 'error');
    assert.equal((item as ErrorNode).message, 'No Databend driver for Linux x64 (glibc) in this build: install databend-iam-role-linux-x64.vsix');
    assert.match(String(tree.getTreeItem(item).tooltip), MISSING);
  });
});
