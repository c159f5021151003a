// The shipped bundle carries no test hooks: nothing that answers prompts for a caller,
// no test API, no sandbox seeding (those live in test/build, built only for the tests).
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const DIST = join(__dirname, '..', '..', 'dist');

describe('the production bundle', () => {
  it('has no test hooks in dist/extension.js', () => {
    const file = join(DIST, 'extension.js');
    assert.ok(existsSync(file), 'run npm run build first (npm test does)');
    const code = readFileSync(file, 'utf8');
    for (const hook of ['ScriptedDialogs', 'DATABEND_IAM_', 'confirmPlan', 'snapshot(', 'TestApi', 'sandbox']) {
      assert.ok(!code.includes(hook), `dist/extension.js contains "${hook}"`);
    }
  });

  it('activate hands other extensions nothing', () => {
    const code = readFileSync(join(DIST, 'extension.js'), 'utf8');
    // esbuild keeps the function: its body calls createServices and returns nothing.
    const body = /function activate\(context\) \{([^}]*)\}/.exec(code)?.[1] ?? '';
    assert.match(body, /createServices\(context, windowDialogs\)/);
    assert.doesNotMatch(body, /return/);
  });
});
