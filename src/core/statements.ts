// Splits a SQL script into the statements Databend parses one at a time, reading it the way
// Databend's own lexer and grammar do. Sources (databendlabs/databend, read at v1.2.895-nightly,
// the engine the tests run, and at main of August 2026; the token rules are the same in both):
//
// - src/query/ast/src/parser/token.rs, `TokenKind` and `Tokenizer`:
//   - whitespace is `[ \t\r\n\f]`; `--` runs to `\n` or `\f`; `/*` ends at the first `*/` (no nesting);
//   - `/*+` opens an optimizer hint whose inside is lexed as tokens up to a `*/` token, and is skipped
//     unless it follows INSERT/SELECT/REPLACE/MERGE/UPDATE/DELETE/COPY: a `';'` or `'*/'` inside it is
//     a string, and a `;` inside it does not end anything;
//   - `'…'` and `"…"` take a doubled quote or a backslash before any character but a line break;
//     backtick names have no escapes (a doubled backtick is two names next to each other);
//   - `$$…$$` ends at the first `$$`; an unclosed `$$` is just two `$` tokens;
//   - identifiers are `[_a-zA-Z]` or a Unicode letter, then `[_$a-zA-Z0-9]` or Unicode letters and
//     digits: `$` continues a name (`a$$b` is one identifier); `$name` and `$1` are tokens of their own;
//     a keyword wins over a name of the same length (`ASé` is `AS é`);
//   - numbers (`1_000`, `0x1F`, `1.e5`) end before a `$`, so `1$$x$$` is a number and a `$$` string;
//   - `@` followed by characters other than white space, `,`, `` ` ``, `;`, quotes and parentheses
//     (or a backslash before white space, a quote or a backslash) is one stage location:
//     `@s/run--2024/*.csv` holds no comment;
//   - operators take the longest match (`*/`, `//`, `|/`, `||/`, `#-`, `<@`), so `2*/*x*/3`,
//     `4//*x*/2` and `'{}'#--x` hold no comment and `[1]<@[1]` no location;
//   - a character the lexer cannot read ends tokenizing with "unable to recognize the rest tokens".
// - src/query/ast/src/parser/statement.rs: `create_task` and `alter_task_option` (`MODIFY AS`) end in a
//   `task_sql_block`: one statement, or `BEGIN <statement>; … END` (`BEGIN [TRANSACTION]` alone is the
//   transaction statement, also inside a block); CREATE PROCEDURE … AS takes a `$$` string;
//   EXECUTE IMMEDIATE an expression (a `$$` or quoted string).
// - src/query/ast/src/parser/script.rs: the script language of procedure bodies and EXECUTE IMMEDIATE:
//   IF … END IF, FOR … END FOR, WHILE … END WHILE, REPEAT … END REPEAT, LOOP … END LOOP,
//   CASE … END [CASE]; END and CASE are reserved words (token.rs `is_reserved_ident`), so every bare
//   END closes something: a CASE expression or statement, one of those loops, or the block.
//
// So a `;` ends a statement unless it is inside one of those tokens or inside a task's BEGIN … END
// block. A procedure written `AS BEGIN … END` (or `AS DECLARE … BEGIN … END`) without `$$` is not
// Databend syntax, but it is kept whole too, so its body never runs statement by statement.
// A quote, comment or hint that never closes (or a backslash before a line break inside a quote)
// makes the rest of the text unreadable to Databend: the rest of the script stays one statement,
// sent as is, so the server reports it. Facts are taken from those files; no code is copied.
//
// One pass, linear in the length of the text: CodeLens calls it on every edit. Plain text is
// skipped by a table lookup; words are read only at the start of a statement, and all of a
// statement's tokens only when it is a CREATE/ALTER TASK or CREATE PROCEDURE.

export interface Statement {
  /** The statement without leading comments, surrounding blanks and the closing `;`. */
  text: string;
  /** Offset of the statement's first character in the script. */
  start: number;
  /** Offset just past the statement's last character (before any `;`). */
  end: number;
}

const SEMI = 0x3b;
const QUOTE = 0x27;
const DQUOTE = 0x22;
const BACKTICK = 0x60;
const MINUS = 0x2d;
const SLASH = 0x2f;
const STAR = 0x2a;
const PLUS = 0x2b;
const DOLLAR = 0x24;
const DOT = 0x2e;
const BACKSLASH = 0x5c;
const LINE_FEED = 0x0a;

