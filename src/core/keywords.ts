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

export const RESERVED_WORDS: ReadonlySet<string> = new Set(WORDS.split(' '));

export function isReservedWord(name: string): boolean {
  return RESERVED_WORDS.has(name.toLowerCase());
}
