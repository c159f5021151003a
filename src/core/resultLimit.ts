// Which statements can be fetched whole, bounded by the row cap, in one driver call: a
// query whose result Databend itself cuts at `limit` rows. Pure: the lexing follows
// splitStatements (quotes, comments, $$ bodies are opaque).

/** Words that, at the top level, mean the statement is not a plain query we may bound. */
const NOT_BOUNDABLE = new Set([
  'fetch',
  'ignore_result',
  'format',
  'settings',
  'into',
  'insert',
  'update',
  'delete',
  'merge',
  'replace',
  'copy',
  'create',
  'explain',
]);
const QUERY_START = new Set(['select', 'with', 'values', 'from']);

interface Token {
  /** A lower-cased word, a number, or one punctuation character; '' for an opaque run (quotes, $$). */
  text: string;
  depth: number;
  /** Offsets in the statement. */
  start: number;
  end: number;
}

/** Top-level and nested tokens of a statement, comments left out. */
function tokens(sql: string): Token[] | undefined {
  const out: Token[] = [];
  let depth = 0;
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const ch = sql[i];
    if (/\s/.test(ch)) {
      i += 1;
    } else if (ch === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? n : end + 1;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) return undefined;
      i = end + 2;
    } else if (ch === '$' && sql[i + 1] === '$') {
      const end = sql.indexOf('$$', i + 2);
      if (end < 0) return undefined;
      out.push({ text: '', depth, start: i, end: end + 2 });
      i = end + 2;
    } else if (ch === "'" || ch === '"' || ch === '`') {
      let j = i + 1;
      for (;;) {
        if (j >= n) return undefined;
        if (sql[j] === '\\' && ch !== '`') j += 2;
        else if (sql[j] === ch && sql[j + 1] === ch) j += 2;
        else if (sql[j] === ch) break;
        else j += 1;
      }
      out.push({ text: '', depth, start: i, end: j + 1 });
      i = j + 1;
    } else if (/[A-Za-z_]/.test(ch)) {
      const word = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(sql.slice(i, i + 256))![0];
      out.push({ text: word.toLowerCase(), depth, start: i, end: i + word.length });
      i += word.length;
    } else if (/[0-9]/.test(ch)) {
      const number = /^[0-9][0-9A-Za-z_.]*/.exec(sql.slice(i, i + 256))![0];
      out.push({ text: number, depth, start: i, end: i + number.length });
      i += number.length;
    } else {
      if (ch === ')') depth -= 1;
      if (depth < 0) return undefined;
      out.push({ text: ch, depth, start: i, end: i + 1 });
      if (ch === '(') depth += 1;
      i += 1;
    }
  }
  return depth === 0 ? out : undefined;
}

export interface BoundedQuery {
  /** The statement Databend answers with at most `limit` rows. */
  query: string;
  /** The same statement with LIMIT 0: its columns and types, which Databend plans without running it. */
  columnsProbe: string;
}

/**
 * The statement as a query Databend answers with at most `limit` rows, or undefined when
 * that cannot be said for sure (then the caller streams it row by row under its cap):
 * - a SELECT / WITH / VALUES / FROM query with no top-level LIMIT gets `LIMIT <limit>`
 *   appended on a line of its own (so a trailing `--` comment cannot swallow it);
 * - one whose top-level `LIMIT <n>` (`LIMIT <n> OFFSET <m>`, `LIMIT <m>, <n>`) is a
 *   literal ≤ `limit` is bounded already and runs unchanged;
 * - anything else (DML, SHOW, LIST, a larger or computed LIMIT, OFFSET without LIMIT,
 *   FORMAT, IGNORE_RESULT, a parenthesized query, a `;`) is undefined.
 */
export function boundedQuery(sql: string, limit: number): BoundedQuery | undefined {
  if (!Number.isSafeInteger(limit) || limit < 1) return undefined;
  const all = tokens(sql);
  if (!all || all.length === 0 || !QUERY_START.has(all[0].text)) return undefined;
  const top = all.filter((t) => t.depth === 0);
  let limitAt = -1;
  for (const [index, token] of top.entries()) {
    // A name after a dot (system.settings) or before a parenthesis (replace(...), a function) is no keyword.
    const keyword = top[index - 1]?.text !== '.' && top[index + 1]?.text !== '(';
    if ((keyword && NOT_BOUNDABLE.has(token.text)) || token.text === ';') return undefined;
    if (token.text === 'limit') {
      if (limitAt >= 0) return undefined;
      limitAt = index;
    }
  }
  if (limitAt < 0) {
    // Databend takes no LIMIT after an OFFSET.
    if (top.some((t) => t.text === 'offset')) return undefined;
    return { query: `${sql}\nLIMIT ${limit}`, columnsProbe: `${sql}\nLIMIT 0` };
  }
  // LIMIT n | LIMIT n OFFSET m | LIMIT m, n: literals only, and nothing after them.
  const rest = top.slice(limitAt + 1);
  const literal = (token: Token | undefined): token is Token => token !== undefined && /^[0-9]+$/.test(token.text);
  let count: Token | undefined;
  if (rest.length === 1) count = rest[0];
  else if (rest.length === 3 && rest[1].text === ',' && literal(rest[0])) count = rest[2];
  else if (rest.length === 3 && rest[1].text === 'offset' && literal(rest[2])) count = rest[0];
  if (!literal(count) || Number(count.text) > limit) return undefined;
  return { query: sql, columnsProbe: `${sql.slice(0, count.start)}0${sql.slice(count.end)}` };
}
