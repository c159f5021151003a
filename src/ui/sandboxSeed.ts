// `npm run sandbox` starts VS Code with DATABEND_IAM_SANDBOX_DSN set: the extension then
// saves that local Databend as the connection "sandbox" (once). Nothing happens without it.

import { randomUUID } from 'node:crypto';
import { parseDsn } from '../core/dsn';
import type { ConnectionStore } from './connectionStore';

export async function seedSandboxConnection(store: ConnectionStore, dsn: string | undefined): Promise<void> {
  if (!dsn || store.list().some((c) => c.name === 'sandbox')) return;
  const { password, ...settings } = parseDsn(dsn);
  await store.save({ id: randomUUID(), name: 'sandbox', ...settings }, password);
}
