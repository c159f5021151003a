// Runs the extension-host suite (test/vscode/*.test.ts) inside a real VS Code:
// code-server with this extension and the test-runner extension, opened in headless
// Chromium (the extension host starts when a window connects). The exit status is the
// suite's; everything started is stopped, also on failure and Ctrl-C.
//
//   npx tsx test/support/runVscodeSuite.ts [--floor] [--reverse] [--no-driver | --pseudo-locale]
//   (--reverse runs the test files in reverse order: no test may depend on another;
//   --no-driver runs test/vscode-no-driver on the extension laid out as a .vsix without
//   any native driver, as on a platform this build has no driver for;
//   without either, test/vscode runs, then test/vscode-l10n in a second window whose
//   display language is the pseudo-locale (see pseudoLocale.ts); --pseudo-locale runs
//   only that second one)

import * as esbuild from 'esbuild';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, openWorkbench } from './browser';
import { MOTO_PROFILE_SECRET } from './awsProfiles';
import { recordReliability } from './reliability';
import { scanForSecrets } from './secretScan';
import { logFiles, startCodeServer } from './codeServer';
import { startLocalDatabend } from './databend';
import { startMoto } from './moto';
import { CodeServerRelease, FLOOR, NEWEST, ROOT } from './paths';
import { waitFor } from './processes';
import { PSEUDO_BUNDLE_PATH, PSEUDO_LOCALE, pseudoBundle } from './pseudoLocale';
import { ownedTempDir } from './tempDirs';
import { buildTestExtension } from './testBuilds';
import { stageExtension } from '../../scripts/stageExtension';

export const TEST_OUT = join(ROOT, 'out', 'vscode-tests');
/** The local Databend's password in VS Code runs: it must show up in no file VS Code writes. */
export const LOCAL_DATABEND_PASSWORD = 'LocalDatabendPassword-4a8c2f!@#';

interface SuiteResults {
  crashed?: string;
  /** The extension's own log, kept when a test failed. */
  extensionLog?: string;
  vscodeVersion: string;
  passed: number;
  failed: number;
  pending: number;
  tests: { title: string; state: string; durationMs: number; error?: string }[];
}

