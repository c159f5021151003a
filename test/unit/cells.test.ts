import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { Cell, decodeRows, encodeRows } from '../../src/core/cells';

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
