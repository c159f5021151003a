// What no command may produce, and the webview's Content Security Policy.
import { IAMClient, ListPoliciesCommand, ListRolesCommand } from '@aws-sdk/client-iam';
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands, EXTENSION_ID } from '../../src/ui/ids';
import { webviewHtml } from '../../src/ui/webviewHtml';
import { closeAllEditorsWithoutSaving } from './helpers';

const endpoint = process.env.DATABEND_IAM_TEST_MOTO ?? '';

describe('IAM safety through the commands', function () {
  this.timeout(60_000);
  const iam = new IAMClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  const valid = {
    profile: 'moto',
    bucket: 'safety-bucket',
    prefix: '',
    access: 'read',
    databendRoleArn: 'arn:aws:iam::123456789012:role/xxxxxxx/tnabcdefg/xxxxxxx-tnabcdefg',
    roleName: 'databend-safety',
    policyName: 'databend-safety',
    externalId: 'safety-external-id',
    confirmPlan: true,
  };

  before(async () => {
    await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
  });

  after(async () => {
    iam.destroy();
    await closeAllEditorsWithoutSaving();
  });

  for (const [what, change] of [
    ['a wildcard principal', { databendRoleArn: '*' }],
    ['a wildcard role path', { databendRoleArn: 'arn:aws:iam::123456789012:role/*' }],
    ['a "*" bucket', { bucket: '*' }],
    ['an empty bucket', { bucket: '' }],
    ['an empty external ID', { externalId: '' }],
  ] as const) {
    it(`Provision refuses ${what} and changes nothing`, async () => {
      const result = await vscode.commands.executeCommand(Commands.provision, { ...valid, ...change });
      assert.equal(result, undefined);
      assert.equal((await iam.send(new ListRolesCommand({}))).Roles?.length, 0);
      assert.equal((await iam.send(new ListPoliciesCommand({ Scope: 'Local' }))).Policies?.length, 0);
    });
  }

  it('Generate SQL refuses an empty external ID and a wildcard role', async () => {
    const base = { roleArn: 'arn:aws:iam::987654321987:role/r', externalId: 'e-1', bucket: 'b-1x', prefix: '', connectionName: 'c', stageName: 's' };
    assert.equal(await vscode.commands.executeCommand(Commands.generateSql, { ...base, externalId: '' }), undefined);
    assert.equal(await vscode.commands.executeCommand(Commands.generateSql, { ...base, roleArn: 'arn:aws:iam::987654321987:role/*' }), undefined);
  });
});

describe('webview Content Security Policy', () => {
  it('allows no inline script, only the nonce-bearing one, and a fresh nonce each time', () => {
    const panel = vscode.window.createWebviewPanel('databendIam.cspTest', 'CSP', vscode.ViewColumn.Active, { enableScripts: true });
    const extensionUri = vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri;
    const pages = [0, 1].map(() => webviewHtml(panel.webview, extensionUri, { title: 't', script: 'results.js', style: 'results.css', body: '' }));
    panel.dispose();
    const csp = /content="([^"]+)"/.exec(pages[0])![1];
    assert.match(csp, /^default-src 'none'; /);
    const scriptSrc = /script-src ([^;]+)/.exec(csp)![1].trim();
    assert.match(scriptSrc, /^'nonce-[A-Za-z0-9+/=]{24}'$/, 'scripts only with the nonce: no unsafe-inline, no host');
    const nonces = pages.map((p) => /nonce="([^"]+)"/.exec(p)![1]);
    assert.notEqual(nonces[0], nonces[1]);
    assert.equal((pages[0].match(/<script/g) ?? []).length, 1);
  });
});
