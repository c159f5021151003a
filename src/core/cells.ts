// Values from the Databend driver as text for the results grid, and the compact row
// encoding between the extension and the results webview. Bundled into the webview too,
// so nothing here may need Node (exports, which do, live in exports.ts).

export type Cell = string | null;

export function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString().replace('T', ' ').replace('Z', '');
  if (value instanceof Uint8Array) return Array.from(value, (b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
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
