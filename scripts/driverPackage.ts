// databend-driver's native package for one platform, fetched by name and the version
// package-lock.json pins (npm pack, then unpacked), checked against the lock's integrity
// when the lock has it.

import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LockedPackage {
  name: string;
  version: string;
  /** The lock's integrity, when it holds an entry of the package itself. */
  integrity?: string;
}

interface LockFile {
  packages: Record<string, { version?: string; integrity?: string; optionalDependencies?: Record<string, string> }>;
}

/**
 * The version package-lock.json pins for `name`: its own entry when npm installed it
 * (with integrity), else the exact version databend-driver's entry asks for (npm locks
 * no entry for an optional package the registry did not serve).
 */
export function lockedPackage(root: string, name: string): LockedPackage {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as LockFile;
  const own = lock.packages[`node_modules/${name}`];
  if (own?.version) return { name, version: own.version, integrity: own.integrity };
  const version = lock.packages['node_modules/databend-driver']?.optionalDependencies?.[name];
  if (!version) throw new Error(`package-lock.json pins no version of ${name}`);
  return { name, version };
}

/**
 * Fetches `pkg` into `folder` (package.json and the binary at its top).
 * @throws Error naming the package and version, and what the registry said.
 */
export function fetchPackage(pkg: LockedPackage, workDir: string, folder: string): void {
  const spec = `${pkg.name}@${pkg.version}`;
  const packed = spawnSync('npm', ['pack', spec, '--json', '--pack-destination', workDir], { cwd: workDir, encoding: 'utf8' });
  let report: unknown;
  try {
    report = JSON.parse(packed.stdout);
  } catch {
    report = undefined;
  }
  if (packed.status !== 0 || !Array.isArray(report)) {
    const error = (report as { error?: { code?: string; summary?: string } } | undefined)?.error;
    const registry = spawnSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' }).stdout.trim();
    const why = error?.code === 'E404' ? `not served by ${registry}` : `npm pack failed: ${error?.summary ?? (packed.stderr || packed.error?.message || '').trim().split('\n')[0]}`;
    throw new Error(`${spec}: ${why}`);
  }
  const [{ filename, integrity }] = report as { filename: string; integrity: string }[];
  if (pkg.integrity && integrity !== pkg.integrity) {
    throw new Error(`${spec}: the registry's tarball (${integrity}) is not the one package-lock.json pins (${pkg.integrity})`);
  }
  mkdirSync(folder, { recursive: true });
  const untar = spawnSync('tar', ['xzf', join(workDir, filename), '-C', folder, '--strip-components=1'], { encoding: 'utf8' });
  if (untar.status !== 0) throw new Error(`${spec}: unpacking ${filename} failed: ${untar.stderr.trim()}`);
}
