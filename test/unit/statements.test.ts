import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { isDml, splitStatements } from '../../src/core/statements';

const texts = (sql: string) => splitStatements(sql).map((s) => s.text);

describe('splitStatements', () => {
  it('splits on semicolons and trims, skipping empty statements', () => {
    assert.deepEqual(texts('SELECT 1;  SELECT 2 ;;\n;SELECT 3'), ['SELECT 1', 'SELECT 2', 'SELECT 3']);
    assert.deepEqual(texts(''), []);
    assert.deepEqual(texts(' ;\n; '), []);
  });

  it('gives offsets that point at the statement in the original text', () => {
    const sql = '-- header\nCREATE STAGE s1 URL = \'s3://b\';\r\n  LIST @s1 ;';
    for (const s of splitStatements(sql)) {
      assert.equal(sql.slice(s.start, s.end), s.text);
    }
    assert.deepEqual(texts(sql), ["CREATE STAGE s1 URL = 's3://b'", 'LIST @s1']);
  });

  it('ignores semicolons in strings with doubled quotes and backslash escapes', () => {
    assert.deepEqual(texts("SELECT 'a;b', 'it''s;', 'x\\';y';SELECT 2"), ["SELECT 'a;b', 'it''s;', 'x\\';y'", 'SELECT 2']);
    assert.deepEqual(texts('SELECT "a;b", `c;d`;SELECT 2'), ['SELECT "a;b", `c;d`', 'SELECT 2']);
  });

  it('treats a backslash in a backtick name as an ordinary character, as Databend does', () => {
    assert.deepEqual(texts('SELECT 1 AS `a\\`;SELECT 2'), ['SELECT 1 AS `a\\`', 'SELECT 2']);
  });

  it('ignores semicolons in comments and drops comment-only statements', () => {
    assert.deepEqual(texts('-- a; b\nSELECT 1 /* ; */ + 1; -- trailing; comment\n/* only; */'), ['SELECT 1 /* ; */ + 1']);
    assert.deepEqual(texts('SELECT 1 -- note;\n;'), ['SELECT 1']);
  });

  it('keeps $$ bodies whole', () => {
    const body = "CREATE FUNCTION f() RETURNS INT LANGUAGE python HANDLER = 'f' AS $$\ndef f():\n    return 1; # ;\n$$";
    assert.deepEqual(texts(`${body};SELECT 1`), [body, 'SELECT 1']);
    assert.deepEqual(texts('SELECT $a$;b'), ['SELECT $a$', 'b']);
  });

  it('runs to the end on an unterminated string or comment', () => {
    assert.deepEqual(texts("SELECT 'abc; def"), ["SELECT 'abc; def"]);
    assert.deepEqual(texts('SELECT 1; /* open ; comment'), ['SELECT 1']);
    assert.deepEqual(texts("SELECT 'trailing\\"), ["SELECT 'trailing\\"]);
  });

  it('treats a lone minus and slash as operators', () => {
    assert.deepEqual(texts('SELECT 4 - 2 / 1;SELECT -1'), ['SELECT 4 - 2 / 1', 'SELECT -1']);
  });

  // Statements that end in a significant token, made of words, strings, names, comments and bodies.
  const word = fc.constantFrom('SELECT', 'x', '1', '+', '@s1', 'FROM', '(', ')', ',', '-', '/', '$', '*');
  const quoted = (q: string) =>
    fc
      .string({ unit: fc.constantFrom('a', ';', ' ', '\n', q, '\\', '-', '/', '*', '$', 'é') })
      .map((s) => q + (q === '`' ? s.replaceAll('`', '``') : s.replaceAll('\\', '\\\\').replaceAll(q, q + q)) + q);
  const comment = fc.oneof(
    fc.string({ unit: fc.constantFrom('a', ';', ' ', "'", '*') }).map((s) => `/*${s}*/`),
    fc.string({ unit: fc.constantFrom('a', ';', ' ', "'", '"') }).map((s) => `--${s}\n`),
  );
  const body = fc.string({ unit: fc.constantFrom('a', ';', '\n', "'", '"', '$') }).filter((s) => !s.includes('$$') && !s.endsWith('$')).map((s) => `$$${s}$$`);
  const significant = fc.oneof(word, quoted("'"), quoted('"'), quoted('`'), body);
  const statement = fc
    .tuple(significant, fc.array(fc.oneof(significant, comment), { maxLength: 8 }), significant)
    .map(([first, middle, last]) => [first, ...middle, last].join(' '));

  it('gives back any statements joined by ";" (property)', () => {
    fc.assert(
      fc.property(fc.array(statement, { maxLength: 10 }), fc.constantFrom(';', ';\n', ' ;\r\n', ';;'), (statements, sep) => {
        const script = statements.join(sep);
        const parts = splitStatements(script);
        assert.deepEqual(parts.map((p) => p.text), statements);
        for (const p of parts) {
          assert.equal(script.slice(p.start, p.end), p.text);
        }
      }),
      { numRuns: 2000, seed: 20261128 },
    );
  });

  it('splits a 2.5 MB script correctly (speed is measured by npm run bench)', () => {
    const unit = "SELECT 'a;b', \"c\" /* x; */ FROM t -- y;\n;";
    const parts = splitStatements(unit.repeat(64_000));
    assert.equal(parts.length, 64_000);
    assert.ok(parts.every((p) => p.text === `SELECT 'a;b', "c" /* x; */ FROM t`));
  });
});

describe('isDml', () => {
  it('recognises statements that report affected rows, after comments', () => {
    for (const sql of ['INSERT INTO t VALUES (1)', '  update t set a = 1', '-- note\nDELETE FROM t', '/* x */ MERGE INTO t USING s ON 1 = 1', 'REPLACE INTO t ON (a) VALUES (1)']) {
      assert.equal(isDml(sql), true, sql);
    }
    for (const sql of ['SELECT 1', 'CREATE STAGE s', 'LIST @s', 'SHOW STAGES', '', 'insertx 1']) {
      assert.equal(isDml(sql), false, sql);
    }
  });
});
