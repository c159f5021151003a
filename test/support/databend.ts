// Starts the local Databend (test/support/databend-local) for a test run.
//   npx tsx test/support/databend.ts   starts one by hand and prints its DSN.

import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { AwsProxy, startAwsProxy } from './awsProxy';
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
  /** With `awsEndpoint`: the proxy the engine reaches AWS through, and its request log. */
  awsProxy?: AwsProxy;
  stop(): Promise<void>;
}

export interface LocalDatabendOptions {
  user?: string;
  password?: string;
  port?: number;
  /**
   * moto's endpoint (http://127.0.0.1:<port>): the engine then reaches AWS as Databend Cloud
   * does, at the real STS and S3 host names, through a TLS-terminating proxy that sends
   * them to moto (awsProxy.ts). A connection with ROLE_ARN works: the engine assumes the
   * role with ENGINE_IDENTITY from its environment. Without it, every outbound request
   * of the engine is refused.
   */
  awsEndpoint?: string;
}

/**
 * The engine's own AWS identity when `awsEndpoint` is set, standing in for Databend
 * Cloud's: it signs the AssumeRole call (moto accepts any key).
 */
export const ENGINE_IDENTITY = { accessKeyId: 'databend-cloud-identity', secretAccessKey: 'databend-cloud-identity-secret' };

/** The environment of an engine reaching AWS through `proxy`: no AWS setting of the caller's leaks in. */
function awsEnvironment(proxy: AwsProxy, dir: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('AWS_')));
  return {
    ...env,
    SSL_CERT_FILE: proxy.caBundle,
    AWS_ACCESS_KEY_ID: ENGINE_IDENTITY.accessKeyId,
    AWS_SECRET_ACCESS_KEY: ENGINE_IDENTITY.secretAccessKey,
    // Nothing but the variables above: no profile files, no instance metadata.
    AWS_CONFIG_FILE: join(dir, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

/**
 * Starts the local Databend, and with `awsEndpoint` its AWS proxy. Both end with `stop()`,
 * or with this process however it ends, and leave no folder. Throws when the server does
 * not listen within 60 s (its log tail is in the message).
 */
export async function startLocalDatabend(options: LocalDatabendOptions = {}): Promise<LocalDatabend> {
  const python = ensureDatabend();
  const user = options.user ?? 'root';
  const password = options.password ?? 'local-test-password';
  const awsProxy = options.awsEndpoint ? await startAwsProxy(options.awsEndpoint) : undefined;
  const dir = ownedTempDir('databend-local-');
  const logFile = join(dir, 'server.log');
  const args = [join(ROOT, 'test', 'support', 'databend-local', 'server.py'), '--port', String(options.port ?? 0), '--user', user, '--password', password, '--data-dir', join(dir, 'data'), '--log-file', logFile];
  const service: Service = startService(python, awsProxy ? [...args, '--egress-proxy', awsProxy.url] : args, {
    env: { ...(awsProxy ? awsEnvironment(awsProxy, dir) : process.env), PYTHONUNBUFFERED: '1', TMPDIR: dir },
    removeOnExit: [dir],
  });
  const stop = async () => {
    await Promise.all([service.stop(), awsProxy?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  };
  const tail = () => {
    try {
      return `\n--- ${logFile} ---\n${readFileSync(logFile, 'utf8').slice(-2000)}`;
    } catch {
      return '';
    }
  };
  const ready = JSON.parse(
    await firstLine(service.child, 'the local Databend to listen', 60_000, tail).catch(async (error) => {
      await stop();
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
    awsProxy,
    stop,
  };
}

if (require.main === module) {
  void (async () => {
    const db = await startLocalDatabend({ port: Number(process.env.PORT ?? 0) || undefined, password: process.env.DATABEND_PASSWORD });
    console.log(`Local Databend ${db.version} on 127.0.0.1:${db.port}\nDSN: ${db.dsn}\nLog: ${db.logFile}\nCtrl-C stops it.`);
    process.once('SIGINT', () => void db.stop().then(() => process.exit(0)));
  })();
}
