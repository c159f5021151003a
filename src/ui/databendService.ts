// The UI's way to Databend: loads dist/databend.js (and the native driver) on first use,
// keeps sessions per saved login and channel (the tree and Run and Verify share one; each
// SQL editor's runs have their own, so a tree query never takes a run's place), and closes
// them when the login changes or goes away, here or in another window. Without a native
// driver for this platform every Databend call fails with one plain DriverUnavailableError;
// the rest of the extension does not need the driver.

import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import type * as Databend from '../databend/index';
import { buildDsn } from '../core/dsn';
import { explainDecodeFailure } from '../core/diagnose';
import { DriverUnavailableError, errorMessage, withoutDriverVersion } from '../core/errors';
import { driverMissingMessage, isDriverLoadFailure } from '../core/platforms';
import { Commands } from './ids';
import { configureCoreStrings } from './l10n';
import type { Login, LoginStore } from './loginStore';
import { UserError } from './userError';
import type { Logger } from './logger';

export type DatabendModule = typeof Databend;

interface OpenSession {
  loginId: string;
  channel: string;
  session: Promise<Databend.DatabendSession>;
  /** The login's settings the session was opened with. */
  settings: string;
  /** Settings and a digest of the password the session was opened with. */
  fingerprint: Promise<string>;
}

/** The channel of the explorer tree, Describe, Drop and Run and Verify. */
export const TREE_CHANNEL = 'tree';

/**
 * DSN options of the sessions that run a user's SQL: Databend answers a query's first
 * request within a second even while it still runs, and that answer names the query, so
 * Cancel can kill it within a second of its start (the driver tells its id no earlier).
 */
const RUN_OPTIONS: Readonly<Record<string, string>> = { wait_time_secs: '1' };

export class DatabendService {
  private module: DatabendModule | undefined;
  private unavailable: DriverUnavailableError | undefined;
  /** Keyed by login id and channel. */
  private readonly sessions = new Map<string, OpenSession>();
  /** The latest reconcile: a session is handed out only after it, so none from before a change is. */
  private reconciling: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: LoginStore,
    private readonly logger: Logger,
  ) {}

  /** Closes sessions whose login was removed or whose settings or password changed. Call on store changes. */
  reconcile(): Promise<void> {
    const work = this.reconciling.then(() => this.closeStale());
    this.reconciling = work.catch((error: unknown) => this.logger.warn(`reconciling sessions: ${errorMessage(error)}`));
    return work;
  }

  private async closeStale(): Promise<void> {
    await Promise.all(
      [...this.sessions.entries()].map(async ([key, open]) => {
        const now = this.store.get(open.loginId);
        if (!now || (await this.fingerprint(now)) !== (await open.fingerprint)) await this.closeKey(key);
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
        configureCoreStrings(module.configureStrings);
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
   * The open session of a login on a channel (TREE_CHANNEL, or a SQL editor's own),
   * opened on first use (concurrent callers share one). A login whose saved settings
   * changed since, in this window or another, gets a new session.
   * @throws Error naming the login, never carrying the password.
   */
  session(login: Login, channel = TREE_CHANNEL): Promise<Databend.DatabendSession> {
    return this.reconciling.then(() => this.openSession(login, channel));
  }

  private openSession(login: Login, channel: string): Promise<Databend.DatabendSession> {
    try {
      this.load();
    } catch (error) {
      return Promise.reject(error);
    }
    const current = this.store.get(login.id) ?? login;
    const key = `${login.id}\n${channel}`;
    const settings = JSON.stringify(current);
    const open = this.sessions.get(key);
    if (open && open.settings === settings) return open.session;
    if (open) void this.closeKey(key);
    const password = this.store.password(login.id);
    const dsnLogin = channel === TREE_CHANNEL ? current : { ...current, options: { ...current.options, ...RUN_OPTIONS } };
    const session = password.then((secret) =>
      this.load()
        .DatabendSession.open(buildDsn(dsnLogin, secret))
        .catch((error: unknown) => {
          if (this.sessions.get(key)?.session === session) this.sessions.delete(key);
          throw this.explain(current, error, secret);
        }),
    );
    this.sessions.set(key, { loginId: login.id, channel, session, settings, fingerprint: password.then((secret) => digest(current, secret)) });
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
    // A missing driver is about this platform, not the login: said once, in its own words.
    if (error instanceof DriverUnavailableError) return error;
    let message = withoutDriverVersion(errorMessage(error));
    // Already explained (a session's own error passed up again).
    if (message.startsWith(vscode.l10n.t('Databend login "{0}": {1}', login.name, ''))) return error instanceof Error ? error : new Error(message);
    if (password) {
      for (const form of [password, encodeURIComponent(password)]) {
        message = message.split(form).join('***');
      }
    }
    const edit = { title: vscode.l10n.t('Edit Login'), command: Commands.editLogin, args: [{ login }] };
    const undecodable = explainDecodeFailure(message);
    if (undecodable) return new UserError(vscode.l10n.t('Databend login "{0}": {1}', login.name, undecodable), []);
    if (/QueryFailed/.test(message)) {
      // Databend's own answer about the statement: its words are the right ones.
      return new UserError(vscode.l10n.t('Databend login "{0}": {1}', login.name, message), []);
    }
    if (/AuthFailure|401/.test(message)) {
      return new UserError(vscode.l10n.t('Databend login "{0}": the user name or password was refused ({1})', login.name, message), [edit]);
    }
    if (/error sending request|Connection refused|dns error|tcp connect|operation timed out|failed to lookup/i.test(message)) {
      return new UserError(
        vscode.l10n.t('Databend login "{0}": the server at {1}:{2} could not be reached ({3}). Check the host, port, TLS setting and network', login.name, login.host, login.port, message),
        [edit],
        true,
      );
    }
    return new UserError(vscode.l10n.t('Databend login "{0}": {1}', login.name, message), [], true);
  }

  /** Closes every session of a login. */
  async close(loginId: string): Promise<void> {
    await Promise.all([...this.sessions.entries()].filter(([, open]) => open.loginId === loginId).map(([key]) => this.closeKey(key)));
  }

  /** Closes a channel's sessions, on every login (a SQL editor was closed). */
  async closeChannel(channel: string): Promise<void> {
    await Promise.all([...this.sessions.entries()].filter(([, open]) => open.channel === channel).map(([key]) => this.closeKey(key)));
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.sessions.keys()].map((key) => this.closeKey(key)));
  }

  private async closeKey(key: string): Promise<void> {
    const open = this.sessions.get(key);
    this.sessions.delete(key);
    await open?.session.then((s) => s.close()).catch((error: unknown) => this.logger.warn(`closing a session: ${errorMessage(error)}`));
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
