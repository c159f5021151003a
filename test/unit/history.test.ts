import * as assert from 'node:assert/strict';
import { addToHistory, HistoryEntry, maskSecrets, oneLine, outcomeText } from '../../src/core/history';

const entry = (n: number, sql = `SELECT ${n}`): HistoryEntry => ({ id: String(n), sql, loginId: 'l', login: 'local', database: 'default', startedAt: n, durationMs: 5, outcome: 'rows', rows: 1, queryId: `q${n}` });

describe('query history rules', () => {
  it('masks credentials and passwords before a statement is kept', () => {
    assert.equal(
      maskSecrets("CREATE CONNECTION c STORAGE_TYPE = 's3' ACCESS_KEY_ID = 'AKIA1' SECRET_ACCESS_KEY = 'wJal\\'r' session_token=\"tok\""),
      "CREATE CONNECTION c STORAGE_TYPE = 's3' ACCESS_KEY_ID = 'AKIA1' SECRET_ACCESS_KEY = '***' session_token='***'",
    );
    assert.equal(maskSecrets("CREATE USER u IDENTIFIED BY 'p@ss'"), "CREATE USER u IDENTIFIED BY '***'");
    assert.equal(maskSecrets("ALTER USER u IDENTIFIED WITH sha256_password BY 'x'"), "ALTER USER u IDENTIFIED WITH sha256_password BY '***'");
    assert.equal(maskSecrets("CREATE CONNECTION c STORAGE_TYPE = 's3' ROLE_ARN = 'arn:aws:iam::1:role/r' EXTERNAL_ID = 'e'"), "CREATE CONNECTION c STORAGE_TYPE = 's3' ROLE_ARN = 'arn:aws:iam::1:role/r' EXTERNAL_ID = 'e'");
  });

  it('keeps the newest first, bounded in entries and characters, marks what it masked or cut', () => {
    let list: HistoryEntry[] = [];
    for (let i = 0; i < 12; i++) list = addToHistory(list, entry(i), { entries: 10, statementChars: 100, totalChars: 10_000 });
    assert.deepEqual(list.map((e) => e.id), ['11', '10', '9', '8', '7', '6', '5', '4', '3', '2']);
    const long = addToHistory([], entry(1, `SELECT '${'x'.repeat(200)}'`), { entries: 10, statementChars: 100, totalChars: 10_000 });
    assert.equal(long[0].sql.length, 100);
    assert.equal(long[0].cut, true);
    const masked = addToHistory([], entry(1, "CREATE USER u IDENTIFIED BY 'pw'"));
    assert.equal(masked[0].masked, true);
    assert.equal(addToHistory([], entry(1))[0].masked, undefined);
    let big: HistoryEntry[] = [];
    for (let i = 0; i < 5; i++) big = addToHistory(big, entry(i, 'S'.repeat(40)), { entries: 10, statementChars: 100, totalChars: 100 });
    assert.deepEqual(big.map((e) => e.id), ['4', '3']);
  });

  it('says what happened in a few words', () => {
    assert.equal(outcomeText({ ...entry(1), rows: 10000, truncated: true }), '10,000+ rows');
    assert.equal(outcomeText({ ...entry(1), outcome: 'affected', affectedRows: 1 }), '1 row affected');
    assert.equal(outcomeText({ ...entry(1), outcome: 'error', error: '[1025]Unknown table' }), 'failed: [1025]Unknown table');
    assert.equal(oneLine('SELECT\n  a,\n  b\nFROM t'), 'SELECT a, b FROM t');
    assert.equal(oneLine('x'.repeat(10), 5), 'xxxx…');
  });
});
