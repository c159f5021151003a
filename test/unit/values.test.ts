import * as assert from 'node:assert/strict';
import { baseType, exactTextQuery, plainFloat, readerFor } from '../../src/core/values';

describe('values: Databend text from driver values', () => {
  it('floats are written out in full, as Databend writes them', () => {
    assert.equal(plainFloat('1e+21'), '1000000000000000000000');
    assert.equal(plainFloat('1e-7'), '0.0000001');
    assert.equal(plainFloat('3.4028235e+38'), '340282350000000000000000000000000000000');
    assert.equal(plainFloat('-2.5e-10'), '-0.00000000025');
    assert.equal(plainFloat('123.456'), '123.456');
    assert.equal(plainFloat('0.001'), '0.001');
    assert.equal(readerFor('Float32').read(Math.fround(0.1)), '0.1');
    assert.equal(readerFor('Nullable(Float64)').read(Number.NEGATIVE_INFINITY), '-inf');
  });

  it('Int64 cells beyond ±2^53 are lossy, others exact; Nullable is seen through', () => {
    const int64 = readerFor('Int64 NULL');
    assert.equal(baseType('Nullable(Int64)'), 'Int64');
    assert.equal(int64.lossy(2 ** 53 - 1), false);
    assert.equal(int64.lossy(2 ** 53), true);
    assert.equal(int64.read(null), null);
  });

  it('Variant cells with numbers the driver rounds (28+ significant digits) or renames (Infinity) are lossy, found by a trial', () => {
    const variant = readerFor('Nullable(Variant)');
    assert.equal(variant.read('{"a":1.10}'), '{"a":1.10}');
    assert.equal(variant.lossy('{"a":1.10}'), false);
    assert.equal(variant.lossy('12345678901234567890'), false);
    assert.equal(variant.lossy('123456789012345678901234567900'), true);
    assert.equal(variant.lossy('3.141592653589793238462643383'), true);
    assert.equal(variant.lossy('{"id":123456789012345678901234567900}'), true);
    assert.equal(variant.lossy('[Infinity,-Infinity]'), true);
    assert.ok(variant.approx && !variant.castable);
  });

  it('the exact re-run casts only the approximate columns, by position, under their own names', () => {
    assert.equal(
      exactTextQuery('SELECT 1\n-- note', [
        { name: 'a', type: 'Int64' },
        { name: 'a', type: 'String' },
        { name: 'x`y', type: 'Array(Timestamp)' },
      ]),
      'SELECT CAST($1 AS STRING) AS `a`, $2 AS `a`, $3 AS `x``y`\nFROM (\nSELECT 1\n-- note\n) AS exact_values',
    );
  });
});
