// Runs test/vscode/*.test.ts (bundled to out/vscode-tests by the launcher) with mocha
// inside the extension host. Two ways in:
// - code-server: installed as an extension that starts on startup; when
//   DATABEND_IAM_TEST_RESULTS is set it runs the suite and writes the results there;
// - @vscode/test-electron: `run()` is its extensionTestsPath entry point.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');

function runSuite(testDir) {
  // mocha is an ES module package; its CommonJS build loads in every extension host.
  const Mocha = require(path.join(ROOT, 'node_modules', 'mocha', 'lib', 'mocha.cjs'));
  const mocha = new Mocha({ ui: 'bdd', timeout: 30000, color: false, reporter: 'dot' });
  if (process.env.DATABEND_IAM_TEST_GREP) {
    mocha.grep(process.env.DATABEND_IAM_TEST_GREP);
  }
  const files = fs.readdirSync(testDir).filter((f) => f.endsWith('.test.js')).sort();
  // DATABEND_IAM_TEST_ORDER=reverse proves no test relies on another having run first.
  if (process.env.DATABEND_IAM_TEST_ORDER === 'reverse') files.reverse();
  for (const file of files) {
    mocha.addFile(path.join(testDir, file));
  }
  const results = { files, tests: [], passed: 0, failed: 0, pending: 0, vscodeVersion: require('vscode').version };
  return new Promise((resolve) => {
    const runner = mocha.run(() => resolve(results));
    const record = (state) => (test, error) => {
      results[state] += 1;
      results.tests.push({
        title: test.fullTitle(),
        state,
        durationMs: test.duration ?? 0,
        error: error ? String(error.stack || error.message || error) : undefined,
      });
    };
    runner.on('pass', record('passed'));
    runner.on('fail', record('failed'));
    runner.on('pending', record('pending'));
  });
}

/**
 * What a fresh window looks like, observed before any test runs (so the activation tests
 * hold in any order): whether the extension was active at startup, and what one of its
 * commands loaded when it activated it.
 */
async function observeStartup() {
  const vscode = require('vscode');
  const extension = vscode.extensions.getExtension('databend-tools.databend-iam-role');
  const activeAtStartup = extension ? extension.isActive : undefined;
  await vscode.commands.executeCommand('databendIam.showLogs');
  globalThis.databendIamStartup = {
    activeAtStartup,
    activeAfterCommand: extension ? extension.isActive : undefined,
    modulesAfterCommand: Object.keys(require.cache),
  };
}

exports.activate = function activate() {
  const resultsFile = process.env.DATABEND_IAM_TEST_RESULTS;
  if (!resultsFile) {
    return;
  }
  const testDir = process.env.DATABEND_IAM_TEST_DIR || path.join(ROOT, 'out', 'vscode-tests');
  // The activation benchmark activates the extension itself and times it: nothing may do so first.
  const observed = process.env.DATABEND_IAM_BENCH_ACTIVATION ? Promise.resolve() : observeStartup();
  observed.then(() => runSuite(testDir)).then(
    (results) => fs.writeFileSync(resultsFile, JSON.stringify(results, null, 2)),
    (error) => fs.writeFileSync(resultsFile, JSON.stringify({ crashed: String(error && error.stack) })),
  );
};

exports.run = async function run() {
  await observeStartup();
  const results = await runSuite(process.env.DATABEND_IAM_TEST_DIR || path.join(ROOT, 'out', 'vscode-tests'));
  for (const test of results.tests.filter((t) => t.state === 'failed')) {
    console.error(`FAILED ${test.title}\n${test.error}`);
  }
  console.log(`${results.passed} passed, ${results.failed} failed`);
  if (results.failed > 0) {
    throw new Error(`${results.failed} extension-host test(s) failed`);
  }
};

exports.deactivate = function deactivate() {};
