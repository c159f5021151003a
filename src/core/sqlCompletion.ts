// What a SQL editor's completion offers at the cursor: stage names after `@`, connection
// names inside `CONNECTION_NAME = '…'`, and databases, tables and keywords for a plain
// word. Pure: the names come from the caller (a cache of the login's catalog).

import { DATABEND_IDENT, isReservedWord } from './identifiers';

/** Where the cursor is, and the text already typed there (`typed` ends at the cursor). */
export type CompletionSite =
  | { kind: 'stage'; typed: string }
  | { kind: 'connection'; typed: string }
  | { kind: 'identifier'; typed: string };

/**
 * Characters Databend's lexer ends an `@location` token at (databend
 * src/query/ast/src/parser/token.rs: `@` then anything but whitespace, `,`, `;`, quotes
 * and parentheses).
 */
const LOCATION_CHAR = /[^\s,;'"`()]/u;
const LOCATION_TAIL = /@([^\s,;'"`()]*)$/u;
const CONNECTION_NAME_TAIL = /\bCONNECTION_NAME\s*=\s*'((?:[^'\\\n]|\\.)*)$/iu;
const WORD_TAIL = /(?:^|[^_$\p{L}\p{N}.@'"`])([_\p{L}][_$\p{L}\p{N}]*)?$/u;

/**
 * What to complete for `before`, the text of the line up to the cursor; undefined when
 * nothing should be offered (inside a string other than a connection name, inside a
 * comment, after `@stage/` where a path starts, after a `.`).
 */
export function completionSite(before: string): CompletionSite | undefined {
  const connection = CONNECTION_NAME_TAIL.exec(before);
  if (connection) return { kind: 'connection', typed: connection[1] };
  if (insideStringOrComment(before)) return undefined;
  const location = LOCATION_TAIL.exec(before);
  if (location) return location[1].includes('/') ? undefined : { kind: 'stage', typed: location[1] };
  const word = WORD_TAIL.exec(before);
  if (word) return { kind: 'identifier', typed: word[1] ?? '' };
  return undefined;
}

/** True when the line so far leaves an open quote or a `--` comment (enough for one line; block comments are not tracked). */
function insideStringOrComment(line: string): boolean {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\' && quote === "'") i++;
      else if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"' || c === '`') {
      quote = c;
    } else if (c === '-' && line[i + 1] === '-') {
      return true;
    } else if (c === '@') {
      // A location token runs to its end whatever it holds (`@s/run--1/` has no comment).
      while (i + 1 < line.length && LOCATION_CHAR.test(line[i + 1])) i++;
    }
  }
  return quote !== undefined;
}

/**
 * The text to insert after `@` for a stage: its name as the location token reads it, when
 * every character of it belongs to one; undefined for a name the lexer would cut (a space,
 * a comma, a quote, a parenthesis), which cannot be written after `@`. Source: databend's
 * token.rs (the location token).
 */
export function stageReference(name: string): string | undefined {
  return name !== '' && [...name].every((c) => LOCATION_CHAR.test(c)) ? name : undefined;
}

/**
 * The text to insert inside `CONNECTION_NAME = '…'`: the name as a string literal's body
 * (a quote doubled, a backslash escaped), since Databend reads escapes in string literals.
 */
export function connectionNameLiteral(name: string): string {
  return name.replace(/\\/g, '\\\\').replace(/'/g, "''");
}

/**
 * A database or table name as it is written in SQL: bare when Databend reads it as one
 * identifier and it is no reserved word, else in double quotes (a `"` doubled).
 */
export function identifierReference(name: string): string {
  return DATABEND_IDENT.test(name) && !isReservedWord(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** Databend keywords offered for a plain word, upper case (a few dozen common ones, not the grammar). */
export const SQL_KEYWORDS: readonly string[] = (
  'SELECT FROM WHERE GROUP BY ORDER HAVING LIMIT OFFSET JOIN LEFT RIGHT INNER OUTER ON AS AND OR NOT NULL IS IN ' +
  'BETWEEN LIKE CASE WHEN THEN ELSE END DISTINCT UNION ALL INSERT INTO VALUES UPDATE SET DELETE CREATE REPLACE ' +
  'TABLE DATABASE STAGE CONNECTION DROP ALTER SHOW DESC DESCRIBE LIST REMOVE COPY FILE_FORMAT PATTERN FILES URL ' +
  'CONNECTION_NAME STORAGE_TYPE ROLE_ARN EXTERNAL_ID IF EXISTS USE EXPLAIN WITH TYPE PARQUET CSV NDJSON'
).split(' ');
