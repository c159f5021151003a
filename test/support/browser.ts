// Headless Debian Chromium driven by playwright-core, opened on a code-server workbench.
// Chromium runs under the watchdog (chromium.sh), and everything it writes outside its
// profile goes to one run folder: both are removed when it ends, also when the launching
// process is killed.

import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { ownedTempDir } from './tempDirs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WRAPPER = join(__dirname, 'chromium.sh');

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export async function launchBrowser(): Promise<Browser> {
  const dir = ownedTempDir('chromium-run-');
  const browser = await chromium
    .launch({
      executablePath: WRAPPER,
      headless: true,
      args: FLAGS,
      // Traces, downloads and the like; playwright would make a temp folder of its own.
      artifactsDir: join(dir, 'artifacts'),
      env: { ...process.env, TMPDIR: dir, DATABEND_IAM_CHROMIUM: CHROMIUM, DATABEND_IAM_CHROMIUM_DIR: dir },
    })
    .catch((error: unknown) => {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    });
  browser.on('disconnected', () => rmSync(dir, { recursive: true, force: true }));
  return browser;
}

/** Opens the workbench and waits until VS Code is up. */
export async function openWorkbench(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  return page;
}
