// Generated SQL scripts for the statement splitter, built from every kind of token Databend's lexer
// has (src/query/ast/src/parser/token.rs) and the statements that hold `;` inside them
// (statement.rs: CREATE/ALTER TASK … AS BEGIN … END). Each script comes with the statements it was
// made of, so a test knows the right split. With `engine: true` only what the local engine parses
// on its own (`EXPLAIN SYNTAX <statement>`) is generated.

import fc from 'fast-check';

export interface Script {
  text: string;
  statements: string[];
}

export interface ScriptOptions {
  /** Only statements the engine parses: no procedure bodies outside `$$`, no lexer oddities that are
   * syntax errors (`1$$x$$`, `#--x`). */
  engine: boolean;
}

const pick = <T>(...values: T[]) => fc.constantFrom(...values);

// ---- trivia: blanks and comments (never significant) ----

const blank = pick(' ', '\n', '\t', '\r\n', '  ', '\f', ' \n  ');
const lineComment = fc.string({ unit: pick('a', ';', ' ', "'", '"', '`', '$$', '/*', '*/', '@s', '--', 'é'), maxLength: 8 }).map((s) => ` --${s}\n`);
const blockComment = fc
  .string({ unit: pick('a', ';', ' ', '\n', "'", '"', '`', '$$', '/*', '--', '@s', '*', '/', 'é'), maxLength: 8 })
  .filter((s) => !s.includes('*/') && !s.endsWith('*') && !s.startsWith('+') && !s.startsWith('*/'))
  .map((s) => ` /*${s}*/ `);
// A hint's inside is lexed as tokens: a quoted `*/` or `;` does not end it. Skipped where it stands.
const hint = pick(" /*+ SET_VAR(a='*/;') */ ", ' /*+ x; */ ', ' /*+ "*/" */ ');

function trivia(options: ScriptOptions): fc.Arbitrary<string> {
  return options.engine ? fc.oneof({ arbitrary: blank, weight: 4 }, lineComment, blockComment) : fc.oneof({ arbitrary: blank, weight: 4 }, lineComment, blockComment, hint);
}

// ---- significant tokens ----

const singleQuoted = fc
  .array(pick('a', ' ', ';', '--', '/*', '*/', '$$', '"', '`', '@s', 'é', '漢', '😀', '\n', "''", "\\'", '\\\\', '\\n', '\\t', '\\"'), { maxLength: 8 })
  .map((parts) => `'${parts.join('')}'`);
const doubleQuoted = fc.array(pick('a', ' ', ';', '--', '/*', '$$', "'", '`', '@', 'é', '""'), { minLength: 1, maxLength: 6 }).map((parts) => `"${parts.join('')}"`);
const backticked = fc.array(pick('a', ' ', ';', '--', '/*', '$$', "'", '"', '\\', 'é'), { minLength: 1, maxLength: 6 }).map((parts) => `\`${parts.join('')}\``);
// A $$ body never holds `$$` and never ends in `$`.
const dollarQuoted = fc.array(pick('a', ' ', ';', '\n', "'", '"', '--', '/*', '$x', '\\'), { maxLength: 8 }).map((parts) => `$$${parts.join('')}$$`);
const name = pick('a', 't_1', 'col', 'a$$b', 'x$', 'é$$x', '漢字', 'begin', 'transaction', 'end_date', 'casework');
const number = pick('1', '42', '1_000', '0x1F', '1e5', '1.5e-3', '.5', '1.');
const location = pick('@s', '@s/run--2024/', '@s/logs/*.json', '@s/a/*/b', '@s/x$$y/', "@s/it\\'s/", '@s/a\\"b', '@s/a\\ b/', '@s/é/漢', '@my_stage/2024-01-01/');
// Tokens that look like comments or strings to a naive reader but are not.
const oddity = pick("'{}'::json #--x", 'a$$b', '$v$$', '1$$x;$$', '2*/*x*/3', '4 //*x', '[1] <@[1]');

function atom(options: ScriptOptions): fc.Arbitrary<string> {
  const kinds = [singleQuoted, doubleQuoted, backticked, dollarQuoted, name, number, pick('$v', '$1', 'now()', 'TRUE', 'NULL')];
  return options.engine ? fc.oneof(...kinds) : fc.oneof(...kinds, oddity);
}

