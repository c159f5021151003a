import * as vscode from 'vscode';

/**
 * Opens `content` in an untitled editor titled `fileName` (in the first workspace folder,
 * so Save offers that name and place; the language follows the name's extension). Opening
 * the same name again replaces the text of that editor. Nothing is written to disk until
 * the user saves. `show` places it (default: the active column, focused).
 */
export async function openNamedDocument(fileName: string, content: string, show: vscode.TextDocumentShowOptions = {}): Promise<vscode.TextEditor> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const uri = folder ? vscode.Uri.joinPath(folder, fileName).with({ scheme: 'untitled' }) : vscode.Uri.from({ scheme: 'untitled', path: fileName });
  const document = await vscode.workspace.openTextDocument(uri);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), content);
  if (!(await vscode.workspace.applyEdit(edit))) {
    throw new Error(vscode.l10n.t('Could not write the text of {0} into its editor.', fileName));
  }
  return vscode.window.showTextDocument(document, { preview: false, ...show });
}
