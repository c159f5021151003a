// Runtime strings are localisable (issue #19, item 5): src/ui says its sentences through
// vscode.l10n.t, src/core and the webviews through @vscode/l10n's l10n.t, and
// l10n/bundle.l10n.json (what translators start from) is what `npm run l10n` extracts now.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getL10nJson } from '@vscode/l10n-dev';
import { literalsShown } from './l10nScan';

const root = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f).split('\\').join('/'))
    .sort();
}

describe('localisation', () => {
  it('l10n/bundle.l10n.json holds exactly the strings npm run l10n extracts from src and webview', async function () {
    // The extractor loads a tree-sitter parser (WebAssembly) first: seconds on a busy machine.
    this.timeout(60_000);
    const files = [...sources('src'), ...sources('webview')].map((f) => ({ extension: '.ts', contents: readFileSync(join(root, f), 'utf8') }));
    const extracted = await getL10nJson(files);
    const file = join(root, 'l10n', 'bundle.l10n.json');
    const committed = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
    assert.deepEqual(committed, extracted, 'run npm run l10n and commit l10n/bundle.l10n.json');
    assert.ok(Object.keys(extracted).length > 0);
  });

  it('the extraction sees a new sentence (the check above can fail)', async () => {
    const contents = "import * as vscode from 'vscode';\nvscode.l10n.t('Dropped {0}.', name);\n";
    assert.deepEqual(await getL10nJson([{ extension: '.ts', contents }]), { 'Dropped {0}.': 'Dropped {0}.' });
  });

  it('no sentence reaches the user without l10n.t', () => {
    const found = [...sources('src'), ...sources('webview')]
      .flatMap((f) => literalsShown(f, readFileSync(join(root, f), 'utf8')));
    assert.deepEqual(found, []);
  });

  it('the scan finds a literal (it can fail)', () => {
    const ui = [
      "void this.dialogs.message('info', `Dropped ${name}.`, {}, 'Show Logs');",
      "throw new UserError('There is no login', []);",
      "await vscode.window.withProgress({ title: 'Connecting…' }, run);",
      "await confirm(this.dialogs, 'warning', vscode.l10n.t('Drop?'), 'It goes.', vscode.l10n.t('Drop'));",
    ].join('\n');
    assert.equal(literalsShown('src/ui/x.ts', ui).length, 5);
    const core = "export function validateX(v: string): string | undefined {\n  return v ? undefined : 'Enter X.';\n}\nfunction sql(): string { return 'SELECT 1'; }";
    assert.equal(literalsShown('src/core/x.ts', core).length, 1);
    // A query built by a function that may return undefined is SQL, not a validator's answer.
    const query = 'function columnsSql(t: string): string | undefined {\n  return t ? `SELECT * FROM ${t}` : undefined;\n}';
    assert.deepEqual(literalsShown('src/core/x.ts', query), []);
    const done = "void this.dialogs.message('info', vscode.l10n.t('Dropped {0}.', name), {}, vscode.l10n.t('Show Logs'));";
    assert.deepEqual(literalsShown('src/ui/x.ts', done), []);
  });
});
