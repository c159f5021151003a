// Splits a SQL script into statements the way Databend's lexer sees it, so a `;` inside
// a string, a quoted name, a comment or a $$ body never ends a statement. One pass,
// linear in the length of the text: CodeLens calls it on every edit.

export interface Statement {
  /** The statement without leading comments, surrounding blanks and the closing `;`. */
  text: string;
  /** Offset of the statement's first character in the script. */
  start: number;
  /** Offset just past the statement's last character (before any `;`). */
  end: number;
}

// The characters that can change what a ';' means; everything between them is plain text.
// A lookup table keeps the inner loop to one comparison per character; quoted runs and
// comments are skipped with indexOf. Each character is visited a bounded number of times.
const SPECIAL = new Uint8Array(128);
for (const ch of ";'\"`-/$") SPECIAL[ch.charCodeAt(0)] = 1;
const LINE_END = /[\n\f]/g;

function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0x0c;
}

export function splitStatements(text: string): Statement[] {
  const statements: Statement[] = [];
  const n = text.length;
  // First significant character of the current statement (-1: none yet) and the end of its last one.
  let start = -1;
  let lastEnd = -1;

  const close = (): void => {
    if (start >= 0) {
      statements.push({ text: text.slice(start, lastEnd), start, end: lastEnd });
    }
    start = -1;
    lastEnd = -1;
  };

  /** Plain text [from, to): it may start the statement and moves its end to the last non-blank. */
  const plain = (from: number, to: number): void => {
    let last = to - 1;
    while (last >= from && isBlank(text.charCodeAt(last))) last -= 1;
    if (last < from) return;
    if (start < 0) {
      let first = from;
      while (isBlank(text.charCodeAt(first))) first += 1;
      start = first;
    }
    lastEnd = last + 1;
  };

  // Where the next backslash is, kept ahead of the scan so each is searched for once.
  let backslash = -1;
  const nextBackslash = (from: number): number => {
    if (backslash !== n && backslash < from) {
      const found = text.indexOf('\\', from);
      backslash = found < 0 ? n : found;
    }
    return backslash;
  };

  /** Index just past the quoted run opening at `i`; the end of the text if it never closes. */
  const skipQuoted = (i: number, quote: string): number => {
    let j = i + 1;
    for (;;) {
      const close = text.indexOf(quote, j);
      if (close < 0) return n;
      // Backticks have no escapes in Databend: only a doubled backtick continues the run.
      const escape = quote === '`' ? n : nextBackslash(j);
      if (escape < close) {
        j = escape + 2;
      } else if (text.charCodeAt(close + 1) === text.charCodeAt(close)) {
        j = close + 2;
      } else {
        return close + 1;
      }
    }
  };

  /** A quoted run or $$ body [from, to): always significant. */
  const token = (from: number, to: number): void => {
    if (start < 0) start = from;
    lastEnd = to;
  };

  let pos = 0;
  while (pos <= n) {
    let at = pos;
    while (at < n) {
      const code = text.charCodeAt(at);
      if (code < 128 && SPECIAL[code] === 1) break;
      at += 1;
    }
    if (at > pos) plain(pos, at);
    if (at >= n) break;
    const found = text[at];
    const next = text[at + 1];
    if ((found === '-' && next !== '-') || (found === '/' && next !== '*') || (found === '$' && next !== '$')) {
      // A minus, a slash or a lone $ is plain text.
      plain(at, at + 1);
      pos = at + 1;
    } else if (found === ';') {
      close();
      pos = at + 1;
    } else if (found === '-') {
      // Comments neither start a statement nor extend its end.
      LINE_END.lastIndex = at + 2;
      const end = LINE_END.exec(text);
      pos = end ? end.index : n;
    } else if (found === '/') {
      const end = text.indexOf('*/', at + 2);
      pos = end < 0 ? n : end + 2;
    } else if (found === '$') {
      const end = text.indexOf('$$', at + 2);
      pos = end < 0 ? n : end + 2;
      token(at, pos);
    } else {
      pos = skipQuoted(at, found);
      token(at, pos);
    }
  }
  close();
  return statements;
}

const DML = new Set(['insert', 'update', 'delete', 'merge', 'replace']);

/** Whether a statement reports affected rows (DML) rather than result rows. */
export function isDml(statement: string): boolean {
  const first = /^\s*(?:(?:--[^\n]*\n|\/\*[\s\S]*?\*\/)\s*)*([A-Za-z]+)/.exec(statement)?.[1];
  return first !== undefined && DML.has(first.toLowerCase());
}
