// The direction of the arrows (ui → features → adapters → core), checked on the sources.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  if (!existsSync(join(root, dir))) {
    return [];
  }
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f));
}

/** Module specifiers of static imports, dynamic imports and requires. */
function importsIn(text: string): string[] {
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]);
}

function imports(file: string): string[] {
  return importsIn(readFileSync(join(root, file), 'utf8'));
}

/**
 * Packages src/core may use: pure string code without I/O, bundled wherever the core goes.
 * @vscode/l10n: the library VS Code provides for code that cannot import 'vscode' (its
 * sentences, translated from the bundle the extension hands it at activation).
 */
const PURE_PACKAGES = ['csv-stringify/sync', '@vscode/l10n'];

describe('layers', () => {
  it('src/core imports nothing but src/core (and the pure packages listed)', () => {
    for (const file of sources('src/core')) {
      for (const spec of imports(file)) {
        assert.ok(spec.startsWith('./') || PURE_PACKAGES.includes(spec), `${file} imports ${spec}`);
      }
    }
  });

  it('adapters and shared code never import vscode', () => {
    for (const dir of ['src/aws', 'src/databend', 'src/shared']) {
      for (const file of sources(dir)) {
        assert.ok(!imports(file).includes('vscode'), `${file} imports vscode`);
      }
    }
  });

  it('no shipped source imports the AGPL policy simulator (tests only)', () => {
    for (const dir of ['src', 'webview']) {
      for (const file of sources(dir)) {
        assert.ok(!imports(file).some((spec) => spec.startsWith('@cloud-copilot/')), `${file} imports @cloud-copilot`);
      }
    }
  });

  it('detects a forbidden import (the check itself can fail)', () => {
    const fake = "import * as vscode from 'vscode';\nconst x = require('@aws-sdk/client-iam');\nconst d = await import('databend-driver');";
    assert.deepEqual(importsIn(fake), ['vscode', '@aws-sdk/client-iam', 'databend-driver']);
  });
});
