import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ids from '../../src/ui/ids';
import { Commands, GENERATED_SCHEME } from '../../src/ui/ids';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));

describe('package.json', () => {
  it('has the fixed identity', () => {
    assert.equal(manifest.name, 'databend-iam-role');
    assert.equal(manifest.publisher, 'databend-tools');
    assert.equal(manifest.displayName, 'Databend IAM Role for S3');
    assert.equal(manifest.license, 'Apache-2.0');
  });

  it('contributes exactly the commands the code knows, all in category Databend', () => {
    const contributed = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(contributed, Object.values(Commands).sort());
    for (const c of manifest.contributes.commands) {
      assert.equal(c.category, 'Databend', c.command);
      assert.match(c.command, /^databendIam\./);
    }
  });

  it('shows a command in the palette only when it can work (a when-clause), unless it always can', () => {
    // These need nothing: no login, no editor, no running query.
    const always = new Set<string>([Commands.setup, Commands.generateSql, Commands.createRole, Commands.removeRole, Commands.exportCloudFormation, Commands.exportTerraform, Commands.showLogs, Commands.addLogin, Commands.showHistory, Commands.clearHistory]);
    const palette = new Map<string, string>(manifest.contributes.menus.commandPalette.map((e: { command: string; when: string }) => [e.command, e.when]));
    for (const command of Object.values(Commands)) {
      if (always.has(command)) {
        assert.ok(!palette.has(command), `${command} always works: no when-clause`);
      } else {
        assert.ok(palette.get(command), `${command} needs a when-clause in menus.commandPalette`);
      }
    }
    assert.equal(palette.get(Commands.cancelQuery), 'databendIam.queryRunning');
  });

  it('uses in its when-clauses only the context keys the extension sets', () => {
    // A renamed key leaves a when-clause that is never true (Ctrl+Enter and Run All once stopped working that way).
    const known = new Set(Object.entries(ids).filter(([name]) => name.startsWith('CONTEXT_')).map(([, key]) => key as string));
    const whens: string[] = [...JSON.stringify(manifest.contributes).matchAll(/"when":"([^"]*)"/g)].map((m) => m[1]);
    // Tree item and view ids are values compared against, not keys.
    const keys = new Set(whens.flatMap((w) => w.replace(/\b(view|viewItem) *(==|=~) *(\/[^/]*\/|[\w.]+)/g, '').match(/\bdatabendIam\.\w+/g) ?? []));
    assert.ok(keys.has('databendIam.hasLogins'));
    for (const key of keys) assert.ok(known.has(key), `${key} is used in a when-clause but never set (known: ${[...known].join(', ')})`);
  });

  it('offers "Open as Editable Copy" only on documents the setup form generated', () => {
    const when = `resourceScheme == ${GENERATED_SCHEME}`;
    const palette = manifest.contributes.menus.commandPalette.find((e: { command: string }) => e.command === Commands.openEditableCopy);
    const title = manifest.contributes.menus['editor/title'].find((e: { command: string }) => e.command === Commands.openEditableCopy);
    assert.equal(palette?.when, when);
    assert.equal(title?.when, when);
  });

  it('activates lazily and pins @types/vscode to the engine floor', () => {
    const events: string[] = manifest.activationEvents ?? [];
    assert.ok(!events.includes('*') && !events.includes('onStartupFinished'), events.join());
    const floor = manifest.engines.vscode.replace(/^\^/, '');
    assert.equal(manifest.devDependencies['@types/vscode'], floor);
  });
});

describe('.vscodeignore', () => {
  it('ships every built script, the webviews included, and no sources', () => {
    const rules = readFileSync(join(__dirname, '..', '..', '.vscodeignore'), 'utf8');
    assert.match(rules, /^!dist\/\*\*\/\*\.js$/m, 'dist/webview/*.js must ship');
    assert.doesNotMatch(rules, /^!src/m);
    assert.doesNotMatch(rules, /^!test/m);
  });
});
