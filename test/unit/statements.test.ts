import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { isDml, splitStatements } from '../../src/core/statements';
import { PUBLIC_EXAMPLES, scriptArbitrary } from '../support/sqlScripts';

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

  it('keeps the rest of the script as one statement where the lexer cannot read on, so the server reports it', () => {
    // Databend's tokenizer stops with "unable to recognize the rest tokens" (checked on the engine).
    assert.deepEqual(texts("SELECT 'abc; def"), ["SELECT 'abc; def"]);
    assert.deepEqual(texts('SELECT 1; /* open ; comment'), ['SELECT 1', '/* open ; comment']);
    assert.deepEqual(texts('SELECT 1 /* open ; SELECT 2'), ['SELECT 1 /* open ; SELECT 2']);
    assert.deepEqual(texts("SELECT 'trailing\\"), ["SELECT 'trailing\\"]);
    // A backslash before a line break is no escape Databend's lexer reads (its `.` stops at \n).
    assert.deepEqual(texts("SELECT 'a\\\nb'; SELECT 2"), ["SELECT 'a\\\nb'; SELECT 2"]);
    assert.deepEqual(texts("SELECT 'a\\\r\nb'; SELECT 2"), ["SELECT 'a\\\r\nb'", 'SELECT 2']);
    // An unclosed $$ is two `$` tokens, not a string.
    assert.deepEqual(texts('SELECT $$ open; SELECT 2'), ['SELECT $$ open', 'SELECT 2']);
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

  it('keeps a task body whole: the public example that ran its DELETE on its own', () => {
    const script = `CREATE TASK IF NOT EXISTS refresh_orders WAREHOUSE = 'etl_wh' SCHEDULE = 5 MINUTE AS
BEGIN
  INSERT INTO audit_log SELECT now();
  DELETE FROM staging_orders WHERE done;
END;`;
    const parts = splitStatements(script);
    assert.equal(parts.length, 1);
    assert.equal(parts[0].text, script.slice(0, -1));
    assert.deepEqual([parts[0].start, parts[0].end], [0, script.length - 1]);
  });

  it('reads task blocks the way statement.rs does (task_sql_block)', () => {
    const cases: [string, string[]][] = [
      // ALTER TASK … MODIFY AS, CASE … END inside, a statement after.
      [
        'ALTER TASK t MODIFY AS BEGIN SELECT CASE WHEN a THEN 1 ELSE 2 END; UPDATE t SET b = CASE b WHEN 1 THEN 2 END; END; SELECT 3',
        ['ALTER TASK t MODIFY AS BEGIN SELECT CASE WHEN a THEN 1 ELSE 2 END; UPDATE t SET b = CASE b WHEN 1 THEN 2 END; END', 'SELECT 3'],
      ],
      // BEGIN and COMMIT inside a block are transaction statements; `begin` can be a name.
      ['CREATE TASK t AS BEGIN BEGIN; SELECT 1 AS begin; COMMIT; END; SELECT 2', ['CREATE TASK t AS BEGIN BEGIN; SELECT 1 AS begin; COMMIT; END', 'SELECT 2']],
      // A task in a task.
      ['CREATE TASK t AS BEGIN CREATE TASK u AS BEGIN SELECT 1; END; END; SELECT 2', ['CREATE TASK t AS BEGIN CREATE TASK u AS BEGIN SELECT 1; END; END', 'SELECT 2']],
      ['CREATE TASK t AS CREATE TASK u AS BEGIN SELECT 1; END; SELECT 2', ['CREATE TASK t AS CREATE TASK u AS BEGIN SELECT 1; END', 'SELECT 2']],
      // AS BEGIN [TRANSACTION] alone: the task runs that one statement.
      ['CREATE TASK t AS BEGIN; SELECT 2', ['CREATE TASK t AS BEGIN', 'SELECT 2']],
      ['CREATE TASK t AS BEGIN TRANSACTION; SELECT 2', ['CREATE TASK t AS BEGIN TRANSACTION', 'SELECT 2']],
      ['CREATE TASK t AS BEGIN', ['CREATE TASK t AS BEGIN']],
      // One statement after AS.
      ["CREATE TASK t SCHEDULE = 1 MINUTE AS INSERT INTO t VALUES ('a;b'); SELECT 2", ["CREATE TASK t SCHEDULE = 1 MINUTE AS INSERT INTO t VALUES ('a;b')", 'SELECT 2']],
      // Keywords in any case, comments between them, options before AS.
      [
        "create /* a; */ or -- b;\n replace task t warehouse = 'w;' after 'x;', 'y' when a = 'END;' as\n begin select 1; end\n; select 2",
        ["create /* a; */ or -- b;\n replace task t warehouse = 'w;' after 'x;', 'y' when a = 'END;' as\n begin select 1; end", 'select 2'],
      ],
      // Not a task: AS BEGIN is an alias here, and a transaction script splits.
      ['SELECT 1 AS begin; SELECT 2', ['SELECT 1 AS begin', 'SELECT 2']],
      ['BEGIN; INSERT INTO t VALUES (1); COMMIT;', ['BEGIN', 'INSERT INTO t VALUES (1)', 'COMMIT']],
      ['CREATE TABLE task (a INT) AS SELECT 1; SELECT 2', ['CREATE TABLE task (a INT) AS SELECT 1', 'SELECT 2']],
      // A block that never ends runs to the end of the script, like Databend reading it.
      ['CREATE TASK t AS BEGIN SELECT 1; SELECT 2;', ['CREATE TASK t AS BEGIN SELECT 1; SELECT 2;']],
    ];
    for (const [script, expected] of cases) {
      assert.deepEqual(texts(script), expected, script);
    }
  });

  it('keeps procedure bodies whole: $$ strings, and the BEGIN … END form with END IF / FOR / WHILE / LOOP / REPEAT / CASE inside', () => {
    const body = `BEGIN
  LET x := 0;
  IF x = 0 THEN x := 1; ELSEIF x = 1 THEN x := 2; ELSE x := 3; END IF;
  FOR i IN 1 TO 3 DO x := x + i; END FOR;
  WHILE x < 10 DO x := x + 1; END WHILE;
  REPEAT x := x - 1; UNTIL x < 5 END REPEAT;
  LOOP BREAK; END LOOP;
  CASE x WHEN 1 THEN RETURN 'one;'; ELSE x := CASE WHEN x > 1 THEN 2 END; END CASE;
  CASE WHEN x THEN RETURN 1; END;
  RETURN x;
END`;
    for (const script of [
      `CREATE PROCEDURE p() RETURNS INT LANGUAGE SQL AS $$\n${body};\n$$`,
      `CREATE OR REPLACE PROCEDURE p() RETURNS INT LANGUAGE SQL AS ${body}`,
      `CREATE PROCEDURE p() RETURNS INT LANGUAGE SQL AS DECLARE x INT := 0; y STRING DEFAULT CASE WHEN TRUE THEN 'a;' END;\n${body}`,
      `EXECUTE IMMEDIATE $$\n${body};\n$$`,
      `EXECUTE IMMEDIATE '${body.replaceAll("'", "''")};'`,
    ]) {
      assert.deepEqual(texts(`${script};\nSELECT 2;`), [script, 'SELECT 2'], script);
    }
  });

  it('follows token.rs on names, numbers, $$, stage locations and operators', () => {
    const cases: [string, string[]][] = [
      // `$` continues a name; a number ends before it; $name and $1 are tokens.
      ['SELECT a$$b FROM t; SELECT é$$x; SELECT 2', ['SELECT a$$b FROM t', 'SELECT é$$x', 'SELECT 2']],
      ['SELECT 1$$x;$$; SELECT 0x1F$$y;$$; SELECT 1.e5$$z;$$', ['SELECT 1$$x;$$', 'SELECT 0x1F$$y;$$', 'SELECT 1.e5$$z;$$']],
      ['SELECT $v$$; SELECT $1$$ a; $$', ['SELECT $v$$', 'SELECT $1$$ a; $$']],
      // Stage locations hold `--`, `/*`, `$$` and escaped quotes.
      ["LIST @s/run--2024/; LIST @s/a/*.csv; LIST @s/x$$y; LIST @s/it\\'s;x", ['LIST @s/run--2024/', 'LIST @s/a/*.csv', 'LIST @s/x$$y', "LIST @s/it\\'s", 'x']],
      ["LIST @s/a\\ b/;c; SELECT '@s;'", ['LIST @s/a\\ b/', 'c', "SELECT '@s;'"]],
      // Longest-match operators swallow what looks like a comment or a location.
      ['SELECT 2*/*c;*/3', ['SELECT 2*/*c', '*/3']],
      ['SELECT 4 //* c; */ 2', ['SELECT 4 //* c', '*/ 2']],
      ["SELECT '{}' #--x; SELECT 2", ["SELECT '{}' #--x", 'SELECT 2']],
      ['SELECT 2 |/* c; */ 4', ['SELECT 2 |/* c', '*/ 4']],
      ['SELECT [1] <@a--b;\n SELECT 2', ['SELECT [1] <@a--b;\n SELECT 2']],
      ['SELECT 4 /* c; */ / 2; SELECT 1 -- c;\n- 1', ['SELECT 4 /* c; */ / 2', 'SELECT 1 -- c;\n- 1']],
      // A hint's inside is tokens: a quoted `*/` does not end it, a `;` in it ends nothing.
      ["CREATE /*+ '*/;' */ TABLE t (a INT); SELECT /*+ SET_VAR(a=';') */ 2", ["CREATE /*+ '*/;' */ TABLE t (a INT)", "SELECT /*+ SET_VAR(a=';') */ 2"]],
      ['/*+ x; */ SELECT 1', ['SELECT 1']],
      // Block comments do not nest; `--` ends at a form feed too.
      ['SELECT 1 /* a /* b */; SELECT 2 -- c\fd; e', ['SELECT 1', 'SELECT 2 -- c\fd', 'e']],
      // A keyword wins over a name of the same length: `ASé` is `AS é`.
      ['CREATE TASK t ASé; SELECT 2', ['CREATE TASK t ASé', 'SELECT 2']],
      ['CREATE TASK t AS BEGINé SELECT 1; END; SELECT 2', ['CREATE TASK t AS BEGINé SELECT 1; END', 'SELECT 2']],
    ];
    for (const [script, expected] of cases) {
      assert.deepEqual(texts(script), expected, script);
    }
  });

  it('splits the public examples as Databend does', () => {
    for (const example of PUBLIC_EXAMPLES) {
      assert.deepEqual(texts(example.text), example.statements, example.text);
    }
  });

  it('splits scripts generated from every token kind and block form into the statements they were made of (property)', () => {
    fc.assert(
      fc.property(scriptArbitrary({ engine: false }), (script) => {
        const parts = splitStatements(script.text);
        assert.deepEqual(
          parts.map((p) => p.text),
          script.statements,
        );
        for (const p of parts) {
          assert.equal(script.text.slice(p.start, p.end), p.text);
        }
      }),
      { numRuns: 1500, seed: 20261129 },
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
