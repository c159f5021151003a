// npm run package: the .vsix holds the bundles (webviews included), media and the native
// driver for Linux x64, and no sources or tests.

import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../support/paths';

describe('npm run package', () => {
  it('produces a .vsix with what the extension needs and nothing else', () => {
    execFileSync('npm', ['run', 'package'], { cwd: ROOT, stdio: 'pipe', timeout: 240_000 });
    const listing = execFileSync('python3', ['-c', 'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', join(ROOT, 'dist', 'databend-iam-role.vsix')], { encoding: 'utf8' }).split('\n');
    for (const needed of [
      'extension/dist/extension.js',
      'extension/dist/aws.js',
      'extension/dist/databend.js',
      'extension/dist/webview/results.js',
      'extension/dist/webview/setup.js',
      'extension/media/results.css',
      'extension/media/setup.css',
      'extension/node_modules/databend-driver/index.js',
      'extension/node_modules/@databend-driver/lib-linux-x64-gnu/databend-driver.linux-x64-gnu.node',
    ]) {
      assert.ok(listing.includes(needed), `${needed} is packaged`);
    }
    assert.deepEqual(listing.filter((f) => /^extension\/(src|test|bench|webview)\//.test(f) || f.endsWith('.ts') || f.endsWith('.map')), []);
    // The development build comes back for the other tests.
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe' });
  });
});
