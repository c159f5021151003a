// The documents the setup form generates: named for what they hold, read-only, never
// dirty (so they close without a save prompt), the same tab reused for the same name, and
// an editable copy on request. Run on the 1.90 floor too, where the API is the oldest.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands, GENERATED_SCHEME } from '../../src/ui/ids';
import { api, cleanSlate } from './helpers';

describe('Generated documents', () => {
  beforeEach(cleanSlate);
  afterEach(cleanSlate);

  it('opens named, read-only documents that are never dirty, and reuses one for the same name', async () => {
    const { generated } = (await api()).services;
    const sql = await generated.show('setup-s1.sql', 'SELECT 1;\n', { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
    assert.equal(sql.document.uri.scheme, GENERATED_SCHEME);
    assert.equal(sql.document.uri.path, '/setup-s1.sql');
    assert.equal(sql.document.languageId, 'sql');
    assert.equal(sql.document.isDirty, false);
    const json = await generated.show('trust-policy-r1.json', '{}\n', { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
    assert.equal(json.document.languageId, 'json');

    const again = await generated.show('setup-s1.sql', 'SELECT 2;\n', { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
    assert.equal(again.document.uri.toString(), sql.document.uri.toString());
    for (let i = 0; i < 100 && again.document.getText() !== 'SELECT 2;\n'; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(again.document.getText(), 'SELECT 2;\n');
    assert.equal(again.document.isDirty, false);
    assert.equal(vscode.window.tabGroups.all.length, 1);
    assert.equal(vscode.window.tabGroups.all[0].tabs.filter((t) => t.label === 'setup-s1.sql').length, 1);
  });

  it('"Open as Editable Copy" gives an untitled document of the same name and text', async () => {
    const { generated } = (await api()).services;
    const source = await generated.show('setup-s2.sql', 'LIST @s2;\n', { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
    const copy = await vscode.commands.executeCommand<vscode.TextEditor>(Commands.openEditableCopy, source.document.uri);
    assert.ok(copy, 'the command returns the copy');
    assert.equal(copy.document.isUntitled, true);
    assert.equal(copy.document.getText(), 'LIST @s2;\n');
    assert.equal(copy.document.languageId, 'sql');
    assert.ok(vscode.window.tabGroups.activeTabGroup.activeTab?.label.startsWith('setup-s2.sql'));
    await copy.edit((edit) => edit.insert(new vscode.Position(1, 0), '-- mine\n'));
    // Asked again, the copy keeps what the user typed.
    const same = await vscode.commands.executeCommand<vscode.TextEditor>(Commands.openEditableCopy, source.document.uri);
    assert.equal(same?.document.getText(), 'LIST @s2;\n-- mine\n');
  });
});
