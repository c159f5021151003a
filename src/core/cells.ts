// Values from the Databend driver as text for the results grid, CSV and JSON export.

export type Cell = string | null;

export function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString().replace('T', ' ').replace('Z', '');
  if (value instanceof Uint8Array) return Array.from(value, (b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

/** RFC 4180 CSV: fields with a comma, quote or line break are quoted; NULL is empty. */
export function toCsv(columns: string[], rows: Cell[][]): string {
  const field = (value: Cell) => (value === null ? '' : /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  return [columns.map(field), ...rows.map((row) => row.map(field))].map((line) => line.join(',')).join('\r\n') + '\r\n';
}

export function toJson(columns: string[], rows: Cell[][]): string {
  return JSON.stringify(rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]]))), null, 2);
}
