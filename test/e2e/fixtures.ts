// One code-server and one Chromium for the whole UI run; every spec gets the workbench.
// On failure the last screenshot and VS Code's logs are kept and their paths printed.

import { cpSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser, openWorkbench } from '../support/browser';
import { MOTO_PROFILE_SECRET } from '../support/awsProfiles';
import { CodeServer, logFiles, startCodeServer } from '../support/codeServer';
import { LocalDatabend, startLocalDatabend } from '../support/databend';
import { Moto, startMoto } from '../support/moto';
import { recordReliability } from '../support/reliability';
import { scanForSecrets } from '../support/secretScan';
import { NEWEST, RESULTS } from '../support/paths';
import { Workbench } from './workbench';

let server: CodeServer | undefined;
let browser: Browser | undefined;
let workbench: Workbench | undefined;
let services: { moto: Moto; databend: LocalDatabend } | undefined;

/** The password typed into VS Code in the UI specs: no file under the user-data-dir may hold it. */
export const UI_DATABEND_PASSWORD = 'Ui-Spec-Password-7f3e9!%';

export function localServices(): { moto: Moto; databend: LocalDatabend } {
  if (!services) throw new Error('The services are not up: the root hook did not run');
  return services;
}

export function ui(): Workbench {
  if (!workbench) {
    throw new Error('The workbench is not up: the root hook did not run');
  }
  return workbench;
}

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(300_000);
    const moto = await startMoto();
    // STS and S3 for the engine are moto behind a TLS proxy: a role-based stage lists for real.
    const databend = await startLocalDatabend({ password: UI_DATABEND_PASSWORD, awsEndpoint: moto.endpoint });
    services = { moto, databend };
    server = await startCodeServer({
      release: NEWEST,
      settings: { 'databendIam.aws.endpointUrl': moto.endpoint },
      motoProfiles: true,
    });
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
    if (server) {
      const scan = scanForSecrets(server.userDataDir, [UI_DATABEND_PASSWORD, MOTO_PROFILE_SECRET]);
      const results = scanForSecrets(RESULTS, [UI_DATABEND_PASSWORD, MOTO_PROFILE_SECRET]);
      recordReliability('files under test-results/ scanned for secrets', results.files);
      scan.hits.push(...results.hits);
      console.log(`    secrets: checked ${scan.files} files under the user-data-dir`);
      recordReliability("files under VS Code's user-data-dir scanned for secrets (UI specs)", scan.files);
      recordReliability('secrets found in them (UI specs)', scan.hits.length);
      await server.stop();
      if (scan.hits.length > 0) throw new Error(`A secret was written to: ${scan.hits.map((h) => h.file).join(', ')}`);
    }
    await Promise.all([services?.moto.stop(), services?.databend.stop()]);
  },
};
