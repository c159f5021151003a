// src/core and the webviews cannot import 'vscode', so their sentences go through
// @vscode/l10n, the library VS Code provides for such code. It has to be handed the
// bundle VS Code loaded for the display language; English is the source text and needs none.

import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';

/**
 * Gives @vscode/l10n (used by src/core) the translations VS Code loaded for this
 * extension (`l10n/bundle.l10n.<language>.json`), when it loaded any. `config` is the copy
 * to configure: this bundle's own, or that of dist/aws.js or dist/databend.js, which
 * bundle @vscode/l10n again for the core code they hold.
 * Rule: https://code.visualstudio.com/api/references/vscode-api#l10n (`bundle` is
 * undefined when the language has no bundle). Throws nothing.
 */
export function configureCoreStrings(config: typeof l10n.config = l10n.config): void {
  const contents = vscode.l10n.bundle;
  if (contents) void config({ contents });
}
