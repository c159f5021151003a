import * as assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import * as fc from 'fast-check';
import { Cell, decodeRows, encodeRows } from '../../src/core/cells';
import { csvSafeText, fromCsvField, toCsv, toJson } from '../../src/core/exports';

/**
 * Reads an export the way a strict CSV tool does (csv-parse, RFC 4180; a lone LF or CR ends a
 * row, as in Python's csv module and spreadsheets), then undoes the formula guard.
 */
function readCsv(text: string): Cell[][] {
  return parse(text, {
    bom: true,
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: false,
    cast: (value, context) => fromCsvField(value, context.quoting) as unknown as string,
  }) as Cell[][];
}

/** A typed result as the results panel holds it: `SELECT c.*, o.* FROM customers c JOIN orders o ON c.id = o.customer_id`. */
const joined = {
  columns: [
    { name: 'id', type: 'Int32' },
    { name: 'name', type: 'Nullable(String)' },
    { name: 'note', type: 'Nullable(String)' },
    { name: 'id', type: 'Int32' },
    { name: 'customer_id', type: 'Int32' },
    { name: 'note', type: 'Nullable(String)' },
  ],
  rows: [
    ['1', 'Ada', null, '10', '1', ''],
    ['2', '', 'VIP, "gold"\nsince 2020', '11', '2', null],
    ['3', "=HYPERLINK(\"http://x\")", '-5', '12', '3', "'quoted"],
  ] as Cell[][],
};

describe('exports', () => {
  it('SELECT 1 AS a, 2 AS a exports both columns, not [{"a":"2"}]', () => {
    const json = JSON.parse(toJson([{ name: 'a', type: 'UInt8' }, { name: 'a', type: 'UInt8' }], [['1', '2']]));
    assert.deepEqual(json, { columns: [{ name: 'a', type: 'UInt8' }, { name: 'a', type: 'UInt8' }], rows: [['1', '2']] });
    assert.deepEqual(readCsv(toCsv(['a', 'a'], [['1', '2']])), [['a', 'a'], ['1', '2']]);
  });

  it('a join with repeated column names keeps all 6 columns, NULL apart from empty text, in JSON', () => {
    const json = JSON.parse(toJson(joined.columns, joined.rows)) as { columns: unknown[]; rows: Cell[][] };
    assert.deepEqual(json.columns, joined.columns);
    assert.deepEqual(json.rows, joined.rows);
    assert.equal(json.rows[0][2], null);
    assert.equal(json.rows[0][5], '');
  });

  it('reads the same typed result back from CSV with a CSV parser: every cell, NULL and empty text apart', () => {
    const csv = toCsv(joined.columns, joined.rows);
    assert.ok(csv.startsWith('\uFEFFid,name,note,id,customer_id,note\r\n'), 'a BOM, then the header with the duplicates');
    assert.deepEqual(readCsv(csv), [joined.columns.map((c) => c.name), ...joined.rows]);
    // The two fields of the first row that differ only by NULL vs empty text.
    assert.match(csv, /\r\n1,Ada,,10,1,""\r\n/);
  });

  it('neutralises formula cells for spreadsheets, keeps plain numbers, and reads back exactly', () => {
    const cells = ['=1+1', '+A1', '-2+3+cmd|\' /C calc\'!A0', '@SUM(A1)', '\tx', '\rx', '\uFF1D1', "'already", '-5', '+1.5', '-2e-3', '-inf', 'plain'];
    const csv = toCsv(['c'], cells.map((c) => [c]));
    const raw = parse(csv, { bom: true }) as string[][];
    for (const [field] of raw.slice(1)) {
      const safe = !/^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(field) || /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(field);
      assert.ok(safe, `the field ${JSON.stringify(field)} would start a formula`);
    }
    assert.deepEqual(raw.slice(1).map(([f]) => f), ["'=1+1", "'+A1", "'-2+3+cmd|' /C calc'!A0", "'@SUM(A1)", "'\tx", "'\rx", "'\uFF1D1", "''already", '-5', '+1.5', '-2e-3', "'-inf", 'plain']);
    assert.deepEqual(readCsv(csv).slice(1).map(([c]) => c), cells);
    assert.equal(csvSafeText('=cmd'), "'=cmd");
  });

  it('round-trips any result through CSV and JSON (property, fixed seed)', () => {
    const text = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 12 }),
      fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '"', "'", ',', ';', ' ', 'a', '1', '.', 'é', '\uFF1D'), maxLength: 8 }),
      fc.constant(''),
    );
    const cell: fc.Arbitrary<Cell> = fc.oneof(text, fc.constant(null));
    const result = fc.integer({ min: 1, max: 5 }).chain((width) =>
      fc.record({
        columns: fc.array(fc.record({ name: fc.constantFrom('a', 'a', 'b', '', '=x', 'id'), type: fc.constantFrom('String', 'Nullable(String)', 'Int32') }, { noNullPrototype: true }), { minLength: width, maxLength: width }),
        rows: fc.array(fc.array(cell, { minLength: width, maxLength: width }), { maxLength: 6 }),
      }, { noNullPrototype: true }),
    );
    fc.assert(
      fc.property(result, ({ columns, rows }) => {
        assert.deepEqual(readCsv(toCsv(columns, rows)), [columns.map((c) => c.name), ...rows]);
        assert.deepEqual(JSON.parse(toJson(columns, rows)), { columns, rows });
      }),
      { seed: 22, numRuns: 500 },
    );
  });

  it('quotes a cell holding a lone LF or CR, so a strict reader keeps the row whole', () => {
    // Found by a trial: csv-stringify quoted only CRLF; Python's csv split 'line1\nline2' into two rows.
    const csv = toCsv(['note', 'id', 'a\nb'], [['line1\nline2', '1', 'x'], ['mac\rstyle', '2', "\r'x"]]);
    assert.deepEqual(readCsv(csv), [['note', 'id', 'a\nb'], ['line1\nline2', '1', 'x'], ['mac\rstyle', '2', "\r'x"]]);
  });

  it('an empty result exports its header only', () => {
    assert.deepEqual(readCsv(toCsv(['a', 'b'], [])), [['a', 'b']]);
    assert.deepEqual(JSON.parse(toJson(['a'], [])), { columns: [{ name: 'a' }], rows: [] });
  });
});

describe('rows as compact text for the results page', () => {
  it('round-trips any cells, NULL and escapes included', () => {
    assert.equal(encodeRows([['a', null, ''], ['t\tab', 'line\nfeed', 'back\\slash \\N']]), 'a\t\\N\t\nt\\tab\tline\\nfeed\tback\\\\slash \\\\N');
    assert.deepEqual(decodeRows('', 0), []);
    assert.deepEqual(decodeRows(encodeRows([['']]), 1), [['']]);
    const cell = fc.oneof(fc.constant(null), fc.string(), fc.constantFrom('\\', '\\N', '\t', '\n', '\\t', ''));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((width) => fc.array(fc.array(cell, { minLength: width, maxLength: width }), { maxLength: 20 })),
        (rows: Cell[][]) => {
          assert.deepEqual(decodeRows(encodeRows(rows), rows.length), rows);
        },
      ),
      { numRuns: 500 },
    );
  });
});
