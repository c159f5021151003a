// The extension-host suite with @vscode/test-electron, for machines with internet access
// (it downloads VS Code). CI here runs the same suite in code-server instead.

import { runTests } from '@vscode/test-electron';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { linkExtension } from './codeServer';
import { ROOT } from './paths';
import { bundleVscodeTests, TEST_OUT } from './runVscodeSuite';
import { buildTestExtension } from './testBuilds';

async function main(): Promise<void> {
  await bundleVscodeTests();
  // The suite drives the test build (scripted dialogs), installed as this extension's entry point.
  const extension = join(mkdtempSync(join(tmpdir(), 'electron-extension-')), 'databend-iam-role');
  linkExtension(ROOT, extension, await buildTestExtension('test'));
  await runTests({
    version: process.env.VSCODE_VERSION ?? 'stable',
    extensionDevelopmentPath: extension,
    extensionTestsPath: join(ROOT, 'test', 'vscode-runner', 'runner.js'),
    extensionTestsEnv: { DATABEND_IAM_TEST_DIR: TEST_OUT },
    launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
