import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, VIEW_EXPLORER } from '../../src/ui/ids';

describe('commands', () => {
  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
  });

  it('registers every contributed command and contributes every registered one', async () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON;
    const contributed: string[] = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();
    // VS Code adds its own commands for each contributed view (focus, open, …).
    const registered = (await vscode.commands.getCommands(true)).filter((id) => id.startsWith('databendIam.') && !id.startsWith(`${VIEW_EXPLORER}.`)).sort();
    assert.deepEqual(registered, contributed);
  });
});
