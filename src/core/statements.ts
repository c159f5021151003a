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

const SEMICOLON = 0x3b;
const SINGLE_QUOTE = 0x27;
const DOUBLE_QUOTE = 0x22;
const BACKTICK = 0x60;
const BACKSLASH = 0x5c;
const DASH = 0x2d;
const SLASH = 0x2f;
const STAR = 0x2a;
const DOLLAR = 0x24;
const NEWLINE = 0x0a;
const FORM_FEED = 0x0c;

function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === FORM_FEED;
}

/** Index just past a quoted run that starts at `i` (the opening quote). */
function skipQuoted(text: string, i: number, quote: number): number {
  const n = text.length;
  let j = i + 1;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c === BACKSLASH && quote !== BACKTICK) {
      j += 2;
    } else if (c === quote) {
      // A doubled quote stands for one quote and keeps the run open.
      if (text.charCodeAt(j + 1) === quote) {
        j += 2;
      } else {
        return j + 1;
      }
    } else {
      j += 1;
    }
  }
  return n;
}

/** Index of the first character after a token that starts at `i`, or -1 if `i` starts no skippable token. */
function skipToken(text: string, i: number): number {
  const c = text.charCodeAt(i);
  const next = text.charCodeAt(i + 1);
  if (c === SINGLE_QUOTE || c === DOUBLE_QUOTE || c === BACKTICK) {
    return skipQuoted(text, i, c);
  }
  if (c === DASH && next === DASH) {
    let j = i + 2;
    while (j < text.length && text.charCodeAt(j) !== NEWLINE && text.charCodeAt(j) !== FORM_FEED) {
      j += 1;
    }
    return j;
  }
  if (c === SLASH && next === STAR) {
    const close = text.indexOf('*/', i + 2);
    return close < 0 ? text.length : close + 2;
  }
  if (c === DOLLAR && next === DOLLAR) {
    const close = text.indexOf('$$', i + 2);
    return close < 0 ? text.length : close + 2;
  }
  return -1;
}

function isCommentStart(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  const next = text.charCodeAt(i + 1);
  return (c === DASH && next === DASH) || (c === SLASH && next === STAR);
}

export function splitStatements(text: string): Statement[] {
  const statements: Statement[] = [];
  const n = text.length;
  // First significant character of the current statement (-1: none yet) and the end of its last one.
  let start = -1;
  let lastEnd = -1;
  let i = 0;

  const close = (): void => {
    if (start >= 0) {
      statements.push({ text: text.slice(start, lastEnd), start, end: lastEnd });
    }
    start = -1;
    lastEnd = -1;
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === SEMICOLON) {
      close();
      i += 1;
    } else if (isBlank(c)) {
      i += 1;
    } else {
      const after = skipToken(text, i);
      const comment = after >= 0 && isCommentStart(text, i);
      // Comments neither start a statement nor extend its end.
      if (!comment) {
        if (start < 0) {
          start = i;
        }
        lastEnd = after >= 0 ? after : i + 1;
      }
      i = after >= 0 ? after : i + 1;
    }
  }
  close();
  return statements;
}
