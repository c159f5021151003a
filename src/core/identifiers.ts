// What Databend reads as a name. Source: databend src/query/ast/src/parser/token.rs
// (the `Ident` token) and its list of reserved keywords.

/**
 * An unquoted identifier as Databend's lexer reads it (`Ident`): a letter, `_` or any
 * non-ASCII character, then also digits and `$`. Names of existing objects that match it
 * can be written bare (e.g. after `@` or in `DESC STAGE`).
 */
export const DATABEND_IDENT = /^[_a-zA-Z\u0080-\uFFFF][_$a-zA-Z0-9\u0080-\uFFFF]*$/;

/**
 * The narrower names this extension creates for connections and stages: ASCII letters,
 * digits and `_`, not starting with a digit (portable across clients and shells).
 */
export const SIMPLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

// Words Databend's parser refuses as a bare name (its reserved identifiers, read from
// the parser's token list). Connection and stage names cannot be quoted in Databend
// (a quoted connection name keeps its quotes, CREATE STAGE refuses one), so these
// words are simply not allowed as such names.
const WORDS =
  'all analyze and any anti array as asc asof attach between block both case cast connection create ' +
  'cross current_timestamp desc distinct do else end except false fetch for format from full function ' +
  'grant group having identifier ignore_result in inner intersect into is join lateral leading left ' +
  'like limit masking natural not notification null of offset on or order over partition pipe pivot ' +
  'policy procedure qualify right row rows sample select semi sequence set shares share some stage ' +
  'stream task then to trailing true udf union unpivot using when where window with';

const RESERVED_WORDS: ReadonlySet<string> = new Set(WORDS.split(' '));

export function isReservedWord(name: string): boolean {
  return RESERVED_WORDS.has(name.toLowerCase());
}
