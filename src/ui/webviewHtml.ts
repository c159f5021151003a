import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/**
 * A webview page with a strict CSP: nothing by default, our script only with a fresh
 * crypto nonce, styles and fonts only from the extension's own folders. In a language other
 * than English it carries VS Code's loaded translations as data (a JSON script element,
 * which the CSP does not run) for webview/l10n.ts, and `lang` names the display language.
 */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, options: { title: string; script: string; style: string; body: string }): string {
  const nonce = randomBytes(18).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', options.script));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', options.style));
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
  ].join('; ');
  // `<` escaped: the JSON cannot end its element early.
  const translations = vscode.l10n.bundle ? `<script type="application/json" id="l10n-bundle">${JSON.stringify(vscode.l10n.bundle).replace(/</g, '\\u003c')}</script>\n` : '';
  return `<!DOCTYPE html>
<html lang="${vscode.env.language}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>${options.title}</title>
</head>
<body>
${options.body}
${translations}<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}

/** Webviews may load only from the extension's own built files and media. */
export function localResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')];
}
