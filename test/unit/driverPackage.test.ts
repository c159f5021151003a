// The package script takes each native driver package's version from package-lock.json.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lockedPackage } from '../../scripts/driverPackage';

const root = join(__dirname, '..', '..');
/** The driver's native packages share its version. */
const driverVersion: string = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')).packages['node_modules/databend-driver'].version;

describe('lockedPackage', () => {
  it('takes an installed package from its own lock entry, integrity included', () => {
    const linux = lockedPackage(root, '@databend-driver/lib-linux-x64-gnu');
    assert.equal(linux.version, driverVersion);
    assert.match(linux.integrity ?? '', /^sha512-/);
  });

  it("takes a package npm could not install from databend-driver's pin, without integrity", () => {
    assert.deepEqual(lockedPackage(root, '@databend-driver/lib-darwin-arm64'), { name: '@databend-driver/lib-darwin-arm64', version: driverVersion });
  });

  it('refuses a package the lock does not pin', () => {
    assert.throws(() => lockedPackage(root, '@databend-driver/lib-freebsd-x64'), /package-lock\.json pins no version of @databend-driver\/lib-freebsd-x64/);
  });
});
