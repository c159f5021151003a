// Reads the process table from /proc (Linux), for tests that check that nothing a run
// started is left: which processes carry a marker in their environment, and everything
// below them (Chromium's helpers start with an emptied environment, crash handlers in
// sessions of their own, so a marker alone would miss them).

import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  pgid: number;
  sid: number;
  /** Start time in clock ticks since boot: with the pid, names one process even if the pid is reused. */
  start: string;
  cmd: string;
}

function read(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z') return undefined; // a zombie has ended; only its parent's wait is due
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    return { pid, ppid: Number(fields[1]), pgid: Number(fields[2]), sid: Number(fields[3]), start: fields[19], cmd };
  } catch {
    return undefined; // it ended while we looked
  }
}

/** Every live process (zombies excluded). */
export function processes(): ProcessInfo[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map((entry) => read(Number(entry)))
    .filter((info): info is ProcessInfo => info !== undefined);
}

/** Live processes whose environment holds `name=value`. */
export function withEnv(name: string, value: string): ProcessInfo[] {
  const wanted = `${name}=${value}`;
  return processes().filter((info) => {
    try {
      return readFileSync(`/proc/${info.pid}/environ`, 'utf8').split('\0').includes(wanted);
    } catch {
      return false;
    }
  });
}

/** `roots`, their descendants, and every process sharing a process group or session with them. */
export function family(roots: ProcessInfo[]): ProcessInfo[] {
  const all = processes();
  const found = new Map(roots.map((info) => [info.pid, info]));
  const groups = new Set<number>();
  const sessions = new Set<number>();
  for (let grew = true; grew; ) {
    grew = false;
    for (const info of found.values()) {
      groups.add(info.pgid);
      sessions.add(info.sid);
    }
    for (const info of all) {
      const related = found.has(info.ppid) || groups.has(info.pgid) || sessions.has(info.sid);
      if (related && !found.has(info.pid)) {
        found.set(info.pid, info);
        grew = true;
      }
    }
  }
  return [...found.values()];
}

/** Those of `seen` that still run (same pid and start time). */
export function stillRunning(seen: ProcessInfo[]): ProcessInfo[] {
  return seen.filter((info) => read(info.pid)?.start === info.start);
}
