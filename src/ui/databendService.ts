// The UI's way to Databend: loads dist/databend.js (and the native driver) on first use,
// keeps one session per saved login, and closes it when the login changes or goes away.
// Without a native driver for this platform every Databend call fails with one plain
// DriverUnavailableError; the rest of the extension does not need the driver.

import { createHash } from 'node:crypto';
import type * as Databend from '../databend/index';
import { buildDsn } from '../core/dsn';
import { DriverUnavailableError, errorMessage, withoutDriverVersion } from '../core/errors';
import { driverMissingMessage, isDriverLoadFailure } from '../core/platforms';
import { Commands } from './ids';
import type { Login, LoginStore } from './loginStore';
import { UserError } from './userError';
import type { Logger } from './logger';

export type DatabendModule = typeof Databend;

interface OpenSession {
  session: Promise<Databend.DatabendSession>;
  /** Settings and a digest of the password the session was opened with. */
  fingerprint: Promise<string>;
}

export class DatabendService {
  private module: DatabendModule | undefined;
  private unavailable: DriverUnavailableError | undefined;
  private readonly sessions = new Map<string, OpenSession>();

  constructor(
    private readonly store: LoginStore,
    private readonly logger: Logger,
  ) {}

  /** Closes sessions whose login was removed or whose settings or password changed. Call on store changes. */
  async reconcile(): Promise<void> {
    await Promise.all(
      [...this.sessions.entries()].map(async ([id, open]) => {
        const now = this.store.get(id);
        if (!now || (await this.fingerprint(now)) !== (await open.fingerprint)) await this.close(id);
      }),
    );
  }

  /** dist/databend.js and the native driver. @throws DriverUnavailableError when this platform has no driver here. */
  load(): DatabendModule {
    if (this.unavailable) throw this.unavailable;
    if (!this.module) {
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- a separate bundle next to extension.js, loaded lazily on purpose
        const module = require('./databend.js') as DatabendModule;
        module.loadDriver();
        this.module = module;
      } catch (error) {
        if (!isDriverLoadFailure(error as Error & { code?: unknown })) throw error;
        const { message, summary } = driverMissingMessage(hostPlatform());
        this.unavailable = new DriverUnavailableError(message, summary);
        this.logger.error('the Databend driver could not be loaded', error);
        throw this.unavailable;
      }
      this.logger.info('Databend driver loaded');
    }
    return this.module;
  }

  /**
   * The open session of a login, opened on first use (concurrent callers share one).
   * @throws Error naming the login, never carrying the password.
   */
  session(login: Login): Promise<Databend.DatabendSession> {
    const open = this.sessions.get(login.id);
    if (open) return open.session;
    try {
      this.load();
    } catch (error) {
      return Promise.reject(error);
    }
    const password = this.store.password(login.id);
    const session = password.then((secret) =>
      this.load()
        .DatabendSession.open(buildDsn(login, secret))
        .catch((error: unknown) => {
          if (this.sessions.get(login.id)?.session === session) this.sessions.delete(login.id);
          throw this.explain(login, error, secret);
        }),
    );
    this.sessions.set(login.id, { session, fingerprint: password.then((secret) => digest(login, secret)) });
    return session;
  }

  /** A fresh session that is not kept: for "Test Login" and settings not yet saved. */
  async probe(login: Login, password: string): Promise<string> {
    const { DatabendSession } = this.load();
    let session: Databend.DatabendSession | undefined;
    try {
      session = await DatabendSession.open(buildDsn(login, password));
      return await session.version();
    } catch (error) {
      throw this.explain(login, error, password);
    } finally {
      await session?.close().catch(() => undefined);
    }
  }

  /**
   * The driver's error in the user's terms: which login, what to check, the password masked;
   * Edit Login fixes a refused password or a wrong address, Retry a server that was down.
   */
  explain(login: Login, error: unknown, password?: string): Error {
    let message = withoutDriverVersion(errorMessage(error));
    if (password) {
      for (const form of [password, encodeURIComponent(password)]) {
        message = message.split(form).join('***');
      }
    }
    const edit = { title: 'Edit Login', command: Commands.editLogin, args: [{ login }] };
    if (/QueryFailed/.test(message)) {
      // Databend's own answer about the statement: its words are the right ones.
      return new UserError(`Databend login "${login.name}": ${message}`, []);
    }
    if (/AuthFailure|401/.test(message)) {
      return new UserError(`Databend login "${login.name}": the user name or password was refused (${message})`, [edit]);
    }
    if (/error sending request|Connection refused|dns error|tcp connect|operation timed out|failed to lookup/i.test(message)) {
      return new UserError(
        `Databend login "${login.name}": the server at ${login.host}:${login.port} could not be reached (${message}). Check the host, port, TLS setting and network`,
        [edit],
        true,
      );
    }
    return new UserError(`Databend login "${login.name}": ${message}`, [], true);
  }

  async close(id: string): Promise<void> {
    const open = this.sessions.get(id);
    this.sessions.delete(id);
    await open?.session.then((s) => s.close()).catch((error: unknown) => this.logger.warn(`closing a session: ${errorMessage(error)}`));
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.sessions.keys()].map((id) => this.close(id)));
  }

  private async fingerprint(login: Login): Promise<string> {
    return digest(login, await this.store.password(login.id));
  }
}

/** Node's platform and arch here, and whether the C library is musl (no glibc in the process report). */
function hostPlatform(): { platform: string; arch: string; musl: boolean } {
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
  return { platform: process.platform, arch: process.arch, musl: process.platform === 'linux' && !header?.glibcVersionRuntime };
}

/** Settings plus a SHA-256 of the password: compared, never shown or stored. */
function digest(login: Login, password: string): string {
  return `${JSON.stringify(login)}\n${createHash('sha256').update(password).digest('hex')}`;
}