function expression(options: ScriptOptions): fc.Arbitrary<string> {
  const { expr } = fc.letrec<{ expr: string }>((tie) => ({
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      atom(options),
      fc.tuple(tie('expr'), pick('+', '-', '*', '/', '//', '%', '||', '=', '<>', 'AND', 'OR'), tie('expr')).map(([a, op, b]) => `${a} ${op} ${b}`),
      fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([a, b, c]) => `CASE WHEN ${a} THEN ${b} ELSE ${c} END`),
      fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `CASE ${a} WHEN 1 THEN ${b} END`),
      tie('expr').map((a) => `coalesce(${a}, 0)`),
      tie('expr').map((a) => `(${a})`),
    ),
  }));
  return expr;
}

/** Joins tokens with trivia between them (at least one blank or comment each). */
function spaced(options: ScriptOptions, tokens: fc.Arbitrary<string[]>): fc.Arbitrary<string> {
  return tokens.chain((parts) =>
    fc.array(trivia(options), { minLength: Math.max(0, parts.length - 1), maxLength: Math.max(0, parts.length - 1) }).map((gaps) =>
      parts.reduce((text, part, i) => (i === 0 ? part : text + gaps[i - 1] + part), ''),
    ),
  );
}

/** Plain statements: no `;` inside except within tokens. */
function plainStatement(options: ScriptOptions): fc.Arbitrary<string> {
  const expr = expression(options);
  const t = (...parts: fc.Arbitrary<string>[]) => spaced(options, fc.tuple(...parts));
  const word = (w: string) => fc.constant(w);
  return fc.oneof(
    t(word('SELECT'), fc.array(expr, { minLength: 1, maxLength: 3 }).map((items) => items.join(', '))),
    t(word('SELECT'), expr, word('AS'), pick('begin', 'x', '"a;b"', '`c;d`', 'é')),
    t(word('SELECT'), expr, word('FROM'), pick('t', 't_1', '"my;table"'), word('WHERE'), expr),
    t(word('SELECT * FROM'), location),
    t(word('INSERT INTO t VALUES'), fc.array(expr, { minLength: 1, maxLength: 3 }).map((items) => `(${items.join(', ')})`)),
    t(word('DELETE FROM'), pick('t', 'staging_orders'), word('WHERE'), expr),
    t(word('UPDATE t SET a ='), expr, word('WHERE'), expr),
    t(word('LIST'), location),
    t(word('LIST'), location, word('PATTERN ='), singleQuoted),
    t(word('COPY INTO t FROM'), location, word('PATTERN ='), singleQuoted),
    pick('BEGIN', 'BEGIN TRANSACTION', 'COMMIT', 'ROLLBACK'),
    t(word('EXECUTE IMMEDIATE'), fc.oneof(dollarQuoted, scriptBody.map((s) => `$$${s}$$`), singleQuoted)),
    t(word('CREATE OR REPLACE PROCEDURE p(a INT) RETURNS INT LANGUAGE SQL AS'), scriptBody.map((s) => `$$${s}$$`)),
  );
}

// The script language (script.rs), for $$ bodies and procedure blocks: each ends in `;`.
const scriptStatement: fc.Arbitrary<string> = fc.letrec<{ stmt: string }>((tie) => ({
  stmt: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    pick("LET x := 'a;b';", 'x := x + 1;', 'RETURN x;', "SELECT CASE WHEN x THEN 'END;' END;", 'INSERT INTO t VALUES (1);', 'BREAK;', 'CONTINUE;'),
    fc.array(tie('stmt'), { minLength: 1, maxLength: 2 }).map((body) => `IF x = 1 THEN ${body.join(' ')} ELSE RETURN 0; END IF;`),
    fc.array(tie('stmt'), { minLength: 1, maxLength: 2 }).map((body) => `FOR i IN 1 TO 3 DO ${body.join(' ')} END FOR;`),
    fc.array(tie('stmt'), { minLength: 1, maxLength: 2 }).map((body) => `WHILE x < 3 DO ${body.join(' ')} END WHILE;`),
    fc.array(tie('stmt'), { minLength: 1, maxLength: 2 }).map((body) => `REPEAT ${body.join(' ')} UNTIL x > 3 END REPEAT;`),
    fc.array(tie('stmt'), { minLength: 1, maxLength: 2 }).map((body) => `LOOP ${body.join(' ')} END LOOP;`),
    fc.array(tie('stmt'), { minLength: 1, maxLength: 2 }).map((body) => `CASE x WHEN 1 THEN ${body.join(' ')} ELSE RETURN 2; END CASE;`),
    fc.array(tie('stmt'), { minLength: 1, maxLength: 2 }).map((body) => `CASE WHEN x THEN ${body.join(' ')} END;`),
  ),
})).stmt;
const scriptBody = fc.array(scriptStatement, { minLength: 1, maxLength: 3 }).map((body) => `\nBEGIN\n  ${body.join('\n  ')}\nEND;\n`);

