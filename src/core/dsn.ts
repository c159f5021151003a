import * as l10n from '@vscode/l10n';
// Databend connection settings <-> DSN. A saved connection keeps everything but the
// password (that one lives in SecretStorage); the DSN is built only when connecting.
//
// The source of truth is databend-driver 0.33.7 (bendsql core/src/client.rs, from_dsn): it
// reads the DSN as a WHATWG URL with its own scheme (a "non-special" one), then
// - the user is the URL's user name AS WRITTEN: it is never percent-decoded, and without
//   one the driver signs in as root with an empty password, whatever the password says;
// - the password is percent-decoded where a `%` starts a valid `%XX`; any other `%` stays
//   as it is (`50%off!` is the password 50%off!); the bytes must be UTF-8;
// - the database is the path without its leading slashes, AS WRITTEN (not decoded);
// - options are the query, form-decoded, later keys winning; `sslmode=disable` means plain
//   HTTP, `require` / `enable` TLS (the default); the port defaults to 80 or 443 to match;
// - the host and port are read again as `http(s)://host:port`, which lower-cases the host,
//   turns non-ASCII names into punycode and writes IPv4 and IPv6 addresses canonically;
//   a DSN without a host (`databend:///db`) goes to localhost.
// parseDsn applies the same rules, so a saved connection reaches exactly the server, port,
// user, password and database the pasted DSN names; buildDsn writes a DSN that the driver
// reads back as the saved connection, or refuses to.

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

/** Where a login goes and as whom, as the driver sees it; IPv6 hosts without brackets. */
export interface LoginTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  tls: boolean;
}

/** Options this extension sets itself unless the user chose otherwise: a dead server fails in seconds. */
export const FAST_FAILURE: Readonly<Record<string, string>> = { retry_count: '1', retry_delay_secs: '1', connect_timeout: '10' };

const EXAMPLE = 'databend://cloudapp:<password>@<tenant>.gw.<region>.default.databend.com:443/default?warehouse=<warehouse>';

const I64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n };
const U64 = { min: 0n, max: 2n ** 64n - 1n };
const U32 = { min: 0n, max: 2n ** 32n - 1n };

/** The options the driver itself reads, and the values it accepts (others become session settings). */
const OPTION_RULES: Record<string, { range: { min: bigint; max: bigint } } | { values: string[]; anyCase?: boolean }> = {
  wait_time_secs: { range: I64 },
  max_rows_in_buffer: { range: I64 },
  max_rows_per_page: { range: I64 },
  connect_timeout: { range: U64 },
  page_request_timeout_secs: { range: U64 },
  retry_count: { range: U32 },
  retry_delay_secs: { range: U64 },
  presign: { values: ['auto', 'detect', 'on', 'off'] },
  sslmode: { values: ['disable', 'require', 'enable'] },
  login: { values: ['enable', 'disable'] },
  session_token: { values: ['enable', 'disable'] },
  body_format: { values: ['json', 'arrow'], anyCase: true },
  query_result_format: { values: ['json', 'arrow'], anyCase: true },
};

/** Options whose value is a secret: kept out of saved logins, which store options in plain state. */
const SECRET_OPTIONS = new Set(['access_token']);

function checkOption(key: string, value: string): void {
  if (SECRET_OPTIONS.has(key)) {
    throw new Error(l10n.t('The DSN option {0} carries a secret, which a saved login would keep outside VS Code\'s secret storage: sign in with a user and password instead (the password is kept in secret storage).', key));
  }
  // The driver sends options such as warehouse and tenant as HTTP headers, which refuse control characters.
  if (/[\x00-\x1f\x7f]/.test(value)) {
    throw new Error(l10n.t('The DSN option {0} holds a control character (a line break, tab or similar, perhaps %0A or %0D): remove it; the Databend driver cannot send it.', key));
  }
  const rule = OPTION_RULES[key];
  if (!rule) return;
  if ('values' in rule) {
    if (!rule.values.includes(rule.anyCase ? value.toLowerCase() : value)) {
      throw new Error(l10n.t('The DSN option {0}={1} is not one the Databend driver accepts: use {2}.', key, value, rule.values.join(', ')));
    }
    return;
  }
  // Rust's integer parsing: an optional sign (+ only for unsigned), then digits.
  const signed = rule.range.min < 0n;
  if (!(signed ? /^[+-]?\d+$/ : /^\+?\d+$/).test(value) || BigInt(value) < rule.range.min || BigInt(value) > rule.range.max) {
    throw new Error(signed ? l10n.t('The DSN option {0}={1} must be a whole number.', key, value) : l10n.t('The DSN option {0}={1} must be a whole number of 0 or more.', key, value));
  }
}

