// Starts the local engine's way to "AWS": mitmproxy (mitmdump) on loopback as an HTTPS
// proxy with a throwaway CA, sending every *.amazonaws.com request to moto and refusing
// everything else (aws-proxy/addon.py). The engine keeps the real host names (STS,
// S3), so the guide's SQL runs unchanged; the request log shows what the engine asked.

import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { ensureAwsProxy } from './prepare';
import { freePort, Service, startService, waitFor } from './processes';
import { ownedTempDir } from './tempDirs';

/** Debian's bundle of trusted CAs; the engine keeps trusting them next to the proxy's CA. */
const SYSTEM_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

/** One request the proxy forwarded to moto (a line of its log). */
export interface ProxiedRequest {
  /** The AWS host the engine asked for, e.g. sts.us-east-1.amazonaws.com. */
  host: string;
  method: string;
  /** Path and query as sent. */
  path: string;
  /** moto's HTTP status. */
  status: number;
  /** The access key id the request was signed with (SigV4 Authorization header), if signed. */
  accessKeyId?: string;
  /** STS only: the action's parameters (query or form), e.g. Action, RoleArn, ExternalId. */
  params?: Record<string, string>;
  /** STS only: the access key id of the temporary credentials moto handed out. */
  assumedAccessKeyId?: string;
}

export interface AwsProxy {
  /** For HTTPS_PROXY / HTTP_PROXY: `http://127.0.0.1:<port>`. */
  url: string;
  /** For SSL_CERT_FILE: the system's trusted CAs plus this proxy's throwaway CA (PEM). */
  caBundle: string;
  /** Requests forwarded to moto so far, oldest first. */
  requests(): ProxiedRequest[];
  /** Targets refused so far (`host:port`), oldest first. */
  refused(): string[];
  stop(): Promise<void>;
}

function readLog(file: string): Record<string, unknown>[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts the proxy in front of moto at `target` (e.g. http://127.0.0.1:5000). Its folder
 * (CA, bundle, log) is removed when it stops, also when this process is killed.
 * Throws when mitmdump does not listen within 30 s (its output is in the message).
 */
export async function startAwsProxy(target: string): Promise<AwsProxy> {
  const mitmdump = ensureAwsProxy();
  const dir = ownedTempDir('aws-proxy-');
  const confdir = join(dir, 'conf');
  const log = join(dir, 'requests.jsonl');
  const port = await freePort();
  const service: Service = startService(
    mitmdump,
    [
      '-s',
      join(__dirname, 'aws-proxy', 'addon.py'),
      '--listen-host',
      '127.0.0.1',
      '--listen-port',
      String(port),
      // A fresh CA per run, made at start.
      '--set',
      `confdir=${confdir}`,
      // Never dial the host a client CONNECTs to (it would be the real AWS): the addon
      // picks the server when the request comes, and certificates are minted from the
      // client's SNI alone.
      '--set',
      'connection_strategy=lazy',
      '--set',
      'upstream_cert=false',
      '--set',
      'http3=false',
      '--flow-detail',
      '0',
      '--set',
      `aws_target=${target}`,
      '--set',
      `aws_log=${log}`,
    ],
    { env: { ...process.env, TMPDIR: dir }, removeOnExit: [dir] },
  );
  let output = '';
  service.child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  service.child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  const ca = join(confdir, 'mitmproxy-ca-cert.pem');
  const exited = new Promise<never>((_, reject) => service.child.once('exit', (code, signal) => reject(new Error(`mitmdump exited (${code ?? signal})`))));
  try {
    // The CA is written at start, before the port listens.
    await Promise.race([waitFor(`mitmdump on 127.0.0.1:${port}`, async () => existsSync(ca) && (await accepts(port)), 30_000, 100), exited]);
  } catch (error) {
    await service.stop();
    throw new Error(`${(error as Error).message}\n--- mitmdump output ---\n${output}`);
  }
  const caBundle = join(dir, 'ca-bundle.pem');
  const system = existsSync(SYSTEM_CA_BUNDLE) ? readFileSync(SYSTEM_CA_BUNDLE, 'utf8') : '';
  writeFileSync(caBundle, `${system}\n${readFileSync(ca, 'utf8')}`);
  return {
    url: `http://127.0.0.1:${port}`,
    caBundle,
    requests: () => readLog(log).filter((entry) => !('refused' in entry)) as unknown as ProxiedRequest[],
    refused: () => readLog(log).flatMap((entry) => ('refused' in entry ? [String(entry.refused)] : [])),
    async stop() {
      await service.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
