import * as assert from 'node:assert/strict';
import { boundedQuery } from '../../src/core/resultLimit';

describe('boundedQuery', () => {
  it('appends the cap to a query with no LIMIT, on its own line, with a LIMIT 0 probe for the columns', () => {
    assert.deepEqual(boundedQuery('SELECT * FROM t -- all of it', 101), { query: 'SELECT * FROM t -- all of it\nLIMIT 101', columnsProbe: 'SELECT * FROM t -- all of it\nLIMIT 0' });
    for (const sql of [
      'select number from numbers(10) order by number desc',
      'WITH x AS (SELECT 1 LIMIT 1) SELECT * FROM x',
      'VALUES (1), (2)',
      'FROM numbers(5) SELECT *',
      'SELECT 1 UNION ALL SELECT 2',
      "SELECT 'limit 5', \"offset\", $$ LIMIT 3 $$ FROM t",
      'SELECT * FROM system.settings',
      "SELECT replace(name, 'a', 'b') FROM t",
      'SELECT * FROM (SELECT * FROM t LIMIT 5000000) s',
      '/* LIMIT 1 */ SELECT 1',
    ]) {
      assert.equal(boundedQuery(sql, 10)?.query, `${sql}\nLIMIT 10`, sql);
    }
  });

  it('keeps a literal LIMIT within the cap as it is and zeroes it for the probe', () => {
    assert.deepEqual(boundedQuery('SELECT * FROM t LIMIT 50', 100), { query: 'SELECT * FROM t LIMIT 50', columnsProbe: 'SELECT * FROM t LIMIT 0' });
    assert.deepEqual(boundedQuery('SELECT * FROM t LIMIT 50 OFFSET 10', 100), { query: 'SELECT * FROM t LIMIT 50 OFFSET 10', columnsProbe: 'SELECT * FROM t LIMIT 0 OFFSET 10' });
    assert.deepEqual(boundedQuery('SELECT * FROM t LIMIT 10, 50', 100), { query: 'SELECT * FROM t LIMIT 10, 50', columnsProbe: 'SELECT * FROM t LIMIT 10, 0' });
  });

  it('leaves alone what it cannot bound for sure', () => {
    for (const sql of [
      'SELECT * FROM t LIMIT 101',
      'SELECT * FROM t LIMIT 10 + 1',
      'SELECT * FROM t LIMIT (5)',
      'SELECT * FROM t OFFSET 5',
      '(SELECT * FROM t LIMIT 5)',
      'SELECT 1 IGNORE_RESULT',
      'SELECT name, format FROM t',
      'INSERT INTO t SELECT * FROM u',
      'SHOW STAGES',
      'LIST @s',
      'EXPLAIN SELECT 1',
      'SETTINGS (max_threads = 1) SELECT 1',
      'COPY INTO @s FROM (SELECT 1)',
      'SELECT 1; SELECT 2',
      "SELECT 'unclosed",
      'SELECT (1',
      '',
      '-- nothing',
    ]) {
      assert.equal(boundedQuery(sql, 100), undefined, sql);
    }
    assert.equal(boundedQuery('SELECT 1', 0), undefined);
  });
});