/** Percent-decodes valid `%XX` only, as the driver's percent_decode_str does, then reads the bytes as UTF-8. */
function decodePassword(raw: string): string {
  const bytes: number[] = [];
  const encoded = new TextEncoder().encode(raw);
  for (let i = 0; i < encoded.length; i++) {
    const hex = encoded[i] === 0x25 && i + 2 < encoded.length ? String.fromCharCode(encoded[i + 1], encoded[i + 2]) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(encoded[i]);
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
  } catch {
    throw new Error(l10n.t('The password in this DSN decodes to bytes that are not UTF-8 text: write each special character as the %XX codes of its UTF-8 bytes (a lone % may stay as it is).'));
  }
}

/**
 * The host as the driver reaches it: `http://host:port` read by a WHATWG URL parser, then
 * held to what an HTTP authority may hold (RFC 3986 reg-name or an IPv6 literal), as the
 * driver's HTTP client does: a WHATWG parser lets `, {, } and " through, the client refuses
 * them. Throws on a host it cannot reach.
 */
function reachableHost(host: string, port: number, tls: boolean): string {
  const hostname = new URL(`${tls ? 'https' : 'http'}://${host}:${port}`).hostname;
  if (!/^\[[0-9A-Fa-f:.]+\]$/.test(hostname) && !/^([A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})+$/.test(hostname)) {
    throw new Error(l10n.t('not an HTTP host: {0}', hostname));
  }
  return hostname.replace(/^\[(.*)\]$/, '$1');
}

/** Leading and trailing ASCII spaces and control characters, which the driver strips (not Unicode spaces). */
const ASCII_EDGES = /^[\x00-\x20]+|[\x00-\x20]+$/g;

export function parseDsn(dsn: string): ParsedDsn {
  const text = dsn.replace(ASCII_EDGES, '');
  if (!/^databend(\+http|\+https)?:/i.test(text)) {
    throw new Error(l10n.t('A Databend DSN starts with databend://, for example {0}', EXAMPLE));
  }
  if (text.includes('#')) {
    throw new Error(l10n.t('A "#" in a DSN ends it (what follows is ignored): write a # in the user name, password or an option as %23.'));
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(l10n.t('This DSN cannot be read as databend://user:password@host:port/database?options: check the host and the port, and write /, ? and # in the user name or password as %2F, %3F and %23.'));
  }

  const options: Record<string, string> = {};
  let tls = true;
  for (const [key, value] of url.searchParams) {
    checkOption(key, value);
    if (key === 'sslmode') {
      tls = value !== 'disable';
    } else {
      options[key] = value;
    }
  }
  const port = url.port === '' ? (tls ? 443 : 80) : Number(url.port);
  if (port === 0) {
    throw new Error(l10n.t('The port in this DSN is 0: give the server\'s port (443 for Databend Cloud).'));
  }
  // No host at all (databend:///db): the driver keeps its default, localhost.
  let host: string;
  try {
    host = reachableHost(url.hostname || 'localhost', port, tls);
  } catch {
    host = '';
  }
  if (host === '') {
    throw new Error(l10n.t('This DSN names no host the driver can reach ("{0}"), for example {1}', url.hostname, EXAMPLE));
  }

  // Without a user name the driver signs in as root with an empty password.
  const user = url.username;
  const password = user === '' ? '' : decodePassword(url.password);
  const warehouse = options.warehouse;
  if (warehouse) delete options.warehouse;
  return {
    host,
    port,
    user: user || 'root',
    password,
    database: url.pathname.replace(/^\/+/, '') || 'default',
    warehouse: warehouse || undefined,
    tls,
    options,
  };
}

