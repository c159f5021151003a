// Starting and stopping the services tests need: each in its own process group, so
// stopping it also ends whatever it spawned, and every start is undone at exit. Each
// runs under watchdog.py, which ends it when this process ends, SIGKILL included (no exit
// handler runs then), and removes its temporary folders.

import { ChildProcess, spawn, SpawnOptions } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const running = new Set<ChildProcess>();
const foldersAtExit = new Set<string>();

/** The watchdog every service runs under. */
export const WATCHDOG = join(__dirname, 'watchdog.py');
/** Debian's own Python for the watchdog: no pyenv shim to go through, present wherever apt is. */
export const WATCHDOG_PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) {
    return;
  }
  try {
    process.kill(-child.pid, signal);
  } catch {
    // ESRCH: the group is already gone, which is what we want.
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

// A test run that dies still takes its services with it.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    stopAllSync();
    process.exit(130);
  });
}
process.once('exit', () => stopAllSync());

/**
 * Sends SIGTERM to every service still running; their watchdogs escalate to SIGKILL
 * after their grace and remove the services' folders, also once this process is gone.
 */
export function stopAllSync(): void {
  for (const child of running) {
    killGroup(child, 'SIGTERM');
  }
  running.clear();
  for (const dir of foldersAtExit) {
    rmSync(dir, { recursive: true, force: true });
  }
  foldersAtExit.clear();
}

/** Removes `dir` when this process exits normally; a killed run leaves it to the next sweep (tempDirs.ts). */
export function removeAtExit(dir: string): void {
  foldersAtExit.add(dir);
}

export interface ServiceOptions extends SpawnOptions {
  /** Folders the watchdog removes once the service has ended, whatever ended it. */
  removeOnExit?: string[];
}

export interface Service {
  child: ChildProcess;
  /**
   * Stops the whole process group: TERM (the watchdog then ends what is left after its own
   * 2 s grace and removes the folders), KILL after `graceMs`; resolves when none is left.
   */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts `command` under the watchdog, as the leader of a new process group (the
 * watchdog is the leader; the service and what it spawns share the group).
 */
export function startService(command: string, args: string[], options: ServiceOptions = {}): Service {
  const { removeOnExit = [], ...spawnOptions } = options;
  const watched = [WATCHDOG, '--parent', String(process.pid), ...removeOnExit.flatMap((dir) => ['--remove', dir]), '--', command, ...args];
  const child = spawn(WATCHDOG_PYTHON, watched, { stdio: ['ignore', 'pipe', 'pipe'], ...spawnOptions, detached: true });
  running.add(child);
  const pid = child.pid;
  return {
    child,
    async stop(graceMs = 5000) {
      running.delete(child);
      if (pid === undefined) {
        return;
      }
      killGroup(child, 'SIGTERM');
      const deadline = Date.now() + graceMs;
      while (groupAlive(pid) && Date.now() < deadline) {
        await sleep(50);
      }
      if (groupAlive(pid)) {
        killGroup(child, 'SIGKILL');
        while (groupAlive(pid)) {
          await sleep(20);
        }
      }
    },
  };
}

/** The first line a service prints on stdout, or an error naming what was awaited. */
export function firstLine(child: ChildProcess, what: string, timeoutMs: number, logTail: () => string = () => ''): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    let stderr = '';
    const timer = setTimeout(() => fail(`timed out after ${timeoutMs / 1000} s`), timeoutMs);
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new Error(`Waiting for ${what}: ${why}.\n${stderr.slice(-2000)}${logTail()}`));
    };
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const newline = buffer.indexOf('\n');
      if (newline >= 0) {
        clearTimeout(timer);
        resolve(buffer.slice(0, newline));
      }
    });
    child.once('exit', (code, signal) => fail(`it exited (${code ?? signal})`));
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Polls `probe` until it returns true; the error says what was awaited. */
export async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs: number, intervalMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    try {
      if (await probe()) {
        return;
      }
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    await sleep(intervalMs);
  }
  throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}${lastError ? ` (last error: ${lastError})` : ''}`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
