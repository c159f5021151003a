// Activation as a fresh window sees it: observed by the runner before any test ran, so
// these hold in any order of the test files.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../src/ui/ids';

interface Startup {
  activeAtStartup?: boolean;
  activeAfterCommand?: boolean;
  modulesAfterCommand: string[];
}

describe('activation', () => {
  const startup = (globalThis as { databendIamStartup?: Startup }).databendIamStartup;

  it('is installed, not active at startup, and declares no eager activation', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    assert.ok(startup, 'the runner observed the startup');
    assert.equal(startup.activeAtStartup, false, 'nothing should have activated it before its first command');
    const events: string[] = extension.packageJSON.activationEvents ?? [];
    assert.ok(!events.includes('*') && !events.includes('onStartupFinished'), events.join(', '));
  });

  it('runs on Node 22 or newer, which AWS SDK releases after early January 2027 require', () => {
    // engines.vscode is a VS Code whose extension host has Node 22; the floor suite checks it holds.
    assert.ok(Number(process.versions.node.split('.')[0]) >= 22, `the extension host runs Node ${process.versions.node}`);
  });

  it('activates when one of its commands runs, without loading the AWS SDK or the driver', () => {
    assert.ok(startup);
    assert.equal(startup.activeAfterCommand, true);
    assert.ok(startup.modulesAfterCommand.some((f) => f.endsWith('/dist/extension.js')), 'the extension bundle is in the module cache');
    assert.deepEqual(startup.modulesAfterCommand.filter((f) => f.endsWith('/dist/aws.js') || f.includes('databend-driver')), []);
  });
});
