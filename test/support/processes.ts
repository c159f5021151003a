// Starting and stopping the services tests need: each in its own process group, so
// stopping it also ends whatever it spawned, and every start is undone at exit.

import { ChildProcess, spawn, SpawnOptions } from 'node:child_process';
import { createServer } from 'node:net';

const running = new Set<ChildProcess>();

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

export function stopAllSync(): void {
  for (const child of running) {
    killGroup(child, 'SIGKILL');
  }
  running.clear();
}

export interface Service {
  child: ChildProcess;
  /** Stops the whole process group: TERM, then KILL after `graceMs`; resolves when none is left. */
  stop(graceMs?: number): Promise<void>;
}

export function startService(command: string, args: string[], options: SpawnOptions = {}): Service {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options, detached: true });
  running.add(child);
  const pid = child.pid;
  return {
    child,
    async stop(graceMs = 3000) {
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
