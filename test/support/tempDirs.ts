// Temporary folders of the test services, each marked with the process that owns it, so
// that folders left by a killed run can be told apart from those of a run still going
// (another engineer's, another tier's) and swept at the next start.

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The marker file inside every owned folder: `{"pid": n, "start": ticks}` of its owner. */
export const OWNER_FILE = '.databend-iam-owner';

interface Owner {
  pid: number;
  /** The owner's start time, in clock ticks since boot (/proc/<pid>/stat field 22): a reused pid has another. */
  start: string;
}

/** The start time of a running process, or undefined when it no longer runs. */
function startTicks(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which sits in parentheses and may hold spaces.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function alive(owner: Owner): boolean {
  return startTicks(owner.pid) === owner.start;
}

/**
 * Removes every folder directly under `root` (the system temp folder by default) whose
 * owner marker names a process that has ended. Folders without a marker are left alone.
 * Returns the folders removed.
 */
export function sweepStaleTempDirs(root = tmpdir()): string[] {
  const removed: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(root);
  } catch {
    return removed;
  }
  for (const name of entries) {
    const dir = join(root, name);
    let owner: Owner;
    try {
      owner = JSON.parse(readFileSync(join(dir, OWNER_FILE), 'utf8')) as Owner;
    } catch {
      continue; // not one of ours, or not a folder
    }
    if (!alive(owner)) {
      rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    }
  }
  return removed;
}

let swept = false;

/**
 * Creates `<temp>/<prefix>XXXXXX` owned by this process. The first call in a process
 * first sweeps the folders of owners that died (a killed run's).
 */
export function ownedTempDir(prefix: string): string {
  if (!swept) {
    swept = true;
    sweepStaleTempDirs();
  }
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const owner: Owner = { pid: process.pid, start: startTicks(process.pid) ?? '' };
  writeFileSync(join(dir, OWNER_FILE), JSON.stringify(owner));
  return dir;
}
