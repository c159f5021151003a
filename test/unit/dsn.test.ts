import * as assert from 'node:assert/strict';
import { buildDsn, describeConnection, parseDsn, validateHost, validatePort } from '../../src/core/dsn';

describe('DSN', () => {
  it('splits a Databend Cloud DSN, decoding the password', () => {
    const parsed = parseDsn('databend://cloudapp:p%40ss%3Aw%2Frd@tn3ftqihs.gw.aws-us-east-2.default.databend.com:443/sales?warehouse=small-wh');
    assert.deepEqual(parsed, {
      host: 'tn3ftqihs.gw.aws-us-east-2.default.databend.com',
      port: 443,
      user: 'cloudapp',
      password: 'p@ss:w/rd',
      database: 'sales',
      warehouse: 'small-wh',
      tls: true,
      options: {},
    });
  });

  it('reads sslmode=disable as plain HTTP and keeps other options', () => {
    const parsed = parseDsn('databend://root:@127.0.0.1:8000/default?sslmode=disable&tenant=t1&retry_count=5');
    assert.equal(parsed.tls, false);
    assert.deepEqual(parsed.options, { tenant: 't1', retry_count: '5' });
    assert.equal(parsed.password, '');
  });

  it('round-trips through buildDsn with any password, adding fast-failure defaults', () => {
    for (const password of ['', 'plain', "q'u\"o`te", 'p@ss:w/rd?#&=%+ é😀']) {
      const settings = { host: 'h.example.com', port: 443, user: 'cloud app', database: 'db 1', warehouse: 'wh', tls: true, options: { tenant: 't' } };
      const dsn = buildDsn(settings, password);
      const back = parseDsn(dsn);
      assert.equal(back.password, password);
      assert.equal(back.user, 'cloud app');
      assert.equal(back.database, 'db 1');
      assert.equal(back.options.retry_count, '1');
      assert.equal(back.options.tenant, 't');
    }
    assert.match(buildDsn({ host: 'x', port: 8000, user: 'u', database: 'd', tls: false, options: { retry_count: '3' } }, 'p'), /retry_count=3.*sslmode=disable/);
  });

  it('describes a connection without its password and explains bad input', () => {
    assert.equal(describeConnection({ host: 'h', port: 443, user: 'cloudapp', database: 'default', warehouse: 'w', tls: true, options: {} }), 'cloudapp@h:443/default (warehouse w)');
    assert.throws(() => parseDsn('https://x'), /starts with databend:\/\//);
    assert.match(validateHost('https://h/x') ?? '', /only the host/);
    assert.equal(validateHost('h.example.com'), undefined);
    assert.match(validatePort('70000') ?? '', /1 to 65535/);
  });
});
