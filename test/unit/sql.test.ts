import * as assert from 'node:assert/strict';
import { quoteIdent, quoteString, setupSql } from '../../src/core/sql';
import { GUIDE } from './guide';

const base = {
  connectionName: GUIDE.connectionName,
  stageName: GUIDE.stageName,
  bucket: GUIDE.bucket,
  roleArn: GUIDE.roleArn,
  externalId: GUIDE.externalId,
};

/** Reads a Databend string literal back the way the engine does (quote doubling and backslash escapes). */
function readLiteral(literal: string): string {
  assert.ok(literal.startsWith("'") && literal.endsWith("'"), literal);
  const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', '0': '\0', '\\': '\\', "'": "'" };
  let out = '';
  for (let i = 1; i < literal.length - 1; i++) {
    const ch = literal[i];
    if (ch === '\\') {
      out += escapes[literal[++i]] ?? literal[i];
    } else if (ch === "'") {
      assert.equal(literal[++i], "'", `lone quote inside ${literal}`);
      out += "'";
    } else {
      out += ch;
    }
  }
  return out;
}

describe('setupSql', () => {
  // The guide's statements, each CREATE made re-runnable with OR REPLACE and nothing else changed.
  const rerunnable = (sql: string) => sql.replace(/^CREATE /, 'CREATE OR REPLACE ');

  it("reproduces the guide's statements byte for byte, with OR REPLACE", () => {
    const lines = setupSql({ ...base, testFile: 'test.parquet' }).split('\n');
    assert.ok(lines.includes(rerunnable(GUIDE.sql[0])), lines.join('\n'));
    assert.ok(lines.includes(rerunnable(GUIDE.sql[1])), lines.join('\n'));
    assert.ok(lines.includes(GUIDE.sql[2]), lines.join('\n'));
  });

  it('writes a comment header, then connection, stage, LIST and the sample, one per line', () => {
    const text = setupSql({ ...base, testFile: 'test.parquet' });
    const lines = text.trimEnd().split('\n');
    assert.ok(lines[0].startsWith('-- ') && lines[1].startsWith('-- ') && lines[2].startsWith('-- '));
    assert.deepEqual(lines.slice(3), [rerunnable(GUIDE.sql[0]), rerunnable(GUIDE.sql[1]), 'LIST @databend_test;', GUIDE.sql[2]]);
    assert.ok(text.endsWith(';\n'));
  });

  it('adds REGION when given, the prefix to the stage URL, and no SELECT without a sample file', () => {
    const text = setupSql({ ...base, region: 'us-east-2', prefix: '/data/2024/' });
    assert.match(text, /EXTERNAL_ID = 'my-external-id-123' REGION = 'us-east-2';/);
    assert.match(text, /URL = 's3:\/\/test-bucket-123\/data\/2024\/'/);
    assert.doesNotMatch(text, /SELECT/);
    assert.throws(() => setupSql({ ...base, region: "us-east-2' --" }), /Region/);
  });

  it('keeps the name case and refuses names Databend cannot use', () => {
    assert.match(setupSql({ ...base, connectionName: 'MyConn' }), /CREATE OR REPLACE CONNECTION MyConn .*CONNECTION_NAME = 'MyConn'/s);
    for (const name of ['stage', 'my stage', '@s1', '1abc', "a'b", '']) {
      assert.throws(() => setupSql({ ...base, stageName: name }), /Stage name/, name);
    }
  });

  it('adds ENDPOINT_URL only when the setup names an S3 endpoint, and refuses one that is not a URL', () => {
    assert.doesNotMatch(setupSql(base), /ENDPOINT_URL/);
    assert.match(setupSql({ ...base, endpointUrl: 'https://minio.example.com:9000' }), /EXTERNAL_ID = 'my-external-id-123' ENDPOINT_URL = 'https:\/\/minio\.example\.com:9000';/);
    assert.throws(() => setupSql({ ...base, endpointUrl: "https://x' OR '1" }), /S3 endpoint URL/);
  });

  it('refuses every invalid input before writing anything', () => {
    assert.throws(() => setupSql({ ...base, roleArn: 'arn:aws:iam::123:role/x' }), /IAM role ARN/);
    assert.throws(() => setupSql({ ...base, externalId: "x' OR '1" }), /External ID/);
    assert.throws(() => setupSql({ ...base, bucket: 'Bad Bucket' }), /S3 bucket/);
    assert.throws(() => setupSql({ ...base, testFile: 'a b.parquet' }), /Test file/);
  });
});

describe('quoteString', () => {
  const nasty = [
    '',
    "it's",
    "''",
    '\\',
    '\\\'',
    'C:\\path\\n',
    'line1\nline2\r\n',
    'tab\there',
    'nul\0byte',
    '$$ body $$',
    '-- not a comment',
    '/* nor this */',
    '; DROP STAGE s;',
    'é 漢字 😀 \u202e',
    "x".repeat(10_000) + "'\\",
  ];

  it('reads back as exactly the value, for nasty inputs', () => {
    for (const value of nasty) {
      assert.equal(readLiteral(quoteString(value)), value, JSON.stringify(value));
    }
  });

  it('never spans lines and never leaves a quote unescaped', () => {
    for (const value of nasty) {
      const literal = quoteString(value);
      assert.ok(!/[\n\r]/.test(literal), JSON.stringify(literal));
      assert.ok(!/(^|[^'\\])'([^']|$)/.test(literal.slice(1, -1)), JSON.stringify(literal));
    }
  });

  it('writes the common cases as users expect', () => {
    assert.equal(quoteString("it's"), "'it''s'");
    assert.equal(quoteString('a\\b'), "'a\\\\b'");
    assert.equal(quoteString('a\nb'), "'a\\nb'");
  });
});

describe('quoteIdent', () => {
  it('leaves plain names bare and keeps their case', () => {
    assert.equal(quoteIdent('databend_test'), 'databend_test');
    assert.equal(quoteIdent('MyStage'), 'MyStage');
    assert.equal(quoteIdent('_x1'), '_x1');
  });

  it('quotes reserved words and anything not plain, doubling backticks', () => {
    assert.equal(quoteIdent('select'), '`select`');
    assert.equal(quoteIdent('STAGE'), '`STAGE`');
    assert.equal(quoteIdent('my table'), '`my table`');
    assert.equal(quoteIdent('1st'), '`1st`');
    assert.equal(quoteIdent('a`b'), '`a``b`');
    assert.equal(quoteIdent(''), '``');
  });
});
