// The UI's way to Databend: loads dist/databend.js (and the native driver) on first use,
// keeps one session per saved connection, closes it when the connection goes away.

import type * as Databend from '../databend/index';
import { buildDsn } from '../core/dsn';
import { errorMessage } from '../core/errors';
import type { ConnectionStore, SavedConnection } from './connectionStore';
import type { Logger } from './logger';

export type DatabendModule = typeof Databend;

export class DatabendService {
  private module: DatabendModule | undefined;
  private readonly sessions = new Map<string, Promise<Databend.DatabendSession>>();
  /** The settings each session was opened with. */
  private readonly openedWith = new Map<string, string>();

  constructor(
    private readonly store: ConnectionStore,
    private readonly logger: Logger,
  ) {
    store.onDidChange(() => {
      // Removed connections lose their session; edited ones reconnect with the new settings.
      for (const [id, settings] of this.openedWith) {
        const now = store.get(id);
        if (!now || JSON.stringify(now) !== settings) {
          void this.close(id);
        }
      }
    });
  }

  load(): DatabendModule {
    if (!this.module) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a separate bundle next to extension.js, loaded lazily on purpose
      this.module = require('./databend.js') as DatabendModule;
      this.logger.info('Databend driver loaded');
    }
    return this.module;
  }

  /** The open session of a connection; errors name the connection and never carry the password. */
  async session(connection: SavedConnection): Promise<Databend.DatabendSession> {
    let session = this.sessions.get(connection.id);
    if (!session) {
      const password = await this.store.password(connection.id);
      const { DatabendSession } = this.load();
      session = DatabendSession.open(buildDsn(connection, password)).catch((error: unknown) => {
        this.sessions.delete(connection.id);
        throw this.explain(connection, error, password);
      });
      this.sessions.set(connection.id, session);
      this.openedWith.set(connection.id, JSON.stringify(connection));
    }
    return session;
  }

  /** A fresh session that is not kept: for "Test Connection" with settings not yet saved. */
  async probe(connection: SavedConnection, password: string): Promise<string> {
    const { DatabendSession } = this.load();
    let session: Databend.DatabendSession | undefined;
    try {
      session = await DatabendSession.open(buildDsn(connection, password));
      return await session.version();
    } catch (error) {
      throw this.explain(connection, error, password);
    } finally {
      await session?.close().catch(() => undefined);
    }
  }

  explain(connection: SavedConnection, error: unknown, password?: string): Error {
    let message = errorMessage(error).replace(/\s*\[v\d+\.\d+\.\d+\]\s*$/, '');
    if (password) {
      for (const form of [password, encodeURIComponent(password)]) {
        message = message.split(form).join('***');
      }
    }
    if (/QueryFailed/.test(message)) {
      // Databend's own answer about the statement: its words are the right ones.
    } else if (/AuthFailure|401/.test(message)) {
      message = `the user name or password was refused (${message})`;
    } else if (/error sending request|Connection refused|dns error|tcp connect|operation timed out|failed to lookup/i.test(message)) {
      message = `the server at ${connection.host}:${connection.port} could not be reached (${message}). Check the host, port, TLS setting and network`;
    }
    return new Error(`Databend connection "${connection.name}": ${message}`);
  }

  async close(id: string): Promise<void> {
    const session = this.sessions.get(id);
    this.sessions.delete(id);
    this.openedWith.delete(id);
    await session?.then((s) => s.close()).catch((error: unknown) => this.logger.warn(`closing a session: ${errorMessage(error)}`));
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.sessions.keys()].map((id) => this.close(id)));
  }
}
