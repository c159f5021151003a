// The query history's rules, pure: what an entry holds, how the list stays bounded, how
// secrets in a statement are masked before it is kept, and how an entry reads in a list.

export interface HistoryEntry {
  id: string;
  /** The statement as run, secrets masked (see maskSecrets); cut when longer than the limit. */
  sql: string;
  /** The statement was longer than kept: it can be read, not run again. */
  cut?: boolean;
  /** Secrets were masked in it: it can be read, and run again only once they are filled in. */
  masked?: boolean;
  loginId: string;
  /** The login's name when it ran. */
  login: string;
  database: string;
  /** Epoch milliseconds. */
  startedAt: number;
  durationMs: number;
  outcome: 'rows' | 'affected' | 'error' | 'cancelled';
  rows?: number;
  /** More rows existed than were fetched. */
  truncated?: boolean;
  affectedRows?: number;
  error?: string;
  queryId: string;
}

export interface HistoryLimits {
  entries: number;
  /** Characters of one statement kept. */
  statementChars: number;
  /** Characters of all statements together. */
  totalChars: number;
}

export const HISTORY_LIMITS: HistoryLimits = { entries: 500, statementChars: 20_000, totalChars: 2_000_000 };

// Databend's credential options (S3, Azure, GCS, OSS, COS) and a user's PASSWORD.
const SECRET_KEYS = ['password', 'secret_access_key', 'aws_secret_key', 'session_token', 'aws_token', 'security_token', 'master_key', 'access_key_secret', 'account_key', 'access_token'];
const KEY_VALUE = new RegExp(`\\b(${SECRET_KEYS.join('|')})(\\s*=\\s*)('(?:[^'\\\\]|\\\\.|'')*'|"(?:[^"\\\\]|\\\\.|"")*")`, 'gi');
const IDENTIFIED_BY = /\b(IDENTIFIED\s+(?:WITH\s+\w+\s+)?BY\s+)('(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.|"")*")/gi;

/**
 * The statement with the values of credential options (`SECRET_ACCESS_KEY = '…'`,
 * `SESSION_TOKEN`, `PASSWORD`, …) and user passwords (`IDENTIFIED BY '…'`) replaced by
 * `'***'`: the history is kept in plain VS Code storage.
 */
export function maskSecrets(sql: string): string {
  return sql.replace(KEY_VALUE, (_m, key: string, eq: string) => `${key}${eq}'***'`).replace(IDENTIFIED_BY, (_m, by: string) => `${by}'***'`);
}

/** An entry ready to keep: secrets masked, a long statement cut. */
export function historyEntry(entry: HistoryEntry, limits: HistoryLimits = HISTORY_LIMITS): HistoryEntry {
  const sql = maskSecrets(entry.sql);
  const flags = sql === entry.sql ? {} : { masked: true };
  if (sql.length <= limits.statementChars) return { ...entry, ...flags, sql };
  return { ...entry, ...flags, sql: sql.slice(0, limits.statementChars), cut: true };
}

/** The list with `entry` first, bounded by the limits (the oldest go first). */
export function addToHistory(list: readonly HistoryEntry[], entry: HistoryEntry, limits: HistoryLimits = HISTORY_LIMITS): HistoryEntry[] {
  const next = [historyEntry(entry, limits), ...list].slice(0, limits.entries);
  let total = next.reduce((sum, e) => sum + e.sql.length, 0);
  while (next.length > 1 && total > limits.totalChars) total -= next.pop()!.sql.length;
  return next;
}

/** What happened, in a few words: "25 rows", "3 rows affected", "failed: …", "cancelled". */
export function outcomeText(entry: HistoryEntry): string {
  switch (entry.outcome) {
    case 'rows':
      return `${(entry.rows ?? 0).toLocaleString('en-US')}${entry.truncated ? '+' : ''} row${entry.rows === 1 ? '' : 's'}`;
    case 'affected':
      return `${(entry.affectedRows ?? 0).toLocaleString('en-US')} row${entry.affectedRows === 1 ? '' : 's'} affected`;
    case 'error':
      return `failed: ${entry.error ?? ''}`;
    case 'cancelled':
      return 'cancelled';
  }
}

/** The statement on one line, for a list. */
export function oneLine(sql: string, max = 120): string {
  const line = sql.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
