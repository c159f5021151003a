// Starts the local Databend (test/support/databend-local) for a test run.
//   npx tsx test/support/databend.ts   starts one by hand and prints its DSN.

import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDatabend } from './prepare';
import { ROOT } from './paths';
import { firstLine, Service, startService } from './processes';
import { ownedTempDir } from './tempDirs';

export interface LocalDatabend {
  port: number;
  version: string;
  user: string;
  password: string;
  /** A DSN for databend-driver: plain HTTP, fast failure. */
  dsn: string;
  logFile: string;
  stop(): Promise<void>;
}

export interface LocalDatabendOptions {
  user?: string;
  password?: string;
  port?: number;
}

export async function startLocalDatabend(options: LocalDatabendOptions = {}): Promise<LocalDatabend> {
  const python = ensureDatabend();
  const user = options.user ?? 'root';
  const password = options.password ?? 'local-test-password';
  const dir = ownedTempDir('databend-local-');
  const logFile = join(dir, 'server.log');
  const service: Service = startService(
    python,
    [join(ROOT, 'test', 'support', 'databend-local', 'server.py'), '--port', String(options.port ?? 0), '--user', user, '--password', password, '--data-dir', join(dir, 'data'), '--log-file', logFile],
    { env: { ...process.env, PYTHONUNBUFFERED: '1', TMPDIR: dir }, removeOnExit: [dir] },
  );
  const tail = () => {
    try {
      return `\n--- ${logFile} ---\n${readFileSync(logFile, 'utf8').slice(-2000)}`;
    } catch {
      return '';
    }
  };
  const ready = JSON.parse(
    await firstLine(service.child, 'the local Databend to listen', 60_000, tail).catch(async (error) => {
      await service.stop();
      throw error;
    }),
  ) as { port: number; version: string };
  return {
    port: ready.port,
    version: ready.version,
    user,
    password,
    dsn: `databend://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${ready.port}/default?sslmode=disable&retry_count=1&retry_delay_secs=0`,
    logFile,
    async stop() {
      await service.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

if (require.main === module) {
  void (async () => {
    const db = await startLocalDatabend({ port: Number(process.env.PORT ?? 0) || undefined, password: process.env.DATABEND_PASSWORD });
    console.log(`Local Databend ${db.version} on 127.0.0.1:${db.port}\nDSN: ${db.dsn}\nLog: ${db.logFile}\nCtrl-C stops it.`);
    process.once('SIGINT', () => void db.stop().then(() => process.exit(0)));
  })();
}