/** Statements with a BEGIN … END block (or that look like one and are not). */
function blockStatement(options: ScriptOptions): fc.Arbitrary<string> {
  const inner = fc.oneof({ arbitrary: plainStatement(options), weight: 4 }, pick('BEGIN', 'COMMIT', 'SELECT 1 AS begin', 'SELECT CASE WHEN a THEN 1 END FROM t'));
  const trail = trivia(options);
  const block = fc
    .tuple(fc.array(fc.tuple(inner, trail), { minLength: 1, maxLength: 3 }), trail)
    .map(([items, before]) => `BEGIN\n${items.map(([s, gap]) => `  ${s}${gap};`).join('\n')}${before}END`);
  const options_ = fc
    .subarray(["WAREHOUSE = 'etl;wh'", 'SCHEDULE = 5 MINUTE', "AFTER 'a;', 'b'", 'WHEN 1 = 1'], { minLength: 0 })
    .map((list) => list.join(' '));
  const task = fc
    .tuple(pick('CREATE TASK', 'CREATE TASK IF NOT EXISTS', 'CREATE OR REPLACE TASK', 'create /* x; */ or replace task'), pick('refresh_orders', 't1', '"my;task"'), options_)
    .map(([head, taskName, opts]) => [head, taskName, opts].filter(Boolean).join(' '));
  const nested = fc.tuple(task, block).map(([head, body]) => `${head} AS ${body}`);
  const innerWithTask = fc.oneof({ arbitrary: inner, weight: 3 }, nested);
  const blockWithTask = fc
    .array(innerWithTask, { minLength: 1, maxLength: 3 })
    .map((items) => `BEGIN\n${items.map((s) => `  ${s};`).join('\n')}\nEND`);
  const kinds = [
    fc.tuple(task, fc.oneof(block, blockWithTask)).map(([head, body]) => `${head} AS\n${body}`),
    fc.tuple(task, fc.oneof(plainStatement(options), nested)).map(([head, body]) => `${head} AS ${body}`),
    task.map((head) => `${head} AS BEGIN`),
    task.map((head) => `${head} AS BEGIN TRANSACTION`),
    fc.tuple(pick('ALTER TASK t1', 'ALTER TASK IF EXISTS t1'), block).map(([head, body]) => `${head} MODIFY AS ${body}`),
  ];
  if (!options.engine) {
    // Not Databend syntax (the engine wants $$), kept whole so the body never runs on its own.
    const declare = pick('', "DECLARE x INT := 1; y STRING DEFAULT 'a;b';\n");
    kinds.push(
      fc
        .tuple(pick('CREATE PROCEDURE p()', 'CREATE OR REPLACE PROCEDURE p(a INT)'), declare, fc.array(scriptStatement, { minLength: 1, maxLength: 3 }))
        .map(([head, decl, body]) => `${head} RETURNS INT LANGUAGE SQL AS ${decl}BEGIN\n  ${body.join('\n  ')}\nEND`),
    );
  }
  return fc.oneof(...kinds);
}

export function statementArbitrary(options: ScriptOptions): fc.Arbitrary<string> {
  return fc.oneof({ arbitrary: plainStatement(options), weight: 3 }, { arbitrary: blockStatement(options), weight: 2 });
}

/** A script of statements separated by `;` (with comments, blank lines and empty statements around). */
export function scriptArbitrary(options: ScriptOptions): fc.Arbitrary<Script> {
  const tv = trivia(options);
  const separator = fc.tuple(fc.option(tv), pick(';', ';;', '; ;'), fc.option(tv)).map(([a, semi, b]) => `${a ?? ''}${semi}${b ?? '\n'}`);
  return fc
    .tuple(fc.option(tv), fc.array(fc.tuple(statementArbitrary(options), separator), { minLength: 1, maxLength: 5 }), fc.boolean())
    .map(([lead, items, lastSemicolon]) => {
      const statements = items.map(([s]) => s);
      let text = lead ?? '';
      items.forEach(([s, sep], i) => {
        text += s + (i < items.length - 1 || lastSemicolon ? sep : '');
      });
      return { text, statements };
    });
}

