// Escaping, names and splitting checked by the real Databend engine, with fixed seeds.
// Each test adds its counts to test-results/reliability.json (README's Reliability section).

import * as assert from 'node:assert/strict';
import { Client, Connection } from 'databend-driver';
import fc from 'fast-check';
import { quoteIdent, quoteString } from '../../src/core/sql';
import { splitStatements } from '../../src/core/statements';
import { validateIdentifier } from '../../src/core/validate';
import { recordReliability } from '../support/reliability';
import { localDatabend } from './fixtures';

const SEED = 20261128;

describe('hardening against the real engine', function () {
  this.timeout(300_000);
  let conn: Connection;

  before(async function () {
    this.timeout(180_000);
    conn = await new Client((await localDatabend()).dsn).getConn();
  });

  after(async () => {
    await conn?.close();
  });

  it('reads back every string quoteString writes (2,000 generated cases)', async () => {
    const tricky = fc.constantFrom("'", "''", '\\', '\\\\', '\n', '\r\n', '\t', '"', '`', '$$', '--', '/*', '*/', ';', 'é', '漢', '😀', '\u202e', ' ');
    const strings = fc.sample(
      fc.oneof(
        fc.string({ unit: tricky, maxLength: 30 }),
        fc.string({ unit: 'grapheme', maxLength: 30 }),
        fc.string({ unit: 'binary', maxLength: 30 }).map((s) => s.replaceAll('\0', '')),
      ),
      { numRuns: 2000, seed: SEED },
    );
    for (let i = 0; i < strings.length; i += 100) {
      const batch = strings.slice(i, i + 100);
      const row = await conn.queryRow(`SELECT ${batch.map(quoteString).join(', ')}`);
      assert.deepEqual(row?.values(), batch, `batch at ${i}`);
    }
    recordReliability('quoteString round trips through the engine', strings.length);
  });

  it('names: what validateIdentifier accepts, CREATE STAGE takes and SHOW STAGES returns as is; the rest is refused with a message', async () => {
    const names = fc.sample(
      fc.oneof(
        fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,20}$/),
        fc.constantFrom('stage', 'select', 'table', 'data', 'MyStage', 'a b', '1abc', 'x-y', '@s', 'é', 'conn', 'Connection', 'ALL', 'create'),
        fc.string({ maxLength: 12 }),
      ),
      { numRuns: 300, seed: SEED },
    );
    let accepted = 0;
    let refused = 0;
    for (const name of new Set(names)) {
      const message = validateIdentifier(name, 'stage name');
      if (message !== undefined) {
        assert.ok(message.length > 20, `a useful message for ${JSON.stringify(name)}`);
        refused += 1;
        continue;
      }
      await conn.exec(`CREATE OR REPLACE STAGE ${quoteIdent(name)} URL = 's3://names-bucket/' CONNECTION = (ROLE_ARN = 'arn:aws:iam::123456789012:role/r' EXTERNAL_ID = 'e1')`);
      const stages = (await conn.queryAll('SHOW STAGES')).map((r) => r.data().name);
      assert.ok(stages.includes(name), `${name} listed as is`);
      await conn.exec(`DROP STAGE ${quoteIdent(name)}`);
      accepted += 1;
    }
    assert.ok(accepted > 50 && refused > 20, `accepted ${accepted}, refused ${refused}`);
    recordReliability('stage names created and listed by the engine', accepted);
    recordReliability('stage names refused with a message', refused);
  });

  it('splits tricky scripts into statements the engine accepts one by one', async () => {
    const scripts = [
      "SELECT 'a;b' AS x; SELECT \"c;d\" FROM (SELECT 1 AS \"c;d\");",
      '-- a comment; with a semicolon\nSELECT 1 /* another; */ + 1;\r\nSELECT 2 -- trailing; comment\n;',
      "SELECT 'it''s; fine', 'back\\\\slash;', 'esc\\'aped;';;; SELECT 3",
      'SELECT $$ body; with; semicolons $$ AS code;\n\n;\nSELECT length($$;$$)',
      "CREATE OR REPLACE TABLE split_t (`a;b` INT, s STRING);\nINSERT INTO split_t VALUES (1, '--not a comment;'), (2, '/* nor; this */');\nSELECT `a;b`, s FROM split_t ORDER BY 1;\r\nDROP TABLE split_t",
    ];
    const expected = [2, 2, 2, 2, 4];
    let statements = 0;
    for (const [i, script] of scripts.entries()) {
      const parts = splitStatements(script);
      assert.equal(parts.length, expected[i], script);
      for (const part of parts) {
        await conn.queryAll(part.text);
        statements += 1;
      }
    }
    recordReliability('split statements accepted by the engine', statements);
  });
});
