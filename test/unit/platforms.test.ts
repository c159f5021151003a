import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { driverBinary, findTarget, targetFor, TARGETS, vsixFileName } from '../../src/core/platforms';

const root = join(__dirname, '..', '..');

describe('platforms', () => {
  it('has one target per native package databend-driver publishes, no more, no fewer', () => {
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
    const published = Object.keys(lock.packages['node_modules/databend-driver'].optionalDependencies).sort();
    assert.deepEqual(TARGETS.map((t) => t.driverPackage).sort(), published);
    assert.equal(new Set(TARGETS.map((t) => t.target)).size, 8);
  });

  it('maps a machine to its vsce target, musl only on Linux', () => {
    assert.equal(targetFor('linux', 'x64', false)?.target, 'linux-x64');
    assert.equal(targetFor('linux', 'x64', true)?.target, 'alpine-x64');
    assert.equal(targetFor('linux', 'arm64', true)?.driverPackage, '@databend-driver/lib-linux-arm64-musl');
    assert.equal(targetFor('darwin', 'arm64', false)?.target, 'darwin-arm64');
    assert.equal(targetFor('win32', 'arm64', true)?.target, 'win32-arm64', 'musl means nothing off Linux');
    assert.equal(targetFor('linux', 'arm', false), undefined);
    assert.equal(targetFor('freebsd', 'x64', false), undefined);
  });

  it('names the binary inside the package and the .vsix file', () => {
    const linux = findTarget('linux-x64')!;
    assert.equal(driverBinary(linux), 'databend-driver.linux-x64-gnu.node');
    assert.equal(driverBinary(findTarget('win32-arm64')!), 'databend-driver.win32-arm64-msvc.node');
    assert.equal(vsixFileName(linux), 'databend-iam-role-linux-x64.vsix');
    assert.equal(findTarget('linux-armhf'), undefined);
  });
});
