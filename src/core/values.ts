// The text of each value the way Databend prints it (`CAST(x AS STRING)` on the engine),
// rebuilt from what databend-driver 0.33.7 hands over, and where that cannot be done, why.
// Facts about the driver: /work/shared/notes/databend-http-protocol.md ("Values as decoded
// by the driver"), checked on the local engine by test/integration/values-engine.test.ts.

import { Cell, toCell } from './cells';

/** How the values of one column become cells. */
export interface ValueReader {
  /** The cell for a driver value (NULL stays null). */
  read(value: unknown): Cell;
  /**
   * Why this column's cells may differ from Databend's own text; undefined when every cell
   * is exact. Shown on the marked cells (tooltip, screen reader).
   */
  approx?: string;
  /** Every non-NULL cell of the column is approximate (else only those `lossy` names). */
  every: boolean;
  /** Whether the cell read from this value is approximate (for columns with `approx`, not `every`). */
  lossy(value: unknown): boolean;
  /** `CAST(col AS STRING)` gives Databend's exact text for this column's type (the exact re-run uses it). */
  castable: boolean;
}

const never = (): boolean => false;

/** Databend's type name without Nullable: `Nullable(Int64)` and `Int64 NULL` are Int64. */
export function baseType(type: string): string {
  let t = type.trim();
  for (;;) {
    const wrapped = /^Nullable\((.*)\)$/i.exec(t);
    if (wrapped) t = wrapped[1].trim();
    else if (/\s+NULL$/i.test(t)) t = t.replace(/\s+NULL$/i, '');
    else return t;
  }
}

/**
 * A float's shortest round-trip digits written out in full, as Databend writes floats:
 * never an exponent (1e21 is `1000000000000000000000`, 1e-7 is `0.0000001`); NaN is `NaN`,
 * infinities `inf` and `-inf`.
 */
export function plainFloat(shortest: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i.exec(shortest);
  if (!m) return shortest;
  const [, sign, int, frac = '', exp = '0'] = m;
  let digits = (int + frac).replace(/^0+(?=\d)/, '');
  let point = int.replace(/^0+(?=\d)/, '').length + Number(exp);
  if (/^0+$/.test(int) && frac) {
    // 0.00123: the leading zeros of the fraction move the point, not the digits.
    const lead = /^0*/.exec(frac)![0].length;
    digits = frac.slice(lead);
    point = -lead + Number(exp);
  }
  digits = digits.replace(/0+$/, '') || '0';
  if (digits === '0') return '0';
  let text: string;
  if (point <= 0) text = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) text = digits + '0'.repeat(point - digits.length);
  else text = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return sign + text;
}

function floatText(value: number, shortest: (v: number) => string): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return 'inf';
  if (value === Number.NEGATIVE_INFINITY) return '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  return plainFloat(shortest(value));
}

