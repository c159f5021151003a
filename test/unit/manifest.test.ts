import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Commands, GENERATED_SCHEME, TreeItems } from '../../src/ui/ids';

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

  it('offers Retry (inline) and Edit Login on the tree\'s error items', () => {
    const onError = manifest.contributes.menus['view/item/context'].filter((e: { when: string }) => e.when.includes(`viewItem == ${TreeItems.error}`));
    assert.deepEqual(
      onError.map((e: { command: string; group: string }) => [e.command, e.group.split('@')[0]]),
      [
        [Commands.retry, 'inline'],
        [Commands.retry, '1_error'],
        [Commands.editLogin, '1_error'],
      ],
    );
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