/** The characters that can change what a `;` means; everything between them is plain text. */
const SPECIAL = new Uint8Array(128);
for (const ch of ";'\"`-/$@") SPECIAL[ch.charCodeAt(0)] = 1;
/** ASCII characters of identifiers: 2 can start one, 1 only continue it. */
const IDENT = new Uint8Array(128);
for (let c = 0x30; c <= 0x39; c++) IDENT[c] = 1;
IDENT[DOLLAR] = 1;
for (let c = 0x41; c <= 0x5a; c++) IDENT[c] = IDENT[c + 0x20] = 2;
IDENT[0x5f] = 2;
/** Characters of multi-character operators, whose longest match can swallow a `-`, `/` or `@`. */
const OPERATOR = new Uint8Array(128);
for (const ch of '/*+<=>-#!~|:?&@') OPERATOR[ch.charCodeAt(0)] = 1;
const OPERATORS = new Set([
  ...['/*+', '<=>', '->>', '#>>', '!~*', '||/'],
  ...['*/', '==', '<>', '!=', '<=', '>=', '//', '||', '::', ':=', '->', '=>', '#>', '~*', '!~', '<<', '>>', '!!', '|/', '?|', '?&', '<@', '@>', '@?', '@@', '#-', '--', '/*'],
]);
/** ASCII characters that end a stage location (white space, `,`, backtick, `;`, quotes, parentheses). */
const LOCATION_STOP = new Uint8Array(128);
for (const ch of ' \t\n\v\f\r,`;\'"()') LOCATION_STOP[ch.charCodeAt(0)] = 1;

const LETTER = /\p{Alphabetic}/u;
const LETTER_OR_DIGIT = /[\p{Alphabetic}\p{Nd}\p{Nl}\p{No}]/u;
const WHITE_SPACE = /\p{White_Space}/u;

// The words the grammar part needs. Keywords are matched case-insensitively, like Databend's.
const K_AS = 1;
const K_BEGIN = 2;
const K_END = 3;
const K_CASE = 4;
const K_CREATE = 5;
const K_ALTER = 6;
const K_OR = 7;
const K_REPLACE = 8;
const K_TASK = 9;
const K_PROCEDURE = 10;
const K_DECLARE = 11;
const K_TRANSACTION = 12;
const K_INNER_END = 13; // IF, FOR, WHILE, LOOP, REPEAT after END: they close a script statement, not the block
/** The keywords by length, in lower case, and their ids. */
const KEYWORDS: string[][] = [];
const KEYWORD_IDS: number[][] = [];
for (const [word, id] of [
  ['as', K_AS],
  ['or', K_OR],
  ['if', K_INNER_END],
  ['end', K_END],
  ['for', K_INNER_END],
  ['case', K_CASE],
  ['task', K_TASK],
  ['loop', K_INNER_END],
  ['begin', K_BEGIN],
  ['alter', K_ALTER],
  ['while', K_INNER_END],
  ['create', K_CREATE],
  ['repeat', K_INNER_END],
  ['replace', K_REPLACE],
  ['declare', K_DECLARE],
  ['procedure', K_PROCEDURE],
  ['transaction', K_TRANSACTION],
] as const) {
  (KEYWORDS[word.length] ??= []).push(word);
  (KEYWORD_IDS[word.length] ??= []).push(id);
}
/** First letters of CREATE and ALTER: only such statements can hold a block. */
const HEAD_LETTER = new Uint8Array(128);
for (const ch of 'CcAa') HEAD_LETTER[ch.charCodeAt(0)] = 1;

// Where a statement head stands: CREATE [OR REPLACE] TASK | PROCEDURE, ALTER TASK.
const H_START = 0;
const H_CREATE = 1;
const H_CREATE_OR = 2;
const H_CREATE_OR_REPLACE = 3;
const H_ALTER = 4;
const H_TASK = 5;
const H_PROCEDURE = 6;
const H_OTHER = 7;

// What the token at a special character is.
const T_PLAIN = 0; // one significant character with no effect on splitting
const T_TOKEN = 1; // a significant token: a quoted run, a $$ string, a stage location
const T_TRIVIA = 2; // a comment or a skipped hint
const T_ERROR = 3; // the lexer cannot read on: the rest of the text
const T_SEMI = 4;

