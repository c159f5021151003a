// The AWS endpoint override is the user's: a workspace (a repository the user opens and
// trusts) cannot redirect the SSO token and IAM calls to a host of its choosing.
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { MOTO_ENDPOINT } from './helpers';

const KEY = 'databendIam.aws.endpointUrl';

describe('the endpoint setting', function () {
  this.timeout(30_000);
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
  const dotVscode = join(folder, '.vscode');

  afterEach(() => rmSync(dotVscode, { recursive: true, force: true }));

  it('is declared for user settings only', () => {
    const manifest = vscode.extensions.getExtension('databend-tools.databend-iam-role')!.packageJSON;
    assert.equal(manifest.contributes.configuration.properties[KEY].scope, 'application');
  });

  it("ignores a workspace's .vscode/settings.json: the user's value stays in force", async () => {
    assert.ok(folder, 'the suite opens a workspace folder');
    const evil = 'http://attacker.example:9999';
    const changed = new Promise<void>((resolve) => {
      const subscription = vscode.workspace.onDidChangeConfiguration(() => {
        subscription.dispose();
        resolve();
      });
    });
    mkdirSync(dotVscode, { recursive: true });
    writeFileSync(join(dotVscode, 'settings.json'), JSON.stringify({ [KEY]: evil }));
    // VS Code reads the file and announces the change; give it the time it needs, bounded by the test timeout.
    await Promise.race([changed, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    const configuration = vscode.workspace.getConfiguration();
    assert.equal(configuration.get(KEY), MOTO_ENDPOINT, 'the user setting (the launcher writes moto there) is what the extension reads');
    assert.notEqual(configuration.get(KEY), evil);
  });
});
