// Databend connection settings <-> DSN. A saved connection keeps everything but the
// password (that one lives in SecretStorage); the DSN is built only when connecting.

export interface ConnectionSettings {
  host: string;
  port: number;
  user: string;
  database: string;
  warehouse?: string;
  /** false only for plain HTTP (sslmode=disable), e.g. a local server. */
  tls: boolean;
  /** Other DSN options, e.g. tenant, role, connect_timeout. */
  options: Record<string, string>;
}

export interface ParsedDsn extends ConnectionSettings {
  password: string;
}

/** Options this extension sets itself unless the user chose otherwise: a dead server fails in seconds. */
export const FAST_FAILURE: Readonly<Record<string, string>> = { retry_count: '1', retry_delay_secs: '1', connect_timeout: '10' };

export function parseDsn(dsn: string): ParsedDsn {
  const text = dsn.trim();
  if (!/^databend(\+http|\+https)?:\/\//i.test(text)) {
    throw new Error('A Databend DSN starts with databend://, for example databend://cloudapp:<password>@<tenant>.gw.<region>.default.databend.com:443/default?warehouse=<warehouse>');
  }
  let url: URL;
  try {
    url = new URL(text.replace(/^databend(\+https?)?:/i, 'http:'));
  } catch {
    throw new Error('This DSN cannot be read: check the host, port and that special characters in the password are percent-encoded.');
  }
  const options = Object.fromEntries(url.searchParams.entries());
  const sslmode = options.sslmode;
  delete options.sslmode;
  const warehouse = options.warehouse;
  delete options.warehouse;
  const tls = sslmode !== 'disable';
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : tls ? 443 : 8000,
    user: decodeURIComponent(url.username) || 'root',
    password: decodeURIComponent(url.password),
    database: decodeURIComponent(url.pathname.replace(/^\//, '')) || 'default',
    warehouse: warehouse || undefined,
    tls,
    options,
  };
}

/** The DSN the driver gets; the password is percent-encoded, never logged. */
export function buildDsn(settings: ConnectionSettings, password: string): string {
  const params = new URLSearchParams({ ...FAST_FAILURE, ...settings.options });
  if (!settings.tls) params.set('sslmode', 'disable');
  if (settings.warehouse) params.set('warehouse', settings.warehouse);
  const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  return `databend://${encodeURIComponent(settings.user)}:${encodeURIComponent(password)}@${host}:${settings.port}/${encodeURIComponent(settings.database)}?${params.toString()}`;
}

/** What users see: never the password. */
export function describeConnection(settings: ConnectionSettings): string {
  return `${settings.user}@${settings.host}:${settings.port}/${settings.database}${settings.warehouse ? ` (warehouse ${settings.warehouse})` : ''}`;
}

export function validateHost(host: string): string | undefined {
  const value = host.trim();
  if (value === '') return 'Enter the host, for example tnxxxx.gw.aws-us-east-2.default.databend.com.';
  if (/[\s/@?#]/.test(value)) return 'Enter only the host name (no scheme, path, user or spaces).';
  return undefined;
}

export function validatePort(port: string): string | undefined {
  const n = Number(port.trim());
  return Number.isInteger(n) && n > 0 && n < 65536 ? undefined : 'The port is a number from 1 to 65535 (443 for Databend Cloud).';
}