function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0x0c;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function isHexDigit(code: number): boolean {
  return isDigit(code) || ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x66);
}

/** Index of the first special character at or after `from` (the length of the text if none). */
function nextSpecial(text: string, from: number): number {
  const n = text.length;
  let at = from;
  while (at < n) {
    const c = text.charCodeAt(at);
    if (c < 128 && SPECIAL[c] === 1) break;
    at += 1;
  }
  return at;
}

/** Whether the ASCII word at `i` is `lower` (a keyword, in lower case), ending there. */
function isWordAt(text: string, i: number, lower: string): boolean {
  const length = lower.length;
  for (let k = 0; k < length; k++) {
    if ((text.charCodeAt(i + k) | 0x20) !== lower.charCodeAt(k)) return false;
  }
  const after = text.charCodeAt(i + length);
  return !(after < 128 && IDENT[after] !== 0);
}

interface Frame {
  /** CASE expressions or statements open inside the block. */
  cases: number;
  /** Still in a procedure's DECLARE section, before its BEGIN. */
  declare: boolean;
}

/** Databend's tokens, read on demand from any position. Results beyond the returned index go into
 * fields (`kind`, `keyword`, `width`, `peekEnd`) so that nothing is allocated per token. */
class Lexer {
  readonly n: number;
  /** What the token read by `special` is. */
  kind = T_PLAIN;
  /** The keyword of the last word read by `wordEnd` (0: a plain name). */
  keyword = 0;
  /** How many UTF-16 units the code point read by `codePoint` takes. */
  width = 1;
  /** Where the token seen by `peekKeyword` ends. */
  peekEnd = 0;
  /** Where the next backslash is, kept ahead of the scan so each is searched for once. */
  private backslash = -1;

  constructor(readonly text: string) {
    this.n = text.length;
  }

