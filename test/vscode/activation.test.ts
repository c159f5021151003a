// Runs first (files are sorted): nothing has touched the extension yet.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands, EXTENSION_ID } from '../../src/ui/ids';

describe('activation', () => {
  it('is installed, not active at startup, and declares no eager activation', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    assert.equal(extension.isActive, false, 'nothing should have activated it yet');
    const events: string[] = extension.packageJSON.activationEvents ?? [];
    assert.ok(!events.includes('*') && !events.includes('onStartupFinished'), events.join(', '));
  });

  it('activates when one of its commands runs, without loading the AWS SDK or the driver', async () => {
    await vscode.commands.executeCommand(Commands.showLogs);
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
    const loaded = Object.keys(require.cache);
    assert.ok(loaded.some((f) => f.endsWith('/dist/extension.js')), 'the extension bundle is in the module cache');
    assert.deepEqual(loaded.filter((f) => f.endsWith('/dist/aws.js') || f.includes('databend-driver')), []);
  });
});
