// One code-server and one Chromium for the whole UI run; every spec gets the workbench.
// On failure the last screenshot and VS Code's logs are kept and their paths printed.

import { cpSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser, openWorkbench } from '../support/browser';
import { CodeServer, logFiles, startCodeServer } from '../support/codeServer';
import { NEWEST, RESULTS } from '../support/paths';
import { Workbench } from './workbench';

let server: CodeServer | undefined;
let browser: Browser | undefined;
let workbench: Workbench | undefined;

export function ui(): Workbench {
  if (!workbench) {
    throw new Error('The workbench is not up: the root hook did not run');
  }
  return workbench;
}

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(300_000);
    server = await startCodeServer({ release: NEWEST });
    browser = await launchBrowser();
    workbench = new Workbench(await openWorkbench(browser, server.workspaceUrl));
  },
  beforeEach(this: Mocha.Context) {
    ui().beginSpec(this.currentTest?.fullTitle() ?? 'spec');
  },
  async afterEach(this: Mocha.Context) {
    if (this.currentTest?.state !== 'failed' || !workbench || !server) {
      return;
    }
    const shot = await workbench.screenshot('failure').catch(() => undefined);
    const logsDir = join(RESULTS, 'e2e', 'logs', String(Date.now()));
    mkdirSync(logsDir, { recursive: true });
    for (const file of logFiles(server.userDataDir)) {
      cpSync(file, join(logsDir, `${basename(join(file, '..'))}-${basename(file)}`));
    }
    console.log(`    screenshot: ${shot ?? '(none)'}\n    VS Code logs: ${logsDir}`);
  },
  async afterAll() {
    await browser?.close();
    await server?.stop();
  },
};