  codePoint(i: number): number {
    const c = this.text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < this.n) {
      const d = this.text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        this.width = 2;
        return ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
      }
    }
    this.width = 1;
    return c;
  }

  isWordStart(i: number): boolean {
    if (i >= this.n) return false;
    const c = this.text.charCodeAt(i);
    return c < 128 ? IDENT[c] === 2 : LETTER.test(String.fromCodePoint(this.codePoint(i)));
  }

  /** Whether the (non-ASCII) character at `i` continues a name; sets `width`. */
  continuesName(i: number): boolean {
    return LETTER_OR_DIGIT.test(String.fromCodePoint(this.codePoint(i)));
  }

  /** Index just past the word starting at `i` (an identifier or keyword); sets `keyword`. */
  wordEnd(i: number): number {
    const { text, n } = this;
    let j = i;
    this.keyword = 0;
    if (text.charCodeAt(i) < 128) {
      j = i + 1;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c >= 128 || IDENT[c] === 0) break;
        j += 1;
      }
      const words = KEYWORDS[j - i];
      if (words !== undefined) {
        const first = text.charCodeAt(i) | 0x20;
        for (let k = 0; k < words.length; k++) {
          if (words[k].charCodeAt(0) === first && isWordAt(text, i, words[k])) {
            this.keyword = KEYWORD_IDS[j - i][k];
            break;
          }
        }
      }
      // A keyword wins over a name of the same length: the letters after it are another name.
      if (this.keyword !== 0 || j >= n || text.charCodeAt(j) < 128) return j;
    }
    while (j < n) {
      const c = text.charCodeAt(j);
      if (c < 128 ? IDENT[c] === 0 : !this.continuesName(j)) break;
      j += c < 128 ? 1 : this.width;
    }
    return j;
  }

  /** Index just past the number starting at `i` (a digit, or a dot before a digit): the longest of
   * `[0-9]+(_|[0-9])*`, `0[xX][a-fA-F0-9]+` and the float forms. */
  numberEnd(i: number): number {
    const { text } = this;
    const at = (k: number) => text.charCodeAt(k);
    let best = i + 1;
    if (at(i) === 0x30 && (at(i + 1) | 0x20) === 0x78 && isHexDigit(at(i + 2))) {
      let j = i + 3;
      while (isHexDigit(at(j))) j += 1;
      best = j;
    }
    let digits = i;
    while (isDigit(at(digits))) digits += 1;
    if (digits > i) {
      let j = digits;
      while (isDigit(at(j)) || at(j) === 0x5f) j += 1;
      best = Math.max(best, j);
    }
    let j = digits;
    let float = false;
    if (at(j) === DOT && (digits > i || isDigit(at(j + 1)))) {
      j += 1;
      while (isDigit(at(j))) j += 1;
      float = true;
    }
    if ((at(j) | 0x20) === 0x65 && (float || digits > i)) {
      let e = j + 1;
      if (at(e) === PLUS || at(e) === MINUS) e += 1;
      if (isDigit(at(e))) {
        while (isDigit(at(e))) e += 1;
        j = e;
        float = true;
      }
    }
    return float ? Math.max(best, j) : best;
  }

  /** Whether the `$` at `p` continues a name that began after `seg` (the end of the last quoted run,
   * comment or location): `a$$b`, `$x$$`. Numbers end before a `$`: `1$$x$$` opens a string. */
  dollarInName(p: number, seg: number): boolean {
    const { text } = this;
    if (p <= seg) return false;
    let q = p;
    while (q > seg) {
      const c = text.charCodeAt(q - 1);
      if (c < 128) {
        if (IDENT[c] === 0 && c !== DOT) break;
        q -= 1;
      } else {
        const low = c >= 0xdc00 && c <= 0xdfff && q - 2 >= seg;
        const at = low ? q - 2 : q - 1;
        if (!this.continuesName(at) || (low && this.width !== 2)) break;
        q = at;
      }
    }
    if (q === p || text.charCodeAt(p - 1) === DOT) return false;
    // Lex forward from a token boundary to see whether a name runs into `p`.
    let i = q;
    while (i < p) {
      const c = text.charCodeAt(i);
      if (c === DOLLAR) {
        const d = text.charCodeAt(i + 1);
        let j = i + 1;
        if (d < 128 && IDENT[d] === 2) {
          j = i + 2;
          while (j < this.n && text.charCodeAt(j) < 128 && IDENT[text.charCodeAt(j)] !== 0) j += 1;
          if (j > p) return true;
        } else {
          while (isDigit(text.charCodeAt(j))) j += 1;
        }
        i = j;
      } else if (isDigit(c) || (c === DOT && isDigit(text.charCodeAt(i + 1)))) {
        i = this.numberEnd(i);
      } else if (c === DOT) {
        i += 1;
      } else if (this.isWordStart(i)) {
        const j = this.wordEnd(i);
        if (j > p) return true;
        i = j;
      } else {
        this.codePoint(i);
        i += this.width;
      }
    }
    return false;
  }

  /** Whether an operator character at `p` starts a token, or is swallowed by a longer operator
   * that began after `seg` (the `/` of a closing hint mark, `-` in `#-`, `@` in `<@`). */
  startsToken(p: number, seg: number): boolean {
    const { text } = this;
    let r = p;
    while (r > seg) {
      const c = text.charCodeAt(r - 1);
      if (c >= 128 || OPERATOR[c] === 0) break;
      r -= 1;
    }
    let k = r;
    while (k < p) {
      k += OPERATORS.has(text.slice(k, k + 3)) ? 3 : OPERATORS.has(text.slice(k, k + 2)) ? 2 : 1;
    }
    return k === p;
  }

  private nextBackslash(from: number): number {
    if (this.backslash !== this.n && this.backslash < from) {
      const found = this.text.indexOf('\\', from);
      this.backslash = found < 0 ? this.n : found;
    }
    return this.backslash;
  }

  /** Index just past the quoted run opening at `i`, or -1 when the lexer cannot read it (never
   * closed, or a backslash before a line break). */
  quotedEnd(i: number, quote: number): number {
    const { text } = this;
    if (quote === BACKTICK) {
      const close = text.indexOf('`', i + 1);
      return close < 0 ? -1 : close + 1;
    }
    const q = quote === QUOTE ? "'" : '"';
    let j = i + 1;
    for (;;) {
      const close = text.indexOf(q, j);
      if (close < 0) return -1;
      const escape = this.nextBackslash(j);
      if (escape < close) {
        if (escape + 1 >= this.n || text.charCodeAt(escape + 1) === LINE_FEED) return -1;
        j = escape + 2;
      } else if (text.charCodeAt(close + 1) === quote) {
        j = close + 2;
      } else {
        return close + 1;
      }
    }
  }

  /** Index just past the stage location at `i` (`@`), or i + 1 for a lone `@`. */
  locationEnd(i: number): number {
    const { text, n } = this;
    let j = i + 1;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (c === BACKSLASH) {
        const d = text.charCodeAt(j + 1);
        j += d === QUOTE || d === DQUOTE || (j + 1 < n && WHITE_SPACE.test(text[j + 1])) ? 2 : 1;
      } else if (c < 128) {
        if (LOCATION_STOP[c] === 1) break;
        j += 1;
      } else {
        if (WHITE_SPACE.test(text[j])) break;
        j += 1;
      }
    }
    return j;
  }

  /** Index just past a hint opening at `at` (`/*+`): its inside is lexed up to a `*` + `/` token.
   * -1 when it never closes. A hint inside a hint nests, as when Databend skips one. */
  hintEnd(at: number): number {
    const { text, n } = this;
    let j = at + 3;
    let seg = j;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (c === STAR && text.charCodeAt(j + 1) === SLASH && this.startsToken(j, seg)) return j + 2;
      if (c >= 128 || SPECIAL[c] === 0 || c === SEMI) {
        j += 1;
        continue;
      }
      const end = this.special(j, seg);
      if (this.kind === T_ERROR) return -1;
      if (this.kind !== T_PLAIN) seg = end;
      j = end;
    }
    return -1;
  }

  /** Reads the token at the special character `at` (`seg`: where the current run of plain text
   * began); sets `kind` and returns the index just past it. */
  special(at: number, seg: number): number {
    const { text, n } = this;
    const c = text.charCodeAt(at);
    const next = text.charCodeAt(at + 1);
    if (c === SEMI) {
      this.kind = T_SEMI;
      return at + 1;
    }
    if (c === QUOTE || c === DQUOTE || c === BACKTICK) {
      const end = this.quotedEnd(at, c);
      this.kind = end < 0 ? T_ERROR : T_TOKEN;
      return end < 0 ? n : end;
    }
    if (c === MINUS) {
      if (next === MINUS && this.startsToken(at, seg)) {
        this.kind = T_TRIVIA;
        let end = at + 2;
        while (end < n) {
          const d = text.charCodeAt(end);
          if (d === LINE_FEED || d === 0x0c) break;
          end += 1;
        }
        return end;
      }
    } else if (c === SLASH) {
      if (next === STAR && this.startsToken(at, seg)) {
        const hint = text.charCodeAt(at + 2) === PLUS;
        const end = hint ? this.hintEnd(at) : text.indexOf('*/', at + 2);
        if (end < 0) {
          this.kind = T_ERROR;
          return n;
        }
        this.kind = T_TRIVIA;
        return hint ? end : end + 2;
      }
    } else if (c === DOLLAR) {
      if (next === DOLLAR && !this.dollarInName(at, seg)) {
        const close = text.indexOf('$$', at + 2);
        if (close >= 0) {
          this.kind = T_TOKEN;
          return close + 2;
        }
      }
    } else if (this.startsToken(at, seg)) {
      // `@`: a stage location, unless nothing follows that a location can hold.
      const end = this.locationEnd(at);
      if (end > at + 1) {
        this.kind = T_TOKEN;
        return end;
      }
    }
    this.kind = T_PLAIN;
    return at + 1;
  }

  /** Index of the first token at or after `i`, past blanks, comments and skipped hints; n at the
   * end, and n when a comment never closes. */
  skipTrivia(i: number): number {
    const { text, n } = this;
    let j = i;
    for (;;) {
      while (j < n && isBlank(text.charCodeAt(j))) j += 1;
      const c = text.charCodeAt(j);
      const d = text.charCodeAt(j + 1);
      if (!((c === MINUS && d === MINUS) || (c === SLASH && d === STAR))) return j;
      const end = this.special(j, j);
      if (this.kind !== T_TRIVIA) return n;
      j = end;
    }
  }

  /** The keyword of the token at `i` (after trivia): -1 for `;`, -2 at the end, 0 for anything
   * else; `peekEnd` is where that token ends. */
  peekKeyword(i: number): number {
    const j = this.skipTrivia(i);
    if (j >= this.n) return -2;
    if (this.text.charCodeAt(j) === SEMI) return -1;
    if (!this.isWordStart(j)) return 0;
    this.peekEnd = this.wordEnd(j);
    return this.keyword;
  }

  /** Whether the statement starting at `i` is CREATE [OR REPLACE] TASK | PROCEDURE or ALTER TASK.
   * Most statements are neither: that is decided without reading whole words. */
  blockHead(i: number): boolean {
    const { text } = this;
    if ((text.charCodeAt(i) | 0x20) === 0x61) {
      return isWordAt(text, i, 'alter') && isWordAt(text, this.skipTrivia(i + 5), 'task');
    }
    if (!isWordAt(text, i, 'create')) return false;
    let j = this.skipTrivia(i + 6);
    let c = text.charCodeAt(j) | 0x20;
    if (c === 0x6f) {
      if (!isWordAt(text, j, 'or')) return false;
      j = this.skipTrivia(j + 2);
      if (!isWordAt(text, j, 'replace')) return false;
      j = this.skipTrivia(j + 7);
      c = text.charCodeAt(j) | 0x20;
    }
    return (c === 0x74 && isWordAt(text, j, 'task')) || (c === 0x70 && isWordAt(text, j, 'procedure'));
  }
}

