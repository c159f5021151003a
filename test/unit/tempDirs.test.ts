// Owned temp folders: a sweep removes those whose owner process has ended, and only those.

import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OWNER_FILE, sweepStaleTempDirs } from '../support/tempDirs';

describe('sweepStaleTempDirs', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'sweep-'));
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function folder(name: string, owner?: { pid: number; start: string }): string {
    const dir = join(root, name);
    mkdirSync(dir);
    writeFileSync(join(dir, 'data'), 'x');
    if (owner) writeFileSync(join(dir, OWNER_FILE), JSON.stringify(owner));
    return dir;
  }

  const ownStart = () => {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  };

  it("removes a dead owner's folder and keeps a live owner's and unmarked ones", () => {
    const live = folder('databend-local-live', { pid: process.pid, start: ownStart() });
    // Our pid with another start time: the pid was reused, the owner is gone.
    const reused = folder('vscode-run-reused', { pid: process.pid, start: '1' });
    const gone = folder('moto-gone', { pid: 2 ** 22 + 1, start: '1' });
    const unmarked = folder('vscode-run-unmarked');

    assert.deepEqual(sweepStaleTempDirs(root).sort(), [gone, reused].sort());
    assert.ok(existsSync(live) && existsSync(unmarked));
    assert.ok(!existsSync(reused) && !existsSync(gone));
  });

  it('ignores files and folders with an unreadable marker', () => {
    writeFileSync(join(root, 'plain-file'), 'x');
    const broken = folder('broken');
    writeFileSync(join(broken, OWNER_FILE), '{not json');
    assert.deepEqual(sweepStaleTempDirs(root), []);
    assert.ok(existsSync(broken));
  });
});
