import * as vscode from 'vscode';

/** Opens SQL in a new untitled editor (nothing is written to disk until the user saves). */
export async function openSqlEditor(content: string, viewColumn: vscode.ViewColumn = vscode.ViewColumn.Active): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument({ language: 'sql', content });
  return vscode.window.showTextDocument(document, { preview: false, viewColumn });
}
