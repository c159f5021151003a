// Services shared by the integration tests, started on first use and stopped after the run.

import { LocalDatabend, startLocalDatabend } from '../support/databend';
import { Moto, startMoto } from '../support/moto';

let databend: Promise<LocalDatabend> | undefined;
let moto: Promise<Moto> | undefined;

// The driver's native part logs retries to stdout; tests want quiet output.
process.env.RUST_LOG ??= 'off';

export function localDatabend(): Promise<LocalDatabend> {
  databend ??= startLocalDatabend();
  return databend;
}

export function localMoto(): Promise<Moto> {
  moto ??= startMoto();
  return moto;
}

export const mochaHooks = {
  async afterAll(this: unknown) {
    await Promise.all([databend?.then((d) => d.stop()), moto?.then((m) => m.stop())]);
  },
};
