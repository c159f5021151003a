// Starts every service the tests and the sandbox use (moto, the local Databend and its
// AWS proxy, code-server, Chromium), through their launchers, prints one
// JSON line when all are up, and then waits to be killed: the child process of
// services.test.ts, which SIGKILLs it and checks that nothing it started is left.
//
//   node --import tsx test/harness/startServices.ts

import { launchBrowser, openWorkbench } from '../support/browser';
import { startCodeServer } from '../support/codeServer';
import { startLocalDatabend } from '../support/databend';
import { startMoto } from '../support/moto';
import { NEWEST } from '../support/paths';

async function main(): Promise<void> {
  const moto = await startMoto();
  // With the AWS proxy (mitmdump) in front of moto, as the guide's test runs it.
  const databend = await startLocalDatabend({ awsEndpoint: moto.endpoint });
  const server = await startCodeServer({ release: NEWEST, motoProfiles: true, settings: { 'databendIam.aws.endpointUrl': moto.endpoint } });
  const browser = await launchBrowser();
  // The extension host starts only once a window connects.
  await openWorkbench(browser, server.workspaceUrl);
  console.log(JSON.stringify({ moto: moto.endpoint, databend: databend.port, codeServer: server.url }));
  // Keep the event loop alive until killed.
  setInterval(() => undefined, 60_000);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
