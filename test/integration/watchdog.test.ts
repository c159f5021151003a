// The watchdog every service runs under (test/support/watchdog.py through startService):
// the service, and what it spawned, end with the launcher however it ends, and the
// service's folders go with them.

import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../support/paths';
import { startService, waitFor } from '../support/processes';
import { family, ProcessInfo, stillRunning, withEnv } from '../support/procfs';

const MARK = 'DATABEND_IAM_WATCHDOG_TEST';

// Run by the launcher child: one service that also leaves a process in a session of its own.
const LAUNCHER = `
const { startService } = require('./test/support/processes.ts');
startService('sh', ['-c', 'setsid sleep 600 & sleep 600'], { removeOnExit: [process.env.SERVICE_DIR] });
console.log('started');
setInterval(() => undefined, 60_000);
`;

describe('the service watchdog', function () {
  this.timeout(30_000);
  let dir: string;
  let seen: ProcessInfo[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'watchdog-test-'));
  });

  afterEach(() => {
    for (const info of stillRunning(seen)) process.kill(info.pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it("ends the service and its descendants and removes its folder when the launcher is SIGKILLed", async () => {
    const run = randomUUID();
    const launcher = spawn(process.execPath, ['--import', 'tsx', '-e', LAUNCHER], {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, SERVICE_DIR: dir, [MARK]: run },
    });
    await new Promise((resolve) => launcher.stdout.once('data', resolve));
    await waitFor('both sleeps to run', async () => withEnv(MARK, run).filter((p) => p.cmd === 'sleep 600').length === 2, 10_000, 50);
    seen = family(withEnv(MARK, run));

    launcher.kill('SIGKILL');

    await waitFor('the service to end', async () => stillRunning(seen).length === 0 && !existsSync(dir), 10_000, 100).catch(() => undefined);
    assert.deepEqual(stillRunning(seen).map((p) => p.cmd), []);
    assert.ok(!existsSync(dir), 'the service folder is removed');
  });

  it('when the service exits by itself, ends what it left, removes its folder and passes its status on', async () => {
    const run = randomUUID();
    const service = startService('sh', ['-c', 'setsid sleep 600 & exit 3'], { removeOnExit: [dir], env: { ...process.env, [MARK]: run } });
    const code = await new Promise<number | null>((resolve) => service.child.once('exit', resolve));
    assert.equal(code, 3);
    assert.deepEqual(withEnv(MARK, run).map((p) => p.cmd), []);
    assert.ok(!existsSync(dir), 'the service folder is removed');
  });

  it('stop() ends the service group and removes its folder', async () => {
    const run = randomUUID();
    const service = startService('sleep', ['600'], { removeOnExit: [dir], env: { ...process.env, [MARK]: run } });
    await waitFor('the service to run', async () => withEnv(MARK, run).some((p) => p.cmd === 'sleep 600'), 10_000, 50);
    await service.stop();
    assert.deepEqual(withEnv(MARK, run).map((p) => p.cmd), []);
    assert.ok(!existsSync(dir), 'the service folder is removed');
  });
});