/** Reads, token by token, a statement that may hold BEGIN … END blocks (a CREATE/ALTER TASK or
 * CREATE PROCEDURE): the heads of the statements in it, AS BEGIN, CASE and END. */
class BlockReader {
  private readonly frames: Frame[] = [];
  private head = H_START;
  private afterAs = false;
  /** End of the statement's significant text. */
  last = 0;

  constructor(private readonly lexer: Lexer) {}

  /** Reads from the statement's first word at `f`; returns the index of the `;` that ends it (n when
   * none). */
  read(f: number): number {
    const lexer = this.lexer;
    const { text, n } = lexer;
    let seg = f;
    let i = f;
    this.last = f;
    for (;;) {
      while (i < n && isBlank(text.charCodeAt(i))) i += 1;
      if (i >= n) return n;
      const c = text.charCodeAt(i);
      if (c < 128 && SPECIAL[c] === 1) {
        const end = lexer.special(i, seg);
        const kind = lexer.kind;
        if (kind === T_ERROR) {
          this.last = n;
          return n;
        }
        if (kind === T_SEMI) {
          if (this.frames.length === 0) return i;
          // The end of a statement inside the block (or of a DECLARE item).
          this.head = H_START;
          this.afterAs = false;
          this.last = end;
          i = seg = end;
          continue;
        }
        if (kind !== T_PLAIN) seg = end;
        if (kind !== T_TRIVIA) {
          this.last = end;
          this.other();
        }
        i = end;
      } else if (c < 128 ? IDENT[c] === 2 : lexer.isWordStart(i)) {
        const end = lexer.wordEnd(i);
        this.last = end;
        i = this.word(lexer.keyword, end);
        if (i > end) this.last = i;
      } else {
        if (isDigit(c) || (c === DOT && isDigit(text.charCodeAt(i + 1)))) {
          i = lexer.numberEnd(i);
        } else {
          lexer.codePoint(i);
          i += lexer.width;
        }
        this.last = i;
        this.other();
      }
    }
  }

