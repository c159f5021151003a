// The shipped bundle carries no test hooks: nothing that answers prompts for a caller,
// no test API, no sandbox seeding (those live in test/build, built only for the tests).
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
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

describe('the webview bundles', () => {
  // Webviews are browser pages: a Node global in their script (Buffer from csv-stringify once,
  // through a shared import) throws on load and leaves the view blank.
  const NODE_ONLY = /\bBuffer[.(]|\brequire\(|\bprocess\.|\b__dirname\b|\bglobal\./;

  it('use nothing only Node has', () => {
    const scripts = readdirSync(join(DIST, 'webview')).filter((f) => f.endsWith('.js'));
    assert.deepEqual(scripts.sort(), ['results.js', 'setup.js'], 'run npm run build first (npm test does)');
    for (const script of scripts) {
      const found = NODE_ONLY.exec(readFileSync(join(DIST, 'webview', script), 'utf8'));
      assert.equal(found, null, `dist/webview/${script} uses ${found?.[0]}, which a webview does not have`);
    }
  });

  it('would see Buffer if a webview imported the exports', () => {
    // The check can fail: the CSV writer the exports use is built on Buffer.
    assert.match(readFileSync(require.resolve('csv-stringify/sync'), 'utf8'), NODE_ONLY);
  });
});

describe('the AGPL policy simulator', () => {
  // @cloud-copilot/iam-simulate is AGPL-3.0: tests use it as the oracle of src/core/policyEval.ts,
  // and no shipped script may contain it.
  it('is in no built script (esbuild names every bundled module in a comment)', () => {
    const scripts = readdirSync(DIST, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
    assert.ok(scripts.includes('aws.js') && scripts.includes('extension.js'), 'run npm run build first (npm test does)');
    // The scan can see a bundled package: the SDK's modules are named in dist/aws.js.
    assert.match(readFileSync(join(DIST, 'aws.js'), 'utf8'), /node_modules\/@aws-sdk\/client-iam\//);
    for (const script of scripts) {
      const code = readFileSync(join(DIST, script), 'utf8');
      for (const mark of ['@cloud-copilot', 'iam-simulate', 'runSimulation']) {
        assert.ok(!code.includes(mark), `dist/${script} contains "${mark}"`);
      }
    }
  });
});