/** A user name the driver can be given in a DSN: it sends the name exactly as written there. */
export function validateUser(user: string): string | undefined {
  if (user === '') return l10n.t('Enter the user name, for example cloudapp (Databend Cloud) or root.');
  const asWritten = (name: string) => {
    const url = new URL('databend://host');
    url.username = name;
    return url.username === name;
  };
  if (!asWritten(user)) {
    const bad = [...new Set([...user].filter((ch) => !asWritten(ch)))];
    return l10n.t('The Databend driver cannot sign in as a user whose name contains {0}: it takes the name from the DSN as written.', bad.map((ch) => JSON.stringify(ch)).join(' '));
  }
  return undefined;
}

/** A database name the driver can be given in a DSN: it uses the DSN's path as written. */
export function validateDatabase(database: string): string | undefined {
  if (database === '') return undefined;
  const url = new URL('databend://host');
  url.pathname = `/${database}`;
  if (url.pathname.replace(/^\/+/, '') !== database) {
    return l10n.t('The Databend driver cannot open a database whose name starts with "/", is "." or "..", or contains spaces, ", #, <, >, ?, `, {, } or non-ASCII characters: it takes the name from the DSN as written.');
  }
  return undefined;
}

/** Where the settings and password sign in, as the driver would: the host in its canonical form. */
export function loginTarget(settings: ConnectionSettings, password: string): LoginTarget {
  const bare = settings.host.replace(/^\[(.*)\]$/, '$1');
  let host = bare;
  try {
    host = reachableHost(bare.includes(':') ? `[${bare}]` : bare, settings.port, settings.tls);
  } catch {
    // Not a host: buildDsn refuses it below.
  }
  return { host, port: settings.port, user: settings.user, password, database: settings.database || 'default', tls: settings.tls };
}

/** The DSN the driver gets; the password is percent-encoded, never logged. Throws when the driver could not sign in as the settings say. */
export function buildDsn(settings: ConnectionSettings, password: string): string {
  const userProblem = validateUser(settings.user);
  if (userProblem) throw new Error(userProblem);
  const databaseProblem = validateDatabase(settings.database);
  if (databaseProblem) throw new Error(databaseProblem);
  let secret: string;
  try {
    secret = encodeURIComponent(password);
  } catch {
    throw new Error(l10n.t('The password holds a broken character (an unpaired UTF-16 surrogate); type it again.'));
  }
  const params = new URLSearchParams({ ...FAST_FAILURE, ...settings.options });
  if (!settings.tls) params.set('sslmode', 'disable');
  if (settings.warehouse) params.set('warehouse', settings.warehouse);
  const bare = settings.host.replace(/^\[(.*)\]$/, '$1');
  const host = bare.includes(':') ? `[${bare}]` : bare;
  const dsn = `databend://${settings.user}:${secret}@${host}:${settings.port}/${settings.database}?${params.toString()}`;

  // The driver must reach exactly what the settings name: read the DSN back as it would.
  const wanted = loginTarget(settings, password);
  let back: LoginTarget | undefined;
  try {
    back = parseDsn(dsn);
  } catch {
    back = undefined;
  }
  const differs = (['host', 'port', 'user', 'password', 'database', 'tls'] as const).filter((key) => back?.[key] !== wanted[key]);
  if (differs.length > 0) {
    throw new Error(l10n.t('These connection settings cannot be passed to the Databend driver as they are (check the {0}).', differs.join(', ')));
  }
  return dsn;
}

/** What users see: never the password. */
export function describeConnection(settings: ConnectionSettings): string {
  const host = settings.host.includes(':') && !settings.host.startsWith('[') ? `[${settings.host}]` : settings.host;
  return `${settings.user}@${host}:${settings.port}/${settings.database}${settings.warehouse ? ` (warehouse ${settings.warehouse})` : ''}`;
}

export function validateHost(host: string): string | undefined {
  const value = host.trim();
  if (value === '') return l10n.t('Enter the host, for example tnxxxx.gw.aws-us-east-2.default.databend.com.');
  if (/[\s/@?#]/.test(value)) return l10n.t('Enter only the host name (no scheme, path, user or spaces).');
  if (/[`{}"<>\\^|]/.test(value)) return l10n.t('A host name holds letters, digits, "-" and "." only (no `, {, }, " or similar).');
  return undefined;
}

export function validatePort(port: string): string | undefined {
  const n = Number(port.trim());
  return Number.isInteger(n) && n > 0 && n < 65536 ? undefined : l10n.t('The port is a number from 1 to 65535 (443 for Databend Cloud).');
}
