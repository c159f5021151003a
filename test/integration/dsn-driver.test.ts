// A saved login reaches what the real databend-driver reaches for the pasted DSN: the same
// host, port, TLS, user, password and database, the same role, warehouse, tenant and
// session settings. The driver signs in through a loopback recorder (see driverLogin.ts).

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildDsn, ConnectionSettings, loginTarget, parseDsn, ParsedDsn, validateDatabase, validateUser } from '../../src/core/dsn';
import { DriverLogin, DriverLoginProbe } from '../support/driverLogin';

/** The options the driver reads itself; every other one is a session setting. */
const DRIVER_KEYS = new Set([
  'wait_time_secs', 'max_rows_in_buffer', 'max_rows_per_page', 'connect_timeout', 'page_request_timeout_secs', 'presign', 'tenant', 'warehouse',
  'role', 'sslmode', 'tls_ca_file', 'access_token', 'access_token_file', 'login', 'session_token', 'body_format', 'query_result_format', 'retry_count', 'retry_delay_secs',
]);

/** What a saved login would make the driver send, in the recorder's terms. */
function expected(parsed: ParsedDsn): DriverLogin {
  const options: Record<string, string | undefined> = { ...parsed.options, ...(parsed.warehouse !== undefined ? { warehouse: parsed.warehouse } : {}) };
  return {
    host: parsed.host,
    port: parsed.port,
    tls: parsed.tls,
    user: parsed.user,
    password: parsed.password,
    database: parsed.database,
    role: options.role,
    warehouse: options.warehouse,
    tenant: options.tenant,
    settings: Object.fromEntries(Object.entries(parsed.options).filter(([key]) => !DRIVER_KEYS.has(key))),
    path: '/v1/session/login',
  };
}

function saved(parsed: ParsedDsn): string {
  const { password, ...settings } = parsed;
  return buildDsn(settings, password);
}

// Pieces of DSNs, raw and percent-encoded, the way people paste them.
const userChar = fc.constantFrom('a', 'Z', '0', '-', '.', '_', '~', '!', '$', '&', "'", '(', ')', '*', '+', ',', ';', '=', '%', '%20', '%41', '%zz', ' ', 'é', '^', '|', '"', '<', '>', '{', '}', '`', '\\', '[', ']');
const passwordChar = fc.oneof(
  userChar,
  fc.constantFrom(':', '@', '%40', '%3A', '%2F', '%3F', '%23', '%25', '%E2%82%AC', '%F0%9F%98%80', '😀', '%'),
  fc.integer({ min: 0, max: 255 }).map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`),
);
const host = fc.oneof(
  fc.constantFrom(
    'tn1example.gw.aws-us-east-2.default.databend.com',
    'LOCALHOST',
    '127.0.0.1',
    '[::1]',
    '[2001:DB8::1]',
    '[::ffff:1.2.3.4]',
    '0x7f.1',
    '2130706433',
    'bücher.de',
    'h.%41b.com',
    'xn--bcher-kva.de',
    'a_b.example',
    'UPPER.Example.Org',
    '%zz',
    '[::1',
    '',
  ),
  fc.tuple(fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9-]{0,8}$/), fc.constantFrom('.com', '.io', '.example', '')).map(([a, b]) => a + b),
);
const port = fc.option(fc.oneof(fc.constantFrom(80, 443, 8000, 65535, 1), fc.integer({ min: 1, max: 65535 })), { nil: undefined });
const path = fc.constantFrom('', '/', '/default', '/db', '/my%20db', '/a/b', '//x', '/./x', '/../x', '/%2e%2e/x', '/a b', '/a^b', '/a|b', '/é', '/{x}', '/`x`', '/"x"', '/<x>', '/a%zz', '/sales');
const optionValue = fc.constantFrom('x', 'small-wh', 'a b', 'a+b', 'a%2Bb', 'é', '%E2%82%AC', '1', '', '=', '&amp', 'Asia/Shanghai');
const option = fc.oneof(
  fc.tuple(fc.constantFrom('warehouse', 'tenant', 'role', 'timezone', 'max_threads', 'my%20key', 'k%C3%A9', 'SSLMODE'), optionValue),
  fc.tuple(fc.constant('sslmode'), fc.constantFrom('disable', 'require', 'enable', 'Disable', 'off')),
  fc.tuple(fc.constantFrom('connect_timeout', 'wait_time_secs', 'retry_count', 'max_rows_per_page'), fc.constantFrom('5', '+5', '-1', 'x', '99999999999999999999', '0')),
);
const dsn = fc
  .record({
    scheme: fc.constantFrom('databend', 'databend', 'DATABEND', 'databend+http', 'databend+https'),
    user: fc.option(fc.array(userChar, { maxLength: 6 }).map((a) => a.join('')), { nil: undefined }),
    password: fc.option(fc.array(passwordChar, { maxLength: 8 }).map((a) => a.join('')), { nil: undefined }),
    host,
    port,
    path,
    options: fc.array(option, { maxLength: 4 }),
  })
  .map(({ scheme, user, password, host, port, path, options }) => {
    const userinfo = user === undefined ? '' : `${user}${password === undefined ? '' : `:${password}`}@`;
    const query = options.length === 0 ? '' : `?${options.map(([k, v]) => `${k}=${v}`).join('&')}`;
    return `${scheme}://${userinfo}${host}${port === undefined ? '' : `:${port}`}${path}${query}`;
  });

