import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { driverBinary, driverMissingMessage, findTarget, isDriverLoadFailure, targetFor, TARGETS, vsixFileName } from '../../src/core/platforms';

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

  it('tells a user which build to install, and what still works', () => {
    const { summary, message } = driverMissingMessage({ platform: 'linux', arch: 'arm64', musl: true });
    assert.equal(summary, 'No Databend driver for Alpine Linux arm64 (musl) in this build: install databend-iam-role-alpine-arm64.vsix');
    assert.match(message, /databend-iam-role-alpine-arm64\.vsix, which holds @databend-driver\/lib-linux-arm64-musl/);
    assert.match(message, /The IAM setup, the policy previews and Generate SQL work without it\./);
  });

  it('says plainly when no build exists for the platform at all', () => {
    const { summary, message } = driverMissingMessage({ platform: 'freebsd', arch: 'x64', musl: false });
    assert.equal(summary, 'No Databend driver exists for freebsd x64');
    assert.doesNotMatch(message, /\.vsix/);
  });

  it('tells a missing or unusable native driver from other failures', () => {
    assert.equal(isDriverLoadFailure({ code: 'MODULE_NOT_FOUND', message: "Cannot find module '@databend-driver/lib-linux-x64-musl'" }), true);
    assert.equal(isDriverLoadFailure({ code: 'MODULE_NOT_FOUND', message: "Cannot find module 'databend-driver'" }), true);
    assert.equal(isDriverLoadFailure({ code: 'ERR_DLOPEN_FAILED', message: 'Error loading shared library ld-linux-x86-64.so.2' }), true);
    assert.equal(isDriverLoadFailure({ message: 'Unsupported architecture on Linux: ia32' }), true);
    assert.equal(isDriverLoadFailure({ code: 'MODULE_NOT_FOUND', message: "Cannot find module './databend.js'" }), false);
    assert.equal(isDriverLoadFailure({ message: 'x is not a function' }), false);
  });
});
