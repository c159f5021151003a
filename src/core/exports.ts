// CSV and JSON exports of a result. Both hold every cell of the result: columns by position
// (a result may name two columns alike, `SELECT 1 AS a, 2 AS a`), and NULL apart from every
// text, the empty one too. Node only (csv-stringify uses Buffer): never import from a webview.

import { stringify } from 'csv-stringify/sync';
import type { Cell } from './cells';

/** A result column as exports take it: a bare name, or the name and Databend's type. */
export type ExportColumn = string | { name: string; type?: string };

function columnOf(column: ExportColumn): { name: string; type?: string } {
  return typeof column === 'string' ? { name: column } : column;
}

/** First characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"), ASCII and full-width. */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
/** A plain decimal number such as -5, +1.5 or -2e-3: a spreadsheet reads it as a number, never as a formula. */
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * The text a CSV field holds for a cell, safe to open in a spreadsheet: a cell that would
 * start a formula (=, +, -, @, tab, CR; not a plain number such as -5) gets a leading
 * apostrophe, and so does a cell that already starts with one. Reading back is therefore
 * exact: drop one leading apostrophe, if there is one (see fromCsvField).
 */
export function csvSafeText(text: string): string {
  return text.startsWith("'") || (FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) ? `'${text}` : text;
}

/**
 * The cell a CSV field written by toCsv stands for: an unquoted empty field is NULL, a
 * quoted empty one the empty text, and one leading apostrophe (the formula guard) is dropped.
 */
export function fromCsvField(field: string, quoted: boolean): Cell {
  if (field === '' && !quoted) return null;
  return field.startsWith("'") ? field.slice(1) : field;
}

/**
 * CSV (RFC 4180, CRLF, UTF-8 with a byte-order mark so spreadsheets read non-ASCII right).
 * The header row holds the column names in result order, duplicates included. NULL is an
 * empty unquoted field and the empty text `""`, the convention of PostgreSQL's CSV COPY;
 * spreadsheets show both as an empty cell. Every field goes through csvSafeText.
 */
export function toCsv(columns: readonly ExportColumn[], rows: readonly (readonly Cell[])[]): string {
  const header = columns.map((c) => columnOf(c).name);
  return stringify([header, ...rows], {
    bom: true,
    record_delimiter: 'windows',
    // csv-stringify quotes a field holding the record delimiter (CRLF) but not a lone LF or
    // CR, which RFC 4180 readers (Python's csv, spreadsheets) take as the end of a row.
    quoted_match: /[\r\n]/,
    // NULL (null) stays an empty unquoted field; only the empty text is quoted.
    cast: { string: (value) => (value === '' ? { value, quoted_empty: true } : csvSafeText(value)) },
  });
}

/**
 * JSON in the shape of Databend's own query API: the columns in order with their types,
 * then every row as an array of cells (`{"columns":[{"name":"a","type":"UInt8"},...],"rows":[["1","2"],...]}`).
 * Arrays keep duplicate column names and their order, which objects keyed by name cannot;
 * cells stay Databend's text (exact for UInt64 and Decimal), NULL is JSON null.
 * One column and one row per line, so large exports stay readable and diffable.
 */
export function toJson(columns: readonly ExportColumn[], rows: readonly (readonly Cell[])[]): string {
  const head = columns.map((c) => {
    const { name, type } = columnOf(c);
    return JSON.stringify(type === undefined ? { name } : { name, type });
  });
  const body = rows.map((row) => JSON.stringify(row));
  const list = (items: string[]) => (items.length === 0 ? '[]' : `[\n    ${items.join(',\n    ')}\n  ]`);
  return `{\n  "columns": ${list(head)},\n  "rows": ${list(body)}\n}\n`;
}