  /** A token that is not a word. */
  private other(): void {
    if (this.head < H_TASK) this.head = H_OTHER;
    this.afterAs = false;
  }

  /** A word with keyword `kw` ending at `end`; returns where reading goes on. */
  private word(kw: number, end: number): number {
    const frame = this.frames.length > 0 ? this.frames[this.frames.length - 1] : undefined;
    if (frame !== undefined) {
      if (kw === K_CASE) {
        frame.cases += 1;
        this.head = H_OTHER;
        this.afterAs = false;
        return end;
      }
      if (kw === K_END) {
        this.head = H_OTHER;
        this.afterAs = false;
        const next = this.lexer.peekKeyword(end);
        if (next === K_INNER_END) return end; // END IF, END FOR, …: the word after is read next
        if (next === K_CASE) {
          frame.cases = Math.max(0, frame.cases - 1);
          return this.lexer.peekEnd;
        }
        if (frame.cases > 0) frame.cases -= 1;
        else this.frames.pop();
        return end;
      }
      if (kw === K_BEGIN && frame.declare && this.head === H_START) {
        frame.declare = false;
        return end;
      }
    }
    switch (this.head) {
      case H_START:
        this.head = kw === K_CREATE ? H_CREATE : kw === K_ALTER ? H_ALTER : H_OTHER;
        break;
      case H_CREATE:
        this.head = kw === K_OR ? H_CREATE_OR : kw === K_TASK ? H_TASK : kw === K_PROCEDURE ? H_PROCEDURE : H_OTHER;
        break;
      case H_CREATE_OR:
        this.head = kw === K_REPLACE ? H_CREATE_OR_REPLACE : H_OTHER;
        break;
      case H_CREATE_OR_REPLACE:
        this.head = kw === K_TASK ? H_TASK : kw === K_PROCEDURE ? H_PROCEDURE : H_OTHER;
        break;
      case H_ALTER:
        this.head = kw === K_TASK ? H_TASK : H_OTHER;
        break;
      case H_TASK:
      case H_PROCEDURE:
        if (!this.afterAs) {
          this.afterAs = kw === K_AS;
          break;
        }
        this.afterAs = false;
        if (kw === K_BEGIN) {
          const next = this.lexer.peekKeyword(end);
          if (next === -1 || next === -2 || next === K_TRANSACTION) {
            this.head = H_OTHER; // AS BEGIN [TRANSACTION]: a task running the transaction statement
          } else {
            this.frames.push({ cases: 0, declare: false });
            this.head = H_START;
          }
        } else if (kw === K_DECLARE && this.head === H_PROCEDURE) {
          this.frames.push({ cases: 0, declare: true });
          this.head = H_OTHER;
        } else if (this.head === H_TASK) {
          // A task running one statement: that statement's own head comes next.
          this.head = H_START;
          return this.word(kw, end);
        } else {
          this.head = H_OTHER;
        }
        break;
      default:
        break;
    }
    return end;
  }
}

