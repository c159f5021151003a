import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildDsn, ConnectionSettings, describeConnection, loginTarget, parseDsn, validateDatabase, validateHost, validatePort, validateUser } from '../../src/core/dsn';

// The rules below are databend-driver 0.33.7's (bendsql core/src/client.rs, from_dsn); the
// integration test test/integration/dsn-driver.test.ts checks them against the driver itself.

describe('DSN', () => {
  it('refuses what the driver refuses, found by a trial: control characters in options, hosts an HTTP client cannot take', () => {
    // The driver: "BadArgument: failed to parse header value" and a reqwest builder error.
    for (const dsn of ['databend://u:p@h.example.com:443/d?warehouse=wh%0A', 'databend://u:p@h.example.com:443/d?warehouse=wh%0D%0A', 'databend://u:p@h.example.com:443/d?tenant=t%00', 'databend://u:p@h.example.com:443/d?warehouse=w%7F']) {
      assert.throws(() => parseDsn(dsn), /control character/, dsn);
    }
    for (const host of ['a`b.example.com', 'a{b}.example.com', 'a"b.example.com']) {
      assert.throws(() => parseDsn(`databend://u:p@${host}:443/d`), /no host the driver can reach/, host);
      assert.ok(validateHost(host), host);
    }
  });

  it('keeps a secret option (access_token) out of a saved login', () => {
    assert.throws(() => parseDsn('databend://u:p@h.example.com:443/d?access_token=abc'), /secret storage/);
  });

  it('strips only ASCII spaces and control characters around a DSN, as the driver does', () => {
    assert.equal(parseDsn('  databend://u:p@h.example.com:443/d\n').database, 'd');
    // NBSP is no space to the driver: the database is "d\u00A0" to it, and so it is here.
    assert.equal(parseDsn('databend://u:p@h.example.com:443/d\u00A0').database, 'd%C2%A0');
  });

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

  it('takes a raw % in the password as the driver does (issue: "URI malformed")', () => {
    const parsed = parseDsn('databend://cloudapp:50%off!@tn1example.gw.aws-us-east-2.default.databend.com:443/default?warehouse=small-wh');
    assert.equal(parsed.password, '50%off!');
    assert.equal(parsed.user, 'cloudapp');
    assert.equal(parsed.host, 'tn1example.gw.aws-us-east-2.default.databend.com');
    assert.equal(parsed.warehouse, 'small-wh');
    // Only valid %XX is decoded; what it decodes to must be UTF-8.
    assert.equal(parseDsn('databend://u:a%zz%4%41%E2%82%AC%@h').password, 'a%zz%4A€%');
    assert.throws(() => parseDsn('databend://u:p%FF@h'), /not UTF-8/);
  });

  it('keeps the user and database as written, as the driver sends them', () => {
    const parsed = parseDsn('databend://Cloud%20App:pw@h/my%20db');
    assert.equal(parsed.user, 'Cloud%20App');
    assert.equal(parsed.database, 'my%20db');
    assert.equal(parseDsn('databend://u:p@h/a/./b/../c').database, 'a/c');
    assert.equal(parseDsn('databend://u:p@h').database, 'default');
  });

  it('signs in as root without a password when the DSN names no user, as the driver does', () => {
    assert.deepEqual([parseDsn('databend://:secret@h').user, parseDsn('databend://:secret@h').password], ['root', '']);
    assert.equal(parseDsn('databend://h').user, 'root');
  });

  it('reads hosts as the driver reaches them: lower case, punycode, canonical IPv4 and IPv6, localhost when absent', () => {
    assert.equal(parseDsn('databend://u:p@TN1.Example.COM').host, 'tn1.example.com');
    assert.equal(parseDsn('databend://u:p@bücher.de').host, 'xn--bcher-kva.de');
    assert.equal(parseDsn('databend://u:p@0x7f.1').host, '127.0.0.1');
    assert.equal(parseDsn('databend://u:p@[::FFFF:127.0.0.1]:8000').host, '::ffff:7f00:1');
    assert.equal(parseDsn('databend:///db').host, 'localhost');
    assert.throws(() => parseDsn('databend://u:p@%zz/db'), /no host/);
  });

  it('defaults the port to 443 with TLS and 80 without, and keeps explicit ones', () => {
    assert.equal(parseDsn('databend://u:p@h').port, 443);
    assert.equal(parseDsn('databend://u:p@h?sslmode=disable').port, 80);
    assert.equal(parseDsn('databend://u:p@h:80').port, 80);
    assert.equal(parseDsn('databend://u:p@h:443?sslmode=disable').port, 443);
    assert.throws(() => parseDsn('databend://u:p@h:0'), /port in this DSN is 0/);
  });

  it('reads sslmode=disable as plain HTTP, keeps other options and refuses values the driver refuses', () => {
    const parsed = parseDsn('databend://root:@127.0.0.1:8000/default?sslmode=disable&tenant=t1&retry_count=5&timezone=Asia%2FShanghai&k=a+b');
    assert.equal(parsed.tls, false);
    assert.deepEqual(parsed.options, { tenant: 't1', retry_count: '5', timezone: 'Asia/Shanghai', k: 'a b' });
    assert.equal(parsed.password, '');
    assert.equal(parseDsn('databend://h?sslmode=require').tls, true);
    assert.throws(() => parseDsn('databend://h?sslmode=off'), /sslmode=off/);
    assert.throws(() => parseDsn('databend://h?sslmode=disable&sslmode=bad'), /sslmode=bad/);
    assert.throws(() => parseDsn('databend://h?connect_timeout=-1'), /connect_timeout=-1/);
    assert.throws(() => parseDsn('databend://h?retry_count=4294967296'), /retry_count/);
    assert.equal(parseDsn('databend://h?wait_time_secs=-1').options.wait_time_secs, '-1');
  });

  it('refuses a # (it would end the DSN) and says how to write it', () => {
    assert.throws(() => parseDsn('databend://u:1#x@h/db'), /%23/);
  });

  it('round-trips through buildDsn with any password, adding fast-failure defaults', () => {
    for (const password of ['', 'plain', "q'u\"o`te", 'p@ss:w/rd?#&=%+ é😀', '50%off!', '%41', '\\', '%']) {
      const settings: ConnectionSettings = { host: 'h.example.com', port: 443, user: 'cloudapp', database: 'db_1', warehouse: 'wh', tls: true, options: { tenant: 't' } };
      const dsn = buildDsn(settings, password);
      const back = parseDsn(dsn);
      assert.equal(back.password, password);
      assert.equal(back.user, 'cloudapp');
      assert.equal(back.database, 'db_1');
      assert.equal(back.warehouse, 'wh');
      assert.equal(back.options.retry_count, '1');
      assert.equal(back.options.tenant, 't');
    }
    assert.match(buildDsn({ host: 'x', port: 8000, user: 'u', database: 'd', tls: false, options: { retry_count: '3' } }, 'p'), /retry_count=3.*sslmode=disable/);
  });

  it('writes IPv6 hosts in brackets, with or without them in the settings', () => {
    for (const host of ['::1', '[::1]']) {
      const dsn = buildDsn({ host, port: 8000, user: 'u', database: 'd', tls: false, options: {} }, 'p');
      assert.match(dsn, /@\[::1\]:8000\//);
      assert.equal(parseDsn(dsn).host, '::1');
    }
    assert.equal(describeConnection({ host: '::1', port: 8000, user: 'u', database: 'd', tls: false, options: {} }), 'u@[::1]:8000/d');
  });

  it('refuses settings the driver could not sign in with, saying why', () => {
    const base: ConnectionSettings = { host: 'h', port: 443, user: 'cloudapp', database: 'default', tls: true, options: {} };
    assert.throws(() => buildDsn({ ...base, user: 'cloud app' }, 'p'), /cannot sign in as a user whose name contains " "/);
    assert.throws(() => buildDsn({ ...base, user: '' }, 'p'), /Enter the user name/);
    assert.throws(() => buildDsn({ ...base, database: 'my db' }, 'p'), /cannot open a database/);
    assert.throws(() => buildDsn({ ...base, database: '..' }, 'p'), /cannot open a database/);
    assert.throws(() => buildDsn({ ...base, host: 'a b' }, 'p'), /host/);
    assert.throws(() => buildDsn(base, '\uD800'), /unpaired/);
    assert.equal(validateUser('cloudapp'), undefined);
    assert.equal(validateUser('a%20b'), undefined, 'a % is sent as written, so it may stay');
    assert.match(validateUser('a:b') ?? '', /":"/);
    assert.equal(validateDatabase('a^b|c'), undefined);
    assert.match(validateDatabase('é') ?? '', /non-ASCII/);
  });

  it('every settings the validators accept build a DSN that parses back to the same login (property, fixed seed)', () => {
    const settings = fc.record(
      {
        host: fc.constantFrom('h.example.com', 'TN1.Example.COM', '127.0.0.1', '::1', '[2001:db8::1]', 'bücher.de', 'localhost'),
        port: fc.integer({ min: 1, max: 65535 }),
        user: fc.string({ unit: fc.constantFrom('a', 'Z', '0', '_', '-', '.', '~', '!', '$', '&', "'", '(', ')', '*', '+', ',', '%', ' ', ':', '@', 'é'), minLength: 1, maxLength: 8 }),
        database: fc.string({ unit: fc.constantFrom('a', '_', '0', '/', '.', '%', '^', '|', ' ', '?', 'é'), maxLength: 6 }),
        tls: fc.boolean(),
        warehouse: fc.option(fc.string({ maxLength: 6 }), { nil: undefined }),
        options: fc.dictionary(fc.constantFrom('tenant', 'role', 'timezone', 'x y'), fc.string({ maxLength: 5 })),
      },
      { noNullPrototype: true },
    );
    fc.assert(
      fc.property(settings, fc.string({ unit: 'grapheme', maxLength: 12 }), (s, password) => {
        const acceptable = validateUser(s.user) === undefined && validateDatabase(s.database) === undefined;
        let dsn: string;
        try {
          dsn = buildDsn(s, password);
        } catch (error) {
          assert.ok(!acceptable, `buildDsn refused settings the validators accept: ${String(error)}`);
          return;
        }
        const back = parseDsn(dsn);
        assert.deepEqual(loginTarget(back, back.password), loginTarget(s, password));
        assert.equal(back.warehouse, s.warehouse || undefined);
      }),
      { seed: 2212, numRuns: 1000 },
    );
  });

  it('describes a connection without its password and explains bad input', () => {
    assert.equal(describeConnection({ host: 'h', port: 443, user: 'cloudapp', database: 'default', warehouse: 'w', tls: true, options: {} }), 'cloudapp@h:443/default (warehouse w)');
    assert.throws(() => parseDsn('https://x'), /starts with databend:\/\//);
    assert.match(validateHost('https://h/x') ?? '', /only the host/);
    assert.equal(validateHost('h.example.com'), undefined);
    assert.match(validatePort('70000') ?? '', /1 to 65535/);
  });
});
