// A test-only display language: every message of l10n/bundle.l10n.json wrapped in ⟦ ⟧, so
// a test can tell a string that went through the translations from one that did not. It
// is generated at test time into the test's own copy of the extension, never into l10n/
// (which ships in the .vsix).

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths';

/** VS Code's own pseudo-locale id: no real language, so no real translation can answer for it. */
export const PSEUDO_LOCALE = 'qps-ploc';

/** Where VS Code looks for the extension's bundle in that language (package.json "l10n": "./l10n"). */
export const PSEUDO_BUNDLE_PATH = `l10n/bundle.l10n.${PSEUDO_LOCALE}.json`;

/** `message` as the pseudo-locale says it: wrapped, with its {0} placeholders kept as they are. */
export function pseudo(message: string): string {
  return `⟦${message}⟧`;
}

/**
 * The pseudo-locale's bundle, as file content: each value of the English bundle (key: the
 * source text, or `message/comment`) wrapped by `pseudo`.
 * Format: https://github.com/microsoft/vscode-l10n (bundle.l10n.<language>.json).
 */
export function pseudoBundle(english = join(ROOT, 'l10n', 'bundle.l10n.json')): string {
  const messages = JSON.parse(readFileSync(english, 'utf8')) as Record<string, string>;
  return JSON.stringify(Object.fromEntries(Object.entries(messages).map(([key, value]) => [key, pseudo(value)])), null, 2);
}

/**
 * Lets code-server start in `locale` although no language pack provides it. code-server
 * (lib/vscode/src/vs/server/node/webClientServer.ts, remoteLanguagePacks.ts) sets the
 * workbench's language, and so the extension host's `vscode.env.language`, only when
 * `<user-data-dir>/languagepacks.json` names a pack for it whose VS Code translations file
 * exists; an empty one (`{"contents": {}}`) leaves VS Code's own strings English.
 */
export function registerEmptyLanguagePack(userDataDir: string, locale: string): void {
  const translations = join(userDataDir, `languagepack.${locale}.json`);
  writeFileSync(translations, JSON.stringify({ contents: {} }));
  // The shape code-server's language pack cache writes (its list of installed languages reads `extensions`).
  const extensions = [{ extensionIdentifier: { id: `databend-iam-test.${locale}` }, version: '0.0.0' }];
  const packs = { [locale]: { hash: 'databend-iam-test', label: locale, extensions, translations: { vscode: translations } } };
  writeFileSync(join(userDataDir, 'languagepacks.json'), JSON.stringify(packs, null, 2));
}
