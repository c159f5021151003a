// Differential test of splitStatements against the real engine: every statement the splitter
// returns for generated scripts (every token kind of Databend's lexer, task blocks) and for the
// public examples must parse on its own, through `EXPLAIN SYNTAX <statement>` (parsing only,
// nothing runs). The engine cannot parse the procedure form `AS BEGIN … END` without `$$` (not
// Databend syntax): that form is checked by the unit tests only.

import * as assert from 'node:assert/strict';
import { Client, Connection } from 'databend-driver';
import fc from 'fast-check';
import { splitStatements } from '../../src/core/statements';
import { recordReliability } from '../support/reliability';
import { PUBLIC_EXAMPLES, Script, scriptArbitrary } from '../support/sqlScripts';
import { localDatabend } from './fixtures';

const SEED = 20261129;
const GENERATED = 600;

// Each request waits mostly on the local server's HTTP round trips, not on the CPU: a few
// connections side by side keep the test to well under a minute.
const CONNECTIONS = 6;

describe('statement splitting checked by the engine', function () {
  this.timeout(300_000);
  let connections: Connection[] = [];

  before(async function () {
    this.timeout(180_000);
    const { dsn } = await localDatabend();
    connections = await Promise.all(Array.from({ length: CONNECTIONS }, () => new Client(dsn).getConn()));
  });

  after(async () => {
    await Promise.all(connections.map((c) => c.close()));
  });

  /** The statements the engine refuses to parse on their own, with its message. */
  async function unparsed(statements: string[]): Promise<string[]> {
    const refused: string[] = [];
    let next = 0;
    await Promise.all(
      connections.map(async (conn) => {
        while (next < statements.length) {
          const statement = statements[next++];
          try {
            await conn.queryAll(`EXPLAIN SYNTAX ${statement}`);
          } catch (error) {
            refused.push(`${statement}\n  -> ${String(error).split('\n')[0]}`);
          }
        }
      }),
    );
    return refused;
  }

  it(`parses on its own every statement split from ${GENERATED} generated scripts and the public examples`, async () => {
    const scripts: Script[] = [...PUBLIC_EXAMPLES, ...fc.sample(scriptArbitrary({ engine: true }), { numRuns: GENERATED, seed: SEED })];
    const statements: string[] = [];
    for (const script of scripts) {
      const parts = splitStatements(script.text).map((p) => p.text);
      assert.deepEqual(parts, script.statements, script.text);
      statements.push(...parts);
    }
    // Many generated statements repeat; each distinct one is sent once.
    const distinct = [...new Set(statements)];
    assert.deepEqual(await unparsed(distinct), []);
    assert.ok(distinct.length > 1000, `${distinct.length} distinct statements`);
    recordReliability('generated scripts split as the engine parses them', scripts.length);
    recordReliability('split statements parsed by the engine on their own', distinct.length);
  });

  it('can fail: the engine refuses the pieces of the public task example cut at every ";"', async () => {
    const [task] = PUBLIC_EXAMPLES;
    const pieces = task.text
      .split(';')
      .map((p) => p.trim())
      .filter(Boolean);
    assert.equal(pieces.length, 3);
    const refused = await unparsed(pieces);
    assert.equal(refused.length, 2, refused.join('\n'));
    assert.deepEqual(await unparsed(splitStatements(task.text).map((p) => p.text)), []);
  });
});
