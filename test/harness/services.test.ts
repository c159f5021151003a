// Services never outlive what started them: a child process starts moto, the local
// Databend with its AWS proxy, code-server and Chromium through the project's launchers, is SIGKILLed (no
// exit handler of its own runs), and within a few seconds none of what it started runs
// and none of their temporary folders is left.

import * as assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../support/paths';
import { waitFor } from '../support/processes';
import { family, ProcessInfo, stillRunning, withEnv } from '../support/procfs';

const MARK = 'DATABEND_IAM_HARNESS_RUN';

describe('test services end with the process that started them', () => {
  let tmp: string;
  let child: ChildProcess | undefined;
  let seen: ProcessInfo[] = [];

  beforeEach(() => {
    // A short path of our own: code-server's sockets live below it (107 characters at most).
    tmp = mkdtempSync('/tmp/svc-');
  });

  afterEach(() => {
    // Whatever a failed run left is ended here, by pid, so the next test starts clean.
    for (const info of stillRunning(seen)) {
      try {
        process.kill(info.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    if (child?.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(tmp, { recursive: true, force: true });
  });

  it('SIGKILL of the launching process leaves no service process and no temporary folder', async () => {
    const run = randomUUID();
    // TMPDIR points every temp folder of the run into `tmp`; tsx's compile cache stays off.
    child = spawn(process.execPath, ['--import', 'tsx', join('test', 'harness', 'startServices.ts')], {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TMPDIR: tmp, TSX_DISABLE_CACHE: '1', [MARK]: run },
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child!.once('exit', (_code, signal) => resolve(signal)));

    await waitFor('the services to start', async () => /"codeServer"/.test(output) || child!.exitCode !== null, 280_000, 500);
    assert.match(output, /"codeServer"/, `the launcher did not start everything:\n${output.slice(-3000)}`);

    seen = family(withEnv(MARK, run));
    const commands = seen.map((info) => info.cmd.slice(0, 150)).join('\n');
    // The check below means something only if the services were there to be seen.
    for (const service of [/moto_server/, /databend-local\/server\.py/, /mitmdump/, /code-server/, /chromium --type=renderer/, /chrome_crashpad_handler/]) {
      assert.match(commands, service, `no ${service} among the run's processes:\n${commands}`);
    }
    const folders = readdirSync(tmp);
    for (const prefix of ['moto-', 'databend-local-', 'aws-proxy-', 'vscode-run-', 'chromium-run-', 'playwright_chromiumdev_profile-']) {
      assert.ok(folders.some((f) => f.startsWith(prefix)), `no ${prefix}* folder in ${folders.join(', ')}`);
    }

    process.kill(child.pid!, 'SIGKILL');
    assert.equal(await exited, 'SIGKILL');

    const leftovers = () => [...new Map([...stillRunning(seen), ...withEnv(MARK, run)].map((info) => [info.pid, info])).values()];
    await waitFor('every service and temp folder to be gone', async () => leftovers().length === 0 && readdirSync(tmp).length === 0, 20_000, 250).catch(() => undefined);
    assert.deepEqual(
      leftovers().map((info) => `${info.pid} ${info.cmd.slice(0, 120)}`),
      [],
      'processes left running after the launcher was killed',
    );
    assert.deepEqual(readdirSync(tmp), [], 'temporary folders left after the launcher was killed');
  });
});
