// Proves the VS Code tiers can fail: with DATABEND_IAM_SELFTEST_FAIL set, one assertion in
// the extension host and one in a UI spec fail, and each run must exit non-zero with it.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { ROOT } from '../support/paths';

function runFailing(args: string[], grep: string): { status: number | null; output: string } {
  const result = spawnSync('npx', args, {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 280_000,
    env: { ...process.env, DATABEND_IAM_SELFTEST_FAIL: '1', DATABEND_IAM_TEST_GREP: grep },
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

describe('the VS Code harness fails when a test fails', () => {
  it('extension-host suite: exits non-zero and names the failing assertion', () => {
    const { status, output } = runFailing(['tsx', 'test/support/runVscodeSuite.ts'], 'harness self-test');
    assert.notEqual(status, 0, output);
    assert.match(output, /self-test: this extension-host assertion must fail/);
    assert.match(output, /FAILED: harness self-test fails on purpose/);
  });

  it('UI specs: exit non-zero, name the assertion and keep a screenshot', () => {
    const { status, output } = runFailing(['mocha', '--config', 'test/e2e/mocharc.json', '--grep', 'harness self-test'], 'harness self-test');
    assert.notEqual(status, 0, output);
    assert.match(output, /self-test: this UI assertion must fail/);
    assert.match(output, /screenshot: \S+failure\.png/);
  });
});
