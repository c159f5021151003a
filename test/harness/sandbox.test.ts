// npm run sandbox brings up VS Code with the extension, moto and the local Databend, the
// saved "sandbox" login in the Databend view; Ctrl-C stops all of it.

import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { launchBrowser, openWorkbench } from '../support/browser';
import { ROOT } from '../support/paths';
import { waitFor } from '../support/processes';

describe('npm run sandbox', () => {
  it('starts, shows the sandbox login, and stops on Ctrl-C', async () => {
    // tsx relays Ctrl-C to the sandbox and exits with its status, as under npm run.
    const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), ['test/support/sandbox.ts'], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let url: string | undefined;
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await waitFor('the sandbox to print its URL', async () => /Sandbox ready/.test(output), 240_000, 500);
      url = /(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)/.exec(output)?.[1];
      assert.ok(url, output);
      const browser = await launchBrowser();
      try {
        const page = await openWorkbench(browser, url);
        await page.locator('.activitybar [aria-label^="Databend"]').first().click({ timeout: 60_000 });
        await page.locator('.pane-body .monaco-list-row', { hasText: 'sandbox' }).first().waitFor({ state: 'visible', timeout: 60_000 });
      } finally {
        await browser.close();
      }
    } finally {
      process.kill(child.pid!, 'SIGINT');
    }
    // 130 is the usual status of a run ended by Ctrl-C; what matters is the graceful stop.
    assert.ok([0, 130].includes((await exited) ?? -1), output.slice(-2000));
    assert.match(output, /Stopping/);
    await assert.rejects(fetch(url!), 'VS Code no longer answers');
  });
});