/** Public examples: the issue's task, the notes' stage paths, scripts from Databend's docs. */
export const PUBLIC_EXAMPLES: Script[] = [
  {
    text: `CREATE TASK IF NOT EXISTS refresh_orders WAREHOUSE = 'etl_wh' SCHEDULE = 5 MINUTE AS
BEGIN
  INSERT INTO audit_log SELECT now();
  DELETE FROM staging_orders WHERE done;
END;`,
    statements: [
      `CREATE TASK IF NOT EXISTS refresh_orders WAREHOUSE = 'etl_wh' SCHEDULE = 5 MINUTE AS
BEGIN
  INSERT INTO audit_log SELECT now();
  DELETE FROM staging_orders WHERE done;
END`,
    ],
  },
  {
    text: "LIST @s/run--2024/;\nSELECT * FROM @s/logs/*.json;\nCOPY INTO t FROM @s/a--b/ PATTERN = '.*[.]csv';",
    statements: ['LIST @s/run--2024/', 'SELECT * FROM @s/logs/*.json', "COPY INTO t FROM @s/a--b/ PATTERN = '.*[.]csv'"],
  },
  {
    text: `ALTER TASK refresh_orders MODIFY AS
BEGIN
  MERGE INTO t USING s ON t.a = s.a WHEN MATCHED THEN UPDATE SET t.b = CASE WHEN s.b > 0 THEN s.b ELSE 0 END;
  DELETE FROM s WHERE done;
END;
ALTER TASK refresh_orders RESUME;`,
    statements: [
      `ALTER TASK refresh_orders MODIFY AS
BEGIN
  MERGE INTO t USING s ON t.a = s.a WHEN MATCHED THEN UPDATE SET t.b = CASE WHEN s.b > 0 THEN s.b ELSE 0 END;
  DELETE FROM s WHERE done;
END`,
      'ALTER TASK refresh_orders RESUME',
    ],
  },
  {
    text: `CREATE OR REPLACE PROCEDURE sum_to(n INT) RETURNS INT LANGUAGE SQL COMMENT = 'sum; 1..n' AS $$
BEGIN
  LET total := 0;
  FOR i IN 1 TO n DO
    total := total + i;
  END FOR;
  IF total > 100 THEN
    RETURN 100;
  END IF;
  RETURN total;
END;
$$;
CALL PROCEDURE sum_to(10);`,
    statements: [
      `CREATE OR REPLACE PROCEDURE sum_to(n INT) RETURNS INT LANGUAGE SQL COMMENT = 'sum; 1..n' AS $$
BEGIN
  LET total := 0;
  FOR i IN 1 TO n DO
    total := total + i;
  END FOR;
  IF total > 100 THEN
    RETURN 100;
  END IF;
  RETURN total;
END;
$$`,
      'CALL PROCEDURE sum_to(10)',
    ],
  },
  {
    text: "EXECUTE IMMEDIATE $$\nBEGIN\n  LET x := 'a;b';\n  RETURN x;\nEND;\n$$;\nBEGIN; INSERT INTO t VALUES (1); COMMIT;",
    statements: ["EXECUTE IMMEDIATE $$\nBEGIN\n  LET x := 'a;b';\n  RETURN x;\nEND;\n$$", 'BEGIN', 'INSERT INTO t VALUES (1)', 'COMMIT'],
  },
  {
    text: "CREATE TASK t AS BEGIN CREATE TASK u AS BEGIN SELECT 1; END; END;\nCREATE TASK v AS BEGIN;\nSELECT 'a\\';b', \"c;\"\"d\", `e;f`, $$g;h$$ /*+ i; */ -- j;\n;",
    statements: ['CREATE TASK t AS BEGIN CREATE TASK u AS BEGIN SELECT 1; END; END', 'CREATE TASK v AS BEGIN', "SELECT 'a\\';b', \"c;\"\"d\", `e;f`, $$g;h$$"],
  },
];
