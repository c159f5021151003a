import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ids from '../../src/ui/ids';
import { Commands, GENERATED_SCHEME, TreeItems } from '../../src/ui/ids';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
const nls: Record<string, string> = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.nls.json'), 'utf8'));
/** A manifest string as VS Code shows it in English: `%key%` looked up in package.nls.json. */
const shown = (value: string): string => value.replace(/^%(.+)%$/, (_m, key: string) => nls[key] ?? `(missing ${key})`);

/** Every string of the manifest a user reads, with where it is (VS Code localises these). */
function userFacingStrings(): [string, string][] {
  const found: [string, string][] = [['displayName', manifest.displayName], ['description', manifest.description]];
  const c = manifest.contributes;
  for (const cmd of c.commands) for (const k of ['title', 'shortTitle', 'category']) if (cmd[k] !== undefined) found.push([`${cmd.command}.${k}`, cmd[k]]);
  found.push(['configuration.title', c.configuration.title]);
  for (const [name, prop] of Object.entries<Record<string, unknown>>(c.configuration.properties)) {
    for (const k of ['description', 'markdownDescription', 'deprecationMessage', 'markdownDeprecationMessage']) if (typeof prop[k] === 'string') found.push([`${name}.${k}`, prop[k] as string]);
    for (const k of ['enumDescriptions', 'markdownEnumDescriptions']) if (Array.isArray(prop[k])) (prop[k] as string[]).forEach((v, i) => found.push([`${name}.${k}[${i}]`, v]));
  }
  for (const container of c.viewsContainers.activitybar) found.push([`${container.id}.title`, container.title]);
  for (const group of Object.values<{ id: string; name: string; contextualTitle?: string }[]>(c.views)) {
    for (const view of group) found.push([`${view.id}.name`, view.name], ...(view.contextualTitle ? [[`${view.id}.contextualTitle`, view.contextualTitle] as [string, string]] : []));
  }
  c.viewsWelcome.forEach((w: { view: string; contents: string }, i: number) => found.push([`viewsWelcome[${i}]`, w.contents]));
  for (const w of c.walkthroughs) {
    found.push([`${w.id}.title`, w.title], [`${w.id}.description`, w.description]);
    for (const step of w.steps) found.push([`${w.id}.${step.id}.title`, step.title], [`${w.id}.${step.id}.description`, step.description]);
  }
  return found;
}

describe('package.json', () => {
  it('has the fixed identity', () => {
    assert.equal(manifest.name, 'databend-iam-role');
    assert.equal(manifest.publisher, 'databend-tools');
    assert.equal(shown(manifest.displayName), 'Databend IAM Role for S3');
    assert.equal(manifest.license, 'Apache-2.0');
  });

  it('contributes exactly the commands the code knows, all in category Databend', () => {
    const contributed = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(contributed, Object.values(Commands).sort());
    for (const c of manifest.contributes.commands) {
      assert.equal(shown(c.category), 'Databend', c.command);
      assert.match(c.command, /^databendIam\./);
    }
  });

  it('is localisable: every string a user reads comes from package.nls.json, and every entry there is used', () => {
    // VS Code's own extensions do the same: %key% in package.json, English in package.nls.json.
    const used = new Set<string>();
    for (const [where, value] of userFacingStrings()) {
      const key = /^%(.+)%$/.exec(value)?.[1];
      assert.ok(key, `${where} is a literal ("${value}"): put it in package.nls.json`);
      assert.ok(nls[key] !== undefined && nls[key] !== '', `${where} names ${key}, which package.nls.json lacks`);
      used.add(key);
    }
    assert.deepEqual(Object.keys(nls).filter((key) => !used.has(key)), [], 'unused entries in package.nls.json');
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