/** Bundles each extension-host test file; `vscode` comes from the host, mocha's globals from the runner. */
export async function bundleVscodeTests(dir = join(ROOT, 'test', 'vscode'), outdir = TEST_OUT): Promise<void> {
  rmSync(outdir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: readdirSync(dir).filter((f) => f.endsWith('.test.ts')).map((f) => join(dir, f)),
    outdir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha', 'databend-driver', '@aws-sdk/*'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}

export interface SuiteOptions {
  /** Folder of *.test.ts files (default test/vscode). */
  testDir?: string;
  outDir?: string;
  /** More extension folders to install next to this one. */
  extraExtensions?: string[];
  /** Install the extension as a .vsix without a native driver holds it; start no local Databend. */
  withoutDriver?: boolean;
  /** The test build minified, without a source map, as the product ships (benchmarks). */
  production?: boolean;
  /** Start no local Databend (the tests need none). */
  withoutDatabend?: boolean;
  /** VS Code's display language, and the bundles for it to add to the installed extension (path → content). */
  locale?: { id: string; extensionFiles: Record<string, string> };
}

export async function runVscodeSuite(release: CodeServerRelease, env: NodeJS.ProcessEnv = {}, options: SuiteOptions = {}): Promise<SuiteResults> {
  const outDir = options.outDir ?? TEST_OUT;
  await bundleVscodeTests(options.testDir, outDir);
  // The suite's results file lives in a folder removed with code-server.
  const resultsDir = ownedTempDir('vscode-suite-');
  const resultsFile = join(resultsDir, 'results.json');
  const [moto, databend] = await Promise.all([startMoto(), options.withoutDriver || options.withoutDatabend ? undefined : startLocalDatabend({ password: LOCAL_DATABEND_PASSWORD })]);
  const stopServices = () => Promise.all([moto.stop(), databend?.stop()]);
  const extensionMain = await buildTestExtension('test', options.production);
  // Without the driver: a copy laid out as the .vsix, whose databend-driver finds no native package.
  const staged = options.withoutDriver ? ownedTempDir('vscode-no-driver-') : undefined;
  if (staged) stageExtension(ROOT, join(staged, 'extension'));
  const removeOnStop = [resultsDir, ...(staged ? [staged] : [])];
  const server = await startCodeServer({
    release,
    extensionMain,
    extensionFolder: staged && join(staged, 'extension'),
    extraExtensions: [join(ROOT, 'test', 'vscode-runner'), ...(options.extraExtensions ?? [])],
    settings: { 'databendIam.aws.endpointUrl': moto.endpoint },
    motoProfiles: true,
    removeOnStop,
    locale: options.locale?.id,
    extensionFiles: options.locale?.extensionFiles,
    env: { ...env, DATABEND_IAM_TEST_RESULTS: resultsFile, DATABEND_IAM_TEST_DIR: outDir, DATABEND_IAM_TEST_MOTO: moto.endpoint, DATABEND_IAM_TEST_DSN: databend?.dsn ?? '', DATABEND_IAM_TEST_DATABEND_LOG: databend?.logFile ?? '' },
  }).catch(async (error) => {
    await stopServices();
    for (const dir of removeOnStop) rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  const browser = await launchBrowser().catch(async (error) => {
    await Promise.all([server.stop(), stopServices()]);
    throw error;
  });
  try {
    await openWorkbench(browser, server.workspaceUrl);
    await waitFor(`the extension-host suite to write ${resultsFile}`, async () => existsSync(resultsFile), 240_000, 500).catch((error) => {
      const hostLogs = logFiles(server.userDataDir)
        .filter((f) => /exthost/i.test(f))
        .map((f) => `--- ${f} ---\n${readFileSync(f, 'utf8').slice(-3000)}`)
        .join('\n');
      throw new Error(`${(error as Error).message}\n--- code-server output ---\n${server.output().slice(-2000)}\n${hostLogs}`);
    });
    // The file is written in one call; read it once it parses.
    let results: SuiteResults | undefined;
    await waitFor('complete results', async () => {
      results = JSON.parse(readFileSync(resultsFile, 'utf8')) as SuiteResults;
      return true;
    }, 5_000, 100);
    const final = results as SuiteResults;
    // What the extension wrote must never hold the profile's secret key.
    const scan = scanForSecrets(server.userDataDir, [MOTO_PROFILE_SECRET, LOCAL_DATABEND_PASSWORD]);
    final.tests.push({
      title: `secrets: neither the AWS secret key nor the Databend password appears in the ${scan.files} files under the user-data-dir`,
      state: scan.hits.length === 0 ? 'passed' : 'failed',
      durationMs: 0,
      error: scan.hits.length === 0 ? undefined : `found in: ${scan.hits.map((h) => h.file).join(', ')}`,
    });
    final[scan.hits.length === 0 ? 'passed' : 'failed'] += 1;
    const tier = `extension host${options.withoutDriver ? ' without the driver' : ''}${options.locale ? ` in ${options.locale.id}` : ''}, VS Code ${release.vscode}`;
    recordReliability(`files under VS Code's user-data-dir scanned for secrets (${tier})`, scan.files);
    recordReliability(`secrets found in them (${tier})`, scan.hits.length);
    if (final.failed > 0) {
      final.extensionLog = logFiles(server.userDataDir)
        .filter((f) => f.includes('Databend IAM Role'))
        .map((f) => readFileSync(f, 'utf8').slice(-6000))
        .join('\n');
    }
    return final;
  } finally {
    await browser.close();
    await Promise.all([server.stop(), stopServices()]);
  }
}

export function report(results: SuiteResults, label: string): boolean {
  if (results.crashed) {
    console.error(`${label}: the suite crashed before finishing:\n${results.crashed}`);
    return false;
  }
  console.log(`\n${label} (VS Code ${results.vscodeVersion})`);
  for (const test of results.tests) {
    const mark = test.state === 'passed' ? '✔' : test.state === 'failed' ? '✘' : '-';
    console.log(`  ${mark} ${test.title}${test.durationMs > 200 ? ` (${test.durationMs} ms)` : ''}`);
  }
  for (const test of results.tests.filter((t) => t.state === 'failed')) {
    console.log(`\n  FAILED: ${test.title}\n    ${String(test.error).split('\n').join('\n    ')}`);
  }
  if (results.extensionLog) {
    console.log(`\n--- the extension's log ---\n${results.extensionLog}`);
  }
  // The plain closing line CI reads.
  console.log(`\n${results.passed} passed, ${results.failed} failed, ${results.pending} skipped`);
  return results.failed === 0 && results.passed > 0;
}

/** The window in the pseudo-locale: test/vscode-l10n, with the pseudo bundle generated into the installed copy only. */
export function pseudoLocaleSuite(): SuiteOptions {
  return {
    testDir: join(ROOT, 'test', 'vscode-l10n'),
    outDir: join(ROOT, 'out', 'vscode-tests-l10n'),
    withoutDatabend: true,
    locale: { id: PSEUDO_LOCALE, extensionFiles: { [PSEUDO_BUNDLE_PATH]: pseudoBundle() } },
  };
}

if (require.main === module) {
  const release = process.argv.includes('--floor') ? FLOOR : NEWEST;
  const reverse = process.argv.includes('--reverse');
  const withoutDriver = process.argv.includes('--no-driver');
  const onlyPseudoLocale = process.argv.includes('--pseudo-locale');
  const order = ` on code-server ${release.version}${reverse ? ', files in reverse order' : ''}`;
  const runs: { label: string; suite: SuiteOptions }[] = withoutDriver
    ? [{ label: `Extension-host suite without the native driver${order}`, suite: { withoutDriver, testDir: join(ROOT, 'test', 'vscode-no-driver'), outDir: join(ROOT, 'out', 'vscode-tests-no-driver') } }]
    : [
        ...(onlyPseudoLocale ? [] : [{ label: `Extension-host suite${order}`, suite: {} }]),
        { label: `Extension-host suite in the pseudo-locale ${PSEUDO_LOCALE}${order}`, suite: pseudoLocaleSuite() },
      ];
  void (async () => {
    let ok = true;
    // One window after the other: the machine's cores are shared.
    for (const { label, suite } of runs) {
      try {
        ok = report(await runVscodeSuite(release, reverse ? { DATABEND_IAM_TEST_ORDER: 'reverse' } : {}, suite), label) && ok;
      } catch (error) {
        console.error(`${label} could not run: ${(error as Error).message}`);
        ok = false;
      }
    }
    process.exit(ok ? 0 : 1);
  })();
}
