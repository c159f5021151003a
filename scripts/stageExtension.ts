// Lays out the extension in a folder of its own, as a .vsix holds it: the manifest and
// docs, the bundles, media and databend-driver's JavaScript, without any native build.
// The package script adds one platform's native package and packs the folder; the
// no-driver extension-host run installs it as it is.

import { copyFileSync, cpSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Where a native package goes inside a staged folder. */
export function nativePackageFolder(stage: string, name: string): string {
  return join(stage, 'node_modules', ...name.split('/'));
}

/** Copies what ships from `root` (dist/ must be built) into the empty folder `stage`. */
export function stageExtension(root: string, stage: string): void {
  mkdirSync(stage, { recursive: true });
  for (const file of ['package.json', 'package.nls.json', 'README.md', 'CHANGELOG.md', 'LICENSE', '.vscodeignore']) {
    copyFileSync(join(root, file), join(stage, file));
  }
  // Scripts only: no source maps, no .vsix files from earlier runs.
  cpSync(join(root, 'dist'), join(stage, 'dist'), { recursive: true, filter: (source) => statSync(source).isDirectory() || source.endsWith('.js') });
  cpSync(join(root, 'media'), join(stage, 'media'), { recursive: true });
  // The runtime strings' bundles ("l10n": "./l10n" in package.json).
  cpSync(join(root, 'l10n'), join(stage, 'l10n'), { recursive: true });
  // A copy, not a link: the driver looks for its native package next to where it really is.
  cpSync(join(root, 'node_modules', 'databend-driver'), join(stage, 'node_modules', 'databend-driver'), { recursive: true, dereference: true });
}
