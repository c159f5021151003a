// What the real databend-driver signs in to for a DSN, without any server at that address:
// a child process runs the driver with HTTP_PROXY / HTTPS_PROXY pointing at a loopback
// recorder. A plain-HTTP login reaches the recorder as an absolute-form request (host, port,
// Authorization, the login body with database, role and settings, warehouse and tenant
// headers); a TLS login as `CONNECT host:port`, which the recorder refuses, so for TLS the
// same DSN is signed in once more with `sslmode=disable` appended (the driver's last option
// wins) to see the user, password and database it would have sent inside the tunnel.
//
//   node --import tsx test/support/driverLogin.ts   (the child: one DSN per stdin line)

import { ChildProcess, spawn } from 'node:child_process';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { ROOT } from './paths';

/** What the driver sent, in the terms of a saved login. */
export interface DriverLogin {
  host: string;
  port: number;
  tls: boolean;
  user: string;
  password: string;
  database: string;
  role?: string;
  warehouse?: string;
  tenant?: string;
  settings: Record<string, string>;
  /** The request's path: the login endpoint. */
  path: string;
}

export type DriverAnswer = { accepted: true; login: DriverLogin } | { accepted: false; error: string };

interface Seen {
  connect?: { host: string; port: number };
  request?: { host: string; port: number; path: string; authorization: string; body: string; headers: IncomingMessage['headers'] };
}

function hostPort(text: string, defaultPort: number): { host: string; port: number } {
  const url = new URL(text);
  return { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: url.port === '' ? defaultPort : Number(url.port) };
}

/** Options appended to every probed DSN so a refused tunnel fails at once (they change no target). */
const QUICK = 'retry_count=0&retry_delay_secs=0&connect_timeout=2';

function withOptions(dsn: string, extra: string): string {
  return `${dsn}${dsn.includes('?') ? '&' : '?'}${extra}`;
}

/** Marks the child's answer lines. */
const ANSWER = '@@driver-login ';

export class DriverLoginProbe {
  private seen: Seen = {};
  private pending: ((line: string) => void) | undefined;

  private constructor(
    private readonly server: Server,
    private readonly child: ChildProcess,
  ) {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith(ANSWER)) return; // anything else the native driver printed
      const resolve = this.pending;
      this.pending = undefined;
      resolve?.(line.slice(ANSWER.length));
    });
  }

  static async start(): Promise<DriverLoginProbe> {
    const recorder: { probe?: DriverLoginProbe } = {};
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        if (recorder.probe && req.url?.startsWith('http://')) {
          recorder.probe.seen.request = { ...hostPort(req.url, 80), path: new URL(req.url).pathname, authorization: req.headers.authorization ?? '', body: Buffer.concat(chunks).toString('utf8'), headers: req.headers };
        }
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ version: '1.2.800', session_id: 's1', tokens: null }));
      });
    });
    server.on('connect', (req: IncomingMessage, socket) => {
      // CONNECT names host:port (the port always written); IPv6 hosts in brackets.
      const [, target, port] = /^(.*):(\d+)$/.exec(req.url ?? '') ?? [];
      if (recorder.probe && target) recorder.probe.seen.connect = { host: target.replace(/^\[(.*)\]$/, '$1'), port: Number(port) };
      socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const env: NodeJS.ProcessEnv = { ...process.env, RUST_LOG: 'off', NO_PROXY: '', no_proxy: '' };
    for (const name of ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'ALL_PROXY', 'all_proxy']) env[name] = proxy;
    const child = spawn(process.execPath, ['--import', 'tsx', __filename, '--child'], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'inherit'] });
    recorder.probe = new DriverLoginProbe(server, child);
    return recorder.probe;
  }

  /** Signs in once with the driver and returns what reached the recorder. */
  private async signIn(dsn: string): Promise<{ seen: Seen; error?: string }> {
    this.seen = {};
    const line = new Promise<string>((resolve) => (this.pending = resolve));
    this.child.stdin!.write(`${JSON.stringify(dsn)}\n`);
    const answer = JSON.parse(await line) as { error?: string };
    return { seen: this.seen, error: answer.error };
  }

  /** What the driver signs in to for this DSN, or its refusal. */
  async login(dsn: string): Promise<DriverAnswer> {
    const first = await this.signIn(withOptions(dsn, QUICK));
    let plain = first.seen.request;
    if (first.seen.connect) {
      plain = (await this.signIn(withOptions(dsn, `${QUICK}&sslmode=disable`))).seen.request;
    }
    if (!plain) {
      return { accepted: false, error: first.error ?? 'no request reached the recorder' };
    }
    const where = first.seen.connect ?? plain;
    const basic = Buffer.from(plain.authorization.replace(/^Basic /, ''), 'base64').toString('utf8');
    const colon = basic.indexOf(':');
    const body = JSON.parse(plain.body || '{}') as { database?: string; role?: string; settings?: Record<string, string> };
    const header = (name: string) => {
      const value = plain.headers[name];
      // Node reads header bytes as Latin-1; the driver writes UTF-8.
      return typeof value === 'string' ? Buffer.from(value, 'latin1').toString('utf8') : undefined;
    };
    return {
      accepted: true,
      login: {
        host: where.host,
        port: where.port,
        tls: first.seen.connect !== undefined,
        user: basic.slice(0, colon),
        password: basic.slice(colon + 1),
        database: body.database ?? 'default',
        role: body.role,
        warehouse: header('x-databend-warehouse'),
        tenant: header('x-databend-tenant'),
        settings: body.settings ?? {},
        path: plain.path,
      },
    };
  }

  async stop(): Promise<void> {
    this.child.stdin!.end();
    await new Promise((resolve) => this.child.once('exit', resolve));
    await new Promise((resolve) => this.server.close(resolve));
  }
}

async function child(): Promise<void> {
  const { Client } = await import('databend-driver');
  for await (const line of createInterface({ input: process.stdin })) {
    let error: string | undefined;
    try {
      const conn = await new Client(JSON.parse(line) as string).getConn();
      await conn.close();
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    process.stdout.write(`${ANSWER}${JSON.stringify({ error })}\n`);
  }
  process.exit(0);
}

if (process.argv.includes('--child')) {
  void child();
}
