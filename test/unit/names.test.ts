import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { deriveNames, shortHash } from '../../src/core/names';
import { normalizePrefix, validateBucketName, validateIamName, validateIdentifier, validatePrefix } from '../../src/core/validate';

function ok(message: string | undefined, what: string): void {
  assert.equal(message, undefined, `${what}: ${message}`);
}

/** Names IAM or Databend would take as the same: IAM compares role and policy names without case. */
function clash(a: ReturnType<typeof deriveNames>, b: ReturnType<typeof deriveNames>): string | undefined {
  if (a.roleName.toLowerCase() === b.roleName.toLowerCase()) return `role ${a.roleName}`;
  if (a.policyName.toLowerCase() === b.policyName.toLowerCase()) return `policy ${a.policyName}`;
  if (a.connectionName === b.connectionName) return `connection ${a.connectionName}`;
  if (a.stageName === b.stageName) return `stage ${a.stageName}`;
  return undefined;
}

describe('deriveNames: different locations, different names', () => {
  it('keeps short names as they were for a bucket without a prefix', () => {
    assert.deepEqual(deriveNames('test-bucket-123'), {
      roleName: 'databend-test-bucket-123',
      policyName: 'databend-test-bucket-123-access',
      connectionName: 'test_bucket_123',
      stageName: 'test_bucket_123',
    });
    assert.equal(deriveNames('my-bucket', 'raw').roleName, 'databend-my-bucket_raw');
  });

  it('issue: data/2024 and data-2024 no longer merge', () => {
    const slash = deriveNames('my-bucket', 'data/2024');
    const dash = deriveNames('my-bucket', 'data-2024');
    assert.equal(clash(slash, dash), undefined);
    assert.equal(dash.roleName, 'databend-my-bucket_data-2024');
    assert.match(slash.roleName, /^databend-my-bucket-data-2024_[a-z2-7]{10}$/);
  });

  it('issue: two long prefixes on acme-analytics-landing-zone-eu-central-1 get different 64-character-or-shorter role names', () => {
    const bucket = 'acme-analytics-landing-zone-eu-central-1';
    const web = deriveNames(bucket, 'events/clickstream/web');
    const app = deriveNames(bucket, 'events/clickstream/app');
    assert.equal(clash(web, app), undefined);
    for (const n of [web, app]) {
      assert.ok(n.roleName.length <= 64, n.roleName);
      ok(validateIamName(n.roleName, 'role'), n.roleName);
    }
  });

  it('tells apart buckets that only differ by . and -, prefixes that differ by case, and the same location written twice', () => {
    assert.equal(clash(deriveNames('my.bucket'), deriveNames('my-bucket')), undefined);
    assert.equal(clash(deriveNames('b-1', 'Data'), deriveNames('b-1', 'data')), undefined);
    assert.equal(clash(deriveNames('a-b', 'c'), deriveNames('a', 'b-c')), undefined);
    assert.deepEqual(deriveNames('b-1', '/data/2024/'), deriveNames('b-1', 'data/2024'));
    assert.equal(clash(deriveNames('aa--bb'), deriveNames('aa', 'bb')), undefined);
    assert.equal(deriveNames('form-bucket', 'data').stageName, 'form_bucket__data');
    assert.match(deriveNames('my.bucket').stageName, /^my_bucket_[a-z2-7]{10}$/);
  });

  it('hashes stably and spreads similar texts', () => {
    assert.equal(shortHash('b\ndata/2024'), shortHash('b\ndata/2024'));
    assert.match(shortHash(''), /^[a-z2-7]{10}$/);
    const hashes = new Set(Array.from({ length: 20000 }, (_v, i) => shortHash(`bucket\nprefix/${i}`)));
    assert.equal(hashes.size, 20000);
  });

  it('never gives two different locations a common name, and every name is valid (property, fixed seed)', () => {
    const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
    const bucket = fc.oneof(
      fc.constantFrom('acme-analytics-landing-zone-eu-central-1', 'a'.repeat(63), 'my-bucket', 'my.bucket', 'b-1', '123-data', 'stage', 'select', 'a--b'),
      fc.tuple(fc.array(label, { minLength: 1, maxLength: 5 }), fc.constantFrom('-', '.')).map(([parts, glue]) => parts.join(glue).slice(0, 63)),
    ).filter((b) => validateBucketName(b) === undefined);
    const segment = fc.string({ unit: fc.constantFrom('a', 'b', 'A', '0', '1', '-', '_', '.', '(', ')', '!', '=', '+', ',', '@', ':'), minLength: 1, maxLength: 12 });
    const prefix = fc.oneof(
      fc.constantFrom('', 'events/clickstream/web', 'events/clickstream/app', 'data/2024', 'data-2024', 'data_2024', 'Data/2024', 'x'.repeat(300)),
      fc.array(segment, { minLength: 1, maxLength: 6 }).map((s) => s.join('/')),
    ).filter((p) => validatePrefix(p) === undefined);
    const locations = fc.uniqueArray(fc.tuple(bucket, prefix), { minLength: 2, maxLength: 30, selector: ([b, p]) => `${b}\n${normalizePrefix(p)}` });
    fc.assert(
      fc.property(locations, (pairs) => {
        const names = pairs.map(([b, p]) => deriveNames(b, p));
        for (const [i, n] of names.entries()) {
          ok(validateIamName(n.roleName, 'role'), n.roleName);
          ok(validateIamName(n.policyName, 'policy'), n.policyName);
          ok(validateIdentifier(n.connectionName, 'connection name'), n.connectionName);
          for (let j = 0; j < i; j++) {
            const same = clash(names[j], n);
            assert.equal(same, undefined, `${JSON.stringify(pairs[j])} and ${JSON.stringify(pairs[i])} share the ${same}`);
          }
        }
      }),
      { seed: 2212, numRuns: 1000 },
    );
  });

  it('a bucket or prefix that spells out another location\'s hash never takes its names (adversarial property, fixed seed)', () => {
    // Found by a trial: (foo.bar, '') was hashed to foo_bar_rlqfz5cjn4, the exact name of the bucket foo-bar-rlqfz5cjn4;
    // (acme-data, X) to databend-acme-data-x_azlbau3ncz, the exact name of (acme-data-x, azlbau3ncz).
    const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/);
    const bucket = fc.tuple(fc.array(label, { minLength: 1, maxLength: 4 }), fc.constantFrom('-', '.')).map(([parts, glue]) => parts.join(glue).slice(0, 40).replace(/[-.]+$/, '') || 'b');
    const prefix = fc.constantFrom('', 'X', 'Data/2024', 'a/b', '(', 'é', '日本', 'x'.repeat(80));
    fc.assert(
      fc.property(bucket, prefix, (b, p) => {
        const names = deriveNames(b, p);
        // Every location whose exact name could spell out these names, built from them.
        const role = /^databend-(.+)_([a-z2-7]{10})$/.exec(names.roleName);
        const ident = /^(.+)_([a-z2-7]{10})$/.exec(names.connectionName);
        const rivals: [string, string][] = [];
        if (role) rivals.push([role[1], role[2]], [`${role[1]}_${role[2]}`.replace(/_/g, '-'), '']);
        if (ident) rivals.push([ident[0].replace(/_/g, '-'), ''], [ident[1].replace(/__.*$/, '').replace(/_/g, '-'), ident[0].includes('__') ? ident[0].slice(ident[0].indexOf('__') + 2) : ident[2]]);
        for (const [rb, rp] of rivals) {
          if (validateBucketName(rb) !== undefined || validatePrefix(rp) !== undefined) continue;
          if (`${rb}\n${normalizePrefix(rp)}` === `${b.trim()}\n${normalizePrefix(p)}`) continue;
          const same = clash(deriveNames(rb, rp), names);
          assert.equal(same, undefined, `${JSON.stringify([b, p])} and ${JSON.stringify([rb, rp])} share the ${same}`);
        }
      }),
      { seed: 2213, numRuns: 2000 },
    );
    assert.equal(clash(deriveNames('foo.bar'), deriveNames('foo-bar-rlqfz5cjn4')), undefined);
    assert.equal(clash(deriveNames('acme-data', 'X'), deriveNames('acme-data-x', 'azlbau3ncz')), undefined);
  });
});