export function splitStatements(text: string): Statement[] {
  const statements: Statement[] = [];
  const n = text.length;
  const lexer = new Lexer(text);
  // First significant character of the current statement (-1: none yet) and the end of its last one.
  let start = -1;
  let lastEnd = -1;

  let pos = 0;
  // Where the current run of plain text began: the end of the last quoted run, comment or location.
  let seg = 0;
  while (pos < n) {
    const at = nextSpecial(text, pos);
    if (at > pos) {
      // Plain text [pos, at): it may start the statement and moves its end to the last non-blank.
      let last = at - 1;
      while (last >= pos && isBlank(text.charCodeAt(last))) last -= 1;
      if (last >= pos) {
        lastEnd = last + 1;
        if (start < 0) {
          start = pos;
          while (isBlank(text.charCodeAt(start))) start += 1;
          if (HEAD_LETTER[text.charCodeAt(start)] === 1 && lexer.blockHead(start)) {
            // The statement may hold a BEGIN … END block: read it token by token.
            const reader = new BlockReader(lexer);
            const end = reader.read(start);
            statements.push({ text: text.slice(start, reader.last), start, end: reader.last });
            start = -1;
            pos = seg = end + 1;
            continue;
          }
        }
      }
    }
    if (at >= n) break;
    const c = text.charCodeAt(at);
    if (c === SEMI) {
      if (start >= 0) statements.push({ text: text.slice(start, lastEnd), start, end: lastEnd });
      start = -1;
      pos = seg = at + 1;
      continue;
    }
    const end = c === QUOTE || c === DQUOTE || c === BACKTICK ? lexer.quotedEnd(at, c) : lexer.special(at, seg);
    const kind = c === QUOTE || c === DQUOTE || c === BACKTICK ? (end < 0 ? T_ERROR : T_TOKEN) : lexer.kind;
    if (kind === T_PLAIN) {
      if (start < 0) start = at;
      lastEnd = at + 1;
    } else if (kind !== T_TRIVIA) {
      // A quoted run, $$ string or location, or what the lexer cannot read: significant.
      if (start < 0) start = at;
      lastEnd = kind === T_ERROR ? n : end;
      seg = lastEnd;
    } else {
      seg = end;
    }
    pos = kind === T_ERROR ? n : kind === T_PLAIN ? at + 1 : end;
  }
  if (start >= 0) statements.push({ text: text.slice(start, lastEnd), start, end: lastEnd });
  return statements;
}

const DML = new Set(['insert', 'update', 'delete', 'merge', 'replace']);

/** Whether a statement reports affected rows (DML) rather than result rows. */
export function isDml(statement: string): boolean {
  const first = /^\s*(?:(?:--[^\n]*\n|\/\*[\s\S]*?\*\/)\s*)*([A-Za-z]+)/.exec(statement)?.[1];
  return first !== undefined && DML.has(first.toLowerCase());
}
