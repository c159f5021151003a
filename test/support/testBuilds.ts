// Builds of the extension for the test tiers and the sandbox: the product's own code
// with a different entry point (scripted dialogs, sandbox seeding). They are installed
// in place of dist/extension.js in a throwaway extensions folder; dist/ stays the product.

import * as esbuild from 'esbuild';
import { join } from 'node:path';
import { ROOT } from './paths';

export type TestBuild = 'test' | 'sandbox';

/**
 * Bundles test/build/<build>.ts (extension.ts for 'test') to out/test-build/<build>.js; returns its path.
 * `production`: minified, no source map, as the shipped bundle (for benchmarks).
 */
export async function buildTestExtension(build: TestBuild, production = false): Promise<string> {
  const entry = join(ROOT, 'test', 'build', build === 'test' ? 'extension.ts' : 'sandbox.ts');
  const outfile = join(ROOT, 'out', 'test-build', `${build}${production ? '.production' : ''}.js`);
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Same externals as the product's extension.js: the lazily loaded parts sit next to it.
    external: ['vscode', 'databend-driver', './aws.js', './databend.js'],
    sourcemap: production ? false : 'inline',
    minify: production,
    logLevel: 'warning',
  });
  return outfile;
}
