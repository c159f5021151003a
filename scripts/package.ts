// npm run package [-- --target <vsce target>|all]: one .vsix per platform, each holding
// exactly that platform's native databend-driver build, fetched by name and the version
// package-lock.json pins. Without --target: the platform this runs on.
//
// Exit status: 0 when every requested target was built; 2 when some were built and some
// could not be (their packages are listed); 1 when none was built.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { findTarget, PlatformTarget, targetFor, TARGETS, vsixFileName } from '../src/core/platforms';
import { fetchPackage, lockedPackage } from './driverPackage';
import { nativePackageFolder, stageExtension } from './stageExtension';

const ROOT = resolve(__dirname, '..');
const OUT = join(ROOT, 'dist');

function hostTarget(): PlatformTarget {
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
  const musl = process.platform === 'linux' && !header?.glibcVersionRuntime;
  const target = targetFor(process.platform, process.arch, musl);
  if (!target) throw new Error(`databend-driver has no build for ${process.platform} ${process.arch}: pass --target <one of ${TARGETS.map((t) => t.target).join(', ')}>`);
  return target;
}

function requestedTargets(argv: string[]): PlatformTarget[] {
  const at = argv.findIndex((arg) => arg === '--target' || arg.startsWith('--target='));
  if (at < 0) return [hostTarget()];
  const name = argv[at].startsWith('--target=') ? argv[at].slice('--target='.length) : argv[at + 1];
  if (name === 'all') return [...TARGETS];
  const target = name ? findTarget(name) : undefined;
  if (!target) throw new Error(`--target must be "all" or one of ${TARGETS.map((t) => t.target).join(', ')} (got ${name ?? 'nothing'})`);
  return [target];
}

function run(command: string, args: string[], cwd: string): void {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${[command, ...args].join(' ')} failed:\n${(result.stdout + result.stderr).trim()}`);
}

/** Builds one target's .vsix; returns its path. @throws Error naming what was missing. */
function packageTarget(target: PlatformTarget, work: string): string {
  const out = join(OUT, vsixFileName(target));
  // A file left by an earlier run must not pass for this one's.
  rmSync(out, { force: true });
  const driver = lockedPackage(ROOT, target.driverPackage);
  const stage = join(work, target.target);
  fetchPackage(driver, work, nativePackageFolder(stage, driver.name));
  stageExtension(ROOT, stage);
  run(process.execPath, [join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--target', target.target, '--out', out], stage);
  return out;
}

function main(): number {
  const targets = requestedTargets(process.argv.slice(2));
  run(process.execPath, ['esbuild.mjs', '--production'], ROOT);
  mkdirSync(OUT, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'databend-iam-package-'));
  const built: string[] = [];
  const failed: string[] = [];
  try {
    for (const target of targets) {
      try {
        const out = packageTarget(target, work);
        built.push(`${target.target.padEnd(13)} ${relative(ROOT, out)}`);
      } catch (error) {
        failed.push(`${target.target.padEnd(13)} ${(error as Error).message}`);
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  if (built.length > 0) console.log(`Built:\n  ${built.join('\n  ')}`);
  if (failed.length > 0) console.error(`Could not build:\n  ${failed.join('\n  ')}`);
  return failed.length === 0 ? 0 : built.length > 0 ? 2 : 1;
}

try {
  process.exitCode = main();
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
