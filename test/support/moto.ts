// Starts moto_server (AWS IAM, STS and S3 on one loopback endpoint) for a test run.

import { ensureMoto } from './prepare';
import { freePort, Service, startService, waitFor } from './processes';
import { ownedTempDir } from './tempDirs';

export interface Moto {
  endpoint: string;
  /** Clears every resource: between tests. */
  reset(): Promise<void>;
  /**
   * Switches moto's IAM authorization on (every request checked against the caller's
   * policies) or off (moto's default): POST /moto-api/reset-auth with 0 or inf free requests.
   */
  enforceIam(on: boolean): Promise<void>;
  stop(): Promise<void>;
}

export const MOTO_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };
export const MOTO_ACCOUNT = '123456789012';

export async function startMoto(): Promise<Moto> {
  const command = ensureMoto();
  const port = await freePort();
  // Large S3 bodies spool to TMPDIR: keep them in the service's own folder.
  const dir = ownedTempDir('moto-');
  const service: Service = startService(command, ['-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, TMPDIR: dir },
    removeOnExit: [dir],
  });
  // moto logs every request, and a traceback for each call of a service it lacks (Access
  // Analyzer, which the plan calls): unread, the pipe fills and moto blocks on its next write.
  service.child.stdout?.resume();
  service.child.stderr?.resume();
  const endpoint = `http://127.0.0.1:${port}`;
  const reset = async () => {
    const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
    if (!response.ok) {
      throw new Error(`moto reset answered ${response.status}`);
    }
  };
  try {
    await waitFor(`moto_server on ${endpoint}`, async () => (await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' })).ok, 30_000);
  } catch (error) {
    await service.stop();
    throw error;
  }
  const enforceIam = async (on: boolean) => {
    const response = await fetch(`${endpoint}/moto-api/reset-auth`, { method: 'POST', body: on ? '0' : 'inf' });
    if (!response.ok) throw new Error(`moto reset-auth answered ${response.status}`);
  };
  return { endpoint, reset, enforceIam, stop: () => service.stop() };
}
