// What no command may produce, what no other extension can skip, and the webview's CSP.
import { IAMClient, ListPoliciesCommand, ListRolesCommand } from '@aws-sdk/client-iam';
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands, EXTENSION_ID } from '../../src/ui/ids';
import { webviewHtml } from '../../src/ui/webviewHtml';
import { answer, api, cleanSlate, expectScriptUsed, MOTO_ENDPOINT, roleAnswers } from './helpers';

describe('IAM safety through the commands', function () {
  this.timeout(60_000);
  const iam = new IAMClient({ endpoint: MOTO_ENDPOINT, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });

  beforeEach(async () => {
    await cleanSlate();
    await fetch(`${MOTO_ENDPOINT}/moto-api/reset`, { method: 'POST' });
  });
  afterEach(async () => {
    await expectScriptUsed();
    await cleanSlate();
  });
  after(() => iam.destroy());

  for (const [what, field, value, why] of [
    ['a wildcard principal', /Databend's role ARN/, '*', /role ARN/i],
    ['a wildcard role path', /Databend's role ARN/, 'arn:aws:iam::123456789012:role/*', /wildcard|\*/i],
    ['a "*" bucket', /S3 bucket for Databend/, '*', /bucket/i],
    ['an empty bucket', /S3 bucket for Databend/, '', /bucket/i],
    ['an empty external ID', /External ID/, '', /external ID/i],
  ] as const) {
    it(`Create IAM Role refuses ${what}, says why, and changes nothing`, async () => {
      const script = roleAnswers();
      const at = script.findIndex((a) => a.question.source === field.source);
      await answer(...script.slice(0, at), { question: field, answer: value });
      assert.equal(await vscode.commands.executeCommand(Commands.createRole), undefined);
      const asked = (await api()).dialogs.shown.find((s) => field.test(s.text));
      assert.match(asked?.refused ?? '', why);
      assert.equal((await iam.send(new ListRolesCommand({}))).Roles?.length, 0);
      assert.equal((await iam.send(new ListPoliciesCommand({ Scope: 'Local' }))).Policies?.length, 0);
    });
  }

  it('commands take no answers from their caller: another extension cannot skip a question', async () => {
    // What an extension could pass: a full set of answers and a "confirmed" flag. Every question is asked anyway.
    const injected = { profile: 'moto', bucket: 'b', confirmPlan: true, confirmed: true, dsn: 'databend://root:x@127.0.0.1:9/default' };
    await vscode.commands.executeCommand(Commands.createRole, injected);
    await vscode.commands.executeCommand(Commands.addLogin, injected);
    const { dialogs, services } = await api();
    assert.deepEqual(
      dialogs.unexpected.map((q) => q.split(' | ')[0]),
      ['Create IAM Role for Databend (1/8)', 'Add Databend Login (1/2)'],
      'each command asked its first question (dismissed: no answer was scripted)',
    );
    dialogs.unexpected.length = 0;
    assert.equal(services.store.list().length, 0);
    assert.equal((await iam.send(new ListRolesCommand({}))).Roles?.length, 0);
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
