import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanForSecrets } from '../support/secretScan';

describe('scanForSecrets (the check behind the secret tests)', () => {
  it('finds a secret in any nested file and reports none when clean', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scan-'));
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    writeFileSync(join(dir, 'a', 'clean.json'), '{"x": 1}');
    assert.deepEqual(scanForSecrets(dir, ['s3cr3t-value']).hits, []);
    writeFileSync(join(dir, 'a', 'b', 'state.vscdb'), Buffer.from('\u0000binary s3cr3t-value\u0000'));
    const { files, hits } = scanForSecrets(dir, ['s3cr3t-value']);
    assert.equal(files, 2);
    assert.deepEqual(hits.map((h) => h.file), [join(dir, 'a', 'b', 'state.vscdb')]);
    rmSync(dir, { recursive: true });
  });
});
