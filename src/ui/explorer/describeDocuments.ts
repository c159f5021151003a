// Read-only documents for "Describe": the DESC output of a connection or stage, served
// under their own URI scheme so they never ask to be saved.

import * as vscode from 'vscode';

const SCHEME = 'databend-describe';

export class DescribeDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly documents = new Map<string, string>();
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(SCHEME, this);

  // Keyed by the decoded path: how a URI is encoded on its way back differs between VS Code versions.
  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.documents.get(uri.path) ?? '';
  }

  /** Opens `text` as `title` (a path such as `/login/stage s1.txt`) in a preview editor. */
  async show(title: string, text: string): Promise<vscode.TextEditor> {
    const uri = vscode.Uri.from({ scheme: SCHEME, path: title });
    this.documents.set(uri.path, text);
    const document = await vscode.workspace.openTextDocument(uri);
    return vscode.window.showTextDocument(document, { preview: true });
  }

  dispose(): void {
    this.registration.dispose();
  }
}
