// The extension-host suite with @vscode/test-electron, for machines with internet access
// (it downloads VS Code). CI here runs the same suite in code-server instead.

import { runTests } from '@vscode/test-electron';
import { join } from 'node:path';
import { ROOT } from './paths';
import { bundleVscodeTests, TEST_OUT } from './runVscodeSuite';

async function main(): Promise<void> {
  await bundleVscodeTests();
  await runTests({
    version: process.env.VSCODE_VERSION ?? 'stable',
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: join(ROOT, 'test', 'vscode-runner', 'runner.js'),
    extensionTestsEnv: { DATABEND_IAM_TEST_DIR: TEST_OUT },
    launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
