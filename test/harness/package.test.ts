// npm run package: one .vsix per platform with exactly that platform's native driver, the
// bundles (webviews included) and media, and no sources or tests; --target all builds what
// the registry serves and names the packages it lacks.

import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { driverBinary, findTarget, PlatformTarget, TARGETS, vsixFileName } from '../../src/core/platforms';
import { lockedPackage } from '../../scripts/driverPackage';
import { ROOT } from '../support/paths';

function packageFor(...args: string[]): { status: number | null; output: string } {
  const result = spawnSync('npm', ['run', 'package', '--', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 600_000 });
  return { status: result.status, output: result.stdout + result.stderr };
}

function listing(target: PlatformTarget): string[] {
  const script = 'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))';
  return execFileSync('python3', ['-c', script, join(ROOT, 'dist', vsixFileName(target))], { encoding: 'utf8' }).split('\n');
}

function manifest(target: PlatformTarget): string {
  const script = 'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read("extension.vsixmanifest").decode())';
  return execFileSync('python3', ['-c', script, join(ROOT, 'dist', vsixFileName(target))], { encoding: 'utf8' });
}

/** The .vsix of `target` holds what the extension needs, its own driver binary, no other, and nothing of the sources. */
function checkVsix(target: PlatformTarget): void {
  const files = listing(target);
  for (const needed of [
    'extension/dist/extension.js',
    'extension/dist/aws.js',
    'extension/dist/databend.js',
    'extension/dist/webview/results.js',
    'extension/dist/webview/setup.js',
    'extension/package.nls.json',
    'extension/l10n/bundle.l10n.json',
    'extension/media/results.css',
    'extension/media/setup.css',
    'extension/node_modules/databend-driver/index.js',
    'extension/node_modules/databend-driver/generated.js',
    `extension/node_modules/${target.driverPackage}/${driverBinary(target)}`,
  ]) {
    assert.ok(files.includes(needed), `${needed} is in ${vsixFileName(target)}`);
  }
  const natives = files.filter((f) => f.endsWith('.node') || /^extension\/node_modules\/@databend-driver\/[^/]+\/package\.json$/.test(f));
  assert.deepEqual(natives.sort(), [`extension/node_modules/${target.driverPackage}/${driverBinary(target)}`, `extension/node_modules/${target.driverPackage}/package.json`].sort());
  assert.deepEqual(files.filter((f) => /^extension\/(src|test|bench|webview|scripts)\//.test(f) || f.endsWith('.ts') || f.endsWith('.map') || f.endsWith('.vsix')), []);
  assert.match(manifest(target), new RegExp(`TargetPlatform="${target.target}"`));
}

describe('npm run package', () => {
  after(() => {
    // The development build comes back for the other tests.
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe' });
  });

  it('--target linux-x64: a .vsix with the Linux x64 driver and no other', () => {
    const linux = findTarget('linux-x64')!;
    const run = packageFor('--target', 'linux-x64');
    assert.equal(run.status, 0, run.output);
    assert.match(run.output, /linux-x64\s+dist\/databend-iam-role-linux-x64\.vsix/);
    checkVsix(linux);
  });

  it('--target all: builds every target the registry serves, and names package@version of the others', () => {
    const run = packageFor('--target', 'all');
    const built: string[] = [];
    const missing: string[] = [];
    for (const target of TARGETS) {
      const { name, version } = lockedPackage(ROOT, target.driverPackage);
      if (new RegExp(`^\\s+${target.target}\\s+dist/${vsixFileName(target).replace(/\./g, '\\.')}$`, 'm').test(run.output)) {
        checkVsix(target);
        built.push(target.target);
      } else {
        assert.match(run.output, new RegExp(`^\\s+${target.target}\\s+${name.replace('/', '\\/')}@${version.replace(/\./g, '\\.')}: `, 'm'), `${target.target} is built or listed with its package`);
        missing.push(target.target);
      }
    }
    assert.ok(built.includes('linux-x64'), 'linux-x64 is built');
    // 0: all built; 2: some built and some not.
    assert.equal(run.status, missing.length === 0 ? 0 : 2, run.output);
  });
});
