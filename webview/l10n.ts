// Runs first in every webview script (esbuild's `inject`): hands @vscode/l10n the
// translations the extension wrote into the page, so the core validators a webview bundles
// speak the display language too. English pages carry none.
import * as l10n from '@vscode/l10n';

const data = document.getElementById('l10n-bundle')?.textContent;
if (data) l10n.config({ contents: data });