/** The fewest digits that give back the same Float32 (the driver widens it to a double). */
function shortestFloat32(value: number): string {
  for (let p = 1; p < 9; p++) {
    const text = value.toPrecision(p);
    if (Math.fround(Number(text)) === value) return text;
  }
  return value.toPrecision(9);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A Date's calendar day in UTC (the driver gives a DATE as midnight UTC). */
function dateText(value: Date): string {
  return `${pad(value.getUTCFullYear(), 4)}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
}

const utf8 = typeof TextDecoder === 'function' ? new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }) : undefined;

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();
}

/** Binary as CAST(x AS STRING) gives it: the bytes as UTF-8 text; undefined when they are not UTF-8 (the CAST fails). */
function binaryText(value: Uint8Array): string | undefined {
  try {
    return utf8?.decode(value);
  } catch {
    return undefined;
  }
}

/** A number of 28 or more significant digits, or Infinity, in a Variant's JSON: what the driver may have rounded or renamed. */
const VARIANT_ROUNDED = /(?:\d\.?){28,}|(?<![A-Za-z])-?Infinity\b/;

export const REASONS = {
  int64: 'Int64 beyond ±2^53: databend-driver 0.33.7 hands Int64 over as a JavaScript number, which rounds it.',
  timestamp:
    'Timestamp: databend-driver 0.33.7 hands it over as a JavaScript Date, to the millisecond and without the session time zone; shown here in UTC, to the millisecond.',
  nested:
    'Array, Map and Tuple: Databend cannot CAST them to text, so there is no exact text to compare with; shown as the driver decoded them (JSON).',
  variant:
    'Variant with a number of 28 or more significant digits, or ±inf: databend-driver 0.33.7 rounds such numbers (and writes inf as Infinity); shown as the driver gave it (Show Exact Values cannot help: Databend has no CAST of a Variant to its JSON text; CAST the number to STRING in the SELECT).',
  binary: 'Binary that is not UTF-8 text (CAST to STRING fails on it): shown as hexadecimal.',
  decoded: (type: string) => `${type}: databend-driver 0.33.7 does not hand over Databend's text for this type (it gives its own encoding).`,
  unknown: (type: string) => `${type || 'Unknown type'}: no exact text is known for this type from databend-driver 0.33.7.`,
};

const exact = (read: (value: unknown) => Cell): ValueReader => ({ read, every: false, lossy: never, castable: true });

const stringReader = exact((v) => (v === null || v === undefined ? null : typeof v === 'string' ? v : toCell(v)));
const numberReader = exact((v) => (v === null || v === undefined ? null : String(v)));

/** Nested values (and any type without a known text): JSON of the driver's values, every cell marked. */
const generic = (approx: string, castable: boolean): ValueReader => ({ read: toCell, approx, every: true, lossy: (v) => v !== null && v !== undefined, castable });

/**
 * How to read a column of Databend type `type` (as the driver's schema names it:
 * `Nullable(Int64)`, `Decimal(76, 6)`, `Array(Timestamp)`), so the cell equals
 * `CAST(x AS STRING)` on the engine, or is marked approximate with the reason.
 * Source: the value mapping of databend-driver 0.33.7 (bendsql `core/src/value.rs`),
 * checked against the engine by test/integration/values-engine.test.ts.
 */
export function readerFor(type: string): ValueReader {
  const base = baseType(type);
  const name = /^[A-Za-z0-9_]+/.exec(base)?.[0]?.toLowerCase() ?? '';
  switch (name) {
    case 'string':
    case 'decimal':
      return stringReader;
    case 'variant':
      // JSON text, exact but for numbers the driver rounds (found by a trial: 30 digits came back as 28).
      // Not castable: CAST(variant AS STRING) is no JSON text (it unquotes "text", makes null NULL).
      return { read: stringReader.read, approx: REASONS.variant, every: false, lossy: (v) => typeof v === 'string' && VARIANT_ROUNDED.test(v), castable: false };
    case 'null':
      return exact(() => null);
    case 'boolean':
      return exact((v) => (v === null || v === undefined ? null : v === true || v === 'true' || v === 1 ? 'true' : 'false'));
    case 'int8':
    case 'int16':
    case 'int32':
    case 'uint8':
    case 'uint16':
    case 'uint32':
    case 'uint64':
      return numberReader;
    case 'int64':
      return {
        read: (v) => (v === null || v === undefined ? null : typeof v === 'number' && Number.isInteger(v) ? BigInt(v).toString() : String(v)),
        approx: REASONS.int64,
        every: false,
        // Beyond 2^53 - 1 the number may have been rounded (2^53 itself may stand for 2^53 + 1).
        lossy: (v) => typeof v === 'number' && !Number.isSafeInteger(v),
        castable: true,
      };
    case 'float64':
      return exact((v) => (v === null || v === undefined ? null : typeof v === 'number' ? floatText(v, String) : String(v)));
    case 'float32':
      return exact((v) => (v === null || v === undefined ? null : typeof v === 'number' ? floatText(v, shortestFloat32) : String(v)));
    case 'date':
      return exact((v) => (v === null || v === undefined ? null : v instanceof Date && !Number.isNaN(v.getTime()) ? dateText(v) : String(v)));
    case 'timestamp':
      return {
        read: (v) => (v === null || v === undefined ? null : v instanceof Date && !Number.isNaN(v.getTime()) ? `${v.toISOString().replace('T', ' ').replace('Z', '')} UTC` : toCell(v)),
        approx: REASONS.timestamp,
        every: true,
        lossy: (v) => v !== null && v !== undefined,
        castable: true,
      };
    case 'binary':
      return {
        read: (v) => (v === null || v === undefined ? null : v instanceof Uint8Array ? (binaryText(v) ?? hex(v)) : toCell(v)),
        approx: REASONS.binary,
        every: false,
        lossy: (v) => v instanceof Uint8Array && binaryText(v) === undefined,
        // CAST fails on bytes that are not UTF-8, and would fail the whole exact run.
        castable: false,
      };
    case 'array':
    case 'map':
    case 'tuple':
    case 'emptyarray':
    case 'emptymap':
      return generic(REASONS.nested, false);
    case 'interval':
    case 'bitmap':
    case 'geometry':
    case 'geography':
      return generic(REASONS.decoded(base), true);
    default:
      return generic(REASONS.unknown(base), name !== '');
  }
}

/** Readers for a result whose column types are not known (the columns probe failed): marks what may be lossy. */
export const UNTYPED: ValueReader = {
  read: toCell,
  approx: 'The column types of this result are unknown: numbers beyond ±2^53, dates and times may differ from Databend\'s text.',
  every: false,
  lossy: (v) => (typeof v === 'number' && (!Number.isSafeInteger(v) || !Number.isInteger(v))) || v instanceof Date || (typeof v === 'object' && v !== null),
  castable: false,
};

/** Whether the exact re-run casts this column to text on the server. */
export function castsForExactText(type: string): boolean {
  const reader = readerFor(type);
  return reader.approx !== undefined && reader.castable;
}

/**
 * `query` with every column whose driver value is approximate cast to text by Databend
 * (`CAST($n AS STRING)`, by position, so repeated names work), the others as they are, each
 * under its own name (backtick-quoted: case and any character kept). `query` goes on lines
 * of its own, so a trailing `--` comment ends before the closing parenthesis. A subquery
 * keeps its ORDER BY with its LIMIT (the row cap's), which bounded queries carry.
 */
export function exactTextQuery(query: string, columns: readonly { name: string; type: string }[]): string {
  const items = columns.map((column, i) => {
    const ref = `$${i + 1}`;
    return `${castsForExactText(column.type) ? `CAST(${ref} AS STRING)` : ref} AS \`${column.name.replace(/`/g, '``')}\``;
  });
  return `SELECT ${items.join(', ')}\nFROM (\n${query}\n) AS exact_values`;
}
