// Values from the Databend driver as text for the results grid, CSV and JSON export.
// Both exports hold every cell of the result: columns by position (a result may name two
// columns alike, `SELECT 1 AS a, 2 AS a`), and NULL apart from every text, the empty one too.

import { stringify } from 'csv-stringify/sync';

export type Cell = string | null;

/** A result column as exports take it: a bare name, or the name and Databend's type. */
export type ExportColumn = string | { name: string; type?: string };

export function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString().replace('T', ' ').replace('Z', '');
  if (value instanceof Uint8Array) return Array.from(value, (b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

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

/**
 * Rows as compact text for the results page: cells separated by tabs, rows by line feeds;
 * `\`, tab and line feed in a cell escaped as `\\`, `\t`, `\n`; NULL as `\N`. A third
 * smaller than JSON of the same rows, and JSON-encoding it again (as VS Code does with
 * every message it hands a webview) adds little, where it would escape every quote of JSON.
 */
export function encodeRows(rows: readonly (readonly Cell[])[]): string {
  const lines = new Array<string>(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    const cells = new Array<string>(row.length);
    for (let c = 0; c < row.length; c++) {
      const cell = row[c];
      cells[c] = cell === null ? '\\N' : ESCAPED.test(cell) ? cell.replace(ESCAPE_ALL, escapeOne) : cell;
    }
    lines[r] = cells.join('\t');
  }
  return lines.join('\n');
}

/** The rows encodeRows wrote; `count` tells an empty batch from one row of one empty cell. */
export function decodeRows(text: string, count: number): Cell[][] {
  if (count === 0) return [];
  const lines = text.split('\n');
  const rows = new Array<Cell[]>(lines.length);
  for (let r = 0; r < lines.length; r++) {
    const cells: Cell[] = lines[r].split('\t');
    for (let c = 0; c < cells.length; c++) {
      const cell = cells[c] as string;
      if (cell.includes('\\')) cells[c] = cell === '\\N' ? null : cell.replace(UNESCAPE_ALL, unescapeOne);
    }
    rows[r] = cells;
  }
  return rows;
}

const ESCAPED = /[\\\t\n]/;
const ESCAPE_ALL = /[\\\t\n]/g;
const UNESCAPE_ALL = /\\([\\tn])/g;
const escapeOne = (ch: string): string => (ch === '\\' ? '\\\\' : ch === '\t' ? '\\t' : '\\n');
const unescapeOne = (_m: string, ch: string): string => (ch === '\\' ? '\\' : ch === 't' ? '\t' : '\n');
