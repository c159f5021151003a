// Bundles the extension (and later the webviews). Type checking is `tsc --noEmit`.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const extension = {
  entryPoints: ['src/extension.ts'],
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  outfile: 'dist/extension.js',
  // vscode is provided by the host; databend-driver is native and loaded on first use.
  external: ['vscode', 'databend-driver'],
  minify: production,
  sourcemap: !production,
  logLevel: 'info',
};

const contexts = await Promise.all([esbuild.context(extension)]);
if (watch) {
  await Promise.all(contexts.map((ctx) => ctx.watch()));
} else {
  await Promise.all(contexts.map((ctx) => ctx.rebuild()));
  await Promise.all(contexts.map((ctx) => ctx.dispose()));
}
