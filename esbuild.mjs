// Bundles the extension and its lazily loaded parts. Type checking is `tsc --noEmit`.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const node = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: production,
  sourcemap: !production,
  logLevel: 'info',
};

// The extension itself stays small; the AWS SDK lives in dist/aws.js, which the UI
// requires on first use (./aws.js is resolved next to dist/extension.js at run time).
const extension = {
  ...node,
  entryPoints: ['src/extension.ts'],
  outfile: 'dist/extension.js',
  // vscode is provided by the host; databend-driver is native and loaded on first use.
  external: ['vscode', 'databend-driver', './aws.js', './databend.js'],
};

const aws = {
  ...node,
  entryPoints: ['src/aws/index.ts'],
  outfile: 'dist/aws.js',
  external: ['vscode'],
};

// The Databend side likewise: dist/databend.js, which requires the native driver itself.
const databend = {
  ...node,
  entryPoints: ['src/databend/index.ts'],
  outfile: 'dist/databend.js',
  external: ['vscode', 'databend-driver'],
};

// Webview scripts run in the browser, one file each, no imports at run time.
const webviews = {
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  minify: production,
  sourcemap: production ? false : 'inline',
  logLevel: 'info',
  entryPoints: ['webview/results.ts', 'webview/setup.ts'],
  // Before the page's own code: the translations for the core code it bundles.
  inject: ['webview/l10n.ts'],
  outdir: 'dist/webview',
};

const contexts = await Promise.all([extension, aws, databend, webviews].map((options) => esbuild.context(options)));
if (watch) {
  await Promise.all(contexts.map((ctx) => ctx.watch()));
} else {
  await Promise.all(contexts.map((ctx) => ctx.rebuild()));
  await Promise.all(contexts.map((ctx) => ctx.dispose()));
}