describe('DSNs: a saved login signs in where the driver signs in', function () {
  this.timeout(300_000);
  let probe: DriverLoginProbe;
  let compared = 0;
  let refused = 0;

  before(async () => {
    probe = await DriverLoginProbe.start();
  });

  after(async () => {
    await probe?.stop();
  });

  async function check(text: string): Promise<void> {
    const driver = await probe.login(text);
    let parsed: ParsedDsn | undefined;
    let refusal: unknown;
    try {
      parsed = parseDsn(text);
    } catch (error) {
      refusal = error;
    }
    if (!driver.accepted) {
      assert.ok(refusal, `the driver refuses ${JSON.stringify(text)} (${driver.error}) but parseDsn accepts it`);
      refused++;
      return;
    }
    assert.ok(parsed, `the driver accepts ${JSON.stringify(text)} but parseDsn refuses it: ${String(refusal)}`);
    assert.deepEqual(expected(parsed), driver.login, `parseDsn(${JSON.stringify(text)})`);
    const rebuilt = await probe.login(saved(parsed));
    assert.ok(rebuilt.accepted, `the driver refuses the saved login of ${JSON.stringify(text)}`);
    assert.deepEqual(rebuilt.login, driver.login, `the saved login of ${JSON.stringify(text)}`);
    compared++;
  }

  it('the issue\'s DSN with a raw % in the password', async () => {
    const text = 'databend://cloudapp:50%off!@tn1example.gw.aws-us-east-2.default.databend.com:443/default?warehouse=small-wh';
    const parsed = parseDsn(text);
    assert.equal(parsed.password, '50%off!');
    assert.equal(parsed.host, 'tn1example.gw.aws-us-east-2.default.databend.com');
    assert.equal(parsed.warehouse, 'small-wh');
    await check(text);
  });

  it('the driver\'s own test DSNs, IPv6, default ports, no user, no host and odd percent signs', async () => {
    for (const text of [
      'databend://username:password@app.databend.com/test?wait_time_secs=10&max_rows_in_buffer=5000000&max_rows_per_page=10000&warehouse=wh&sslmode=disable',
      'databend://username:3a%40SC(nYE1k%3D%7B%7BR@localhost',
      'databend://username:3a@SC(nYE1k={{R@localhost:8000',
      'databend://root:@127.0.0.1:8000/default?sslmode=disable',
      'databend://root:@127.0.0.1/default?sslmode=disable',
      'databend://u:p@[::1]:8000/d?sslmode=disable',
      'databend://u:p@[::FFFF:127.0.0.1]/d',
      'databend://:secret@h/d?sslmode=disable',
      'databend://Cloud%20App:p%41ss%zz%E2%82%AC@TN1.Example.COM/my%20db?sslmode=disable',
      'databend://u:a\\b@h:80/d',
      'databend://u:p%FF@h/d',
      'databend://',
      'databend:///db',
      'databend:db',
      'databend://u:p@/db',
      'databend://u:p@h/d?sslmode=bad',
    ]) {
      await check(text);
    }
  });

  it('for generated DSNs (property, fixed seed)', async () => {
    await fc.assert(
      fc.asyncProperty(dsn, (text) => check(text)),
      { seed: 2212, numRuns: 1000 },
    );
    // The generator must exercise both sides, or the property says little.
    assert.ok(compared > 100 && refused > 20, `compared ${compared}, refused ${refused}`);
  });

  it('for logins entered field by field: any password, every user and database the validators accept (property, fixed seed)', async () => {
    const settings = fc.record(
      {
        host: fc.constantFrom('tn1example.gw.aws-us-east-2.default.databend.com', 'Example.COM', '127.0.0.1', '::1', '[2001:db8::1]', 'bücher.de'),
        port: fc.integer({ min: 1, max: 65535 }),
        user: fc.string({ unit: fc.constantFrom('a', 'Z', '0', '_', '-', '.', '~', '!', '$', '&', "'", '(', ')', '*', '+', ',', '%', '^', '|'), minLength: 1, maxLength: 8 }),
        database: fc.string({ unit: fc.constantFrom('a', '_', '0', '/', '.', '%', '^', '|', '!'), maxLength: 6 }),
        tls: fc.boolean(),
        options: fc.constant({}),
      },
      { noNullPrototype: true },
    );
    let signedIn = 0;
    await fc.assert(
      fc.asyncProperty(settings, fc.string({ unit: 'grapheme', maxLength: 16 }), async (s: ConnectionSettings, password) => {
        if (validateUser(s.user) !== undefined || validateDatabase(s.database) !== undefined) return;
        const driver = await probe.login(buildDsn(s, password));
        assert.ok(driver.accepted, `the driver refuses ${JSON.stringify(s)}`);
        const { host, port, tls, user, password: sent, database } = driver.login;
        assert.deepEqual({ host, port, tls, user, password: sent, database }, loginTarget(s, password));
        signedIn++;
      }),
      { seed: 2212, numRuns: 300 },
    );
    assert.ok(signedIn > 100, `signed in ${signedIn} times`);
  });
});
