// Runs inside the extension host (bundled like the extension-host suite): activation of
// this extension and of a one-command baseline, and provideCodeLenses on a large script.
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { TestApi } from '../../test/build/extension';
import { EXTENSION_ID } from '../../src/ui/ids';
import { sqlCorpus } from '../sqlCorpus';

const BASELINE_ID = 'databend-tools-bench.minimal-bench-extension';

describe('benchmarks in the extension host', function () {
  this.timeout(300_000);

  it('measures activation and CodeLens', async () => {
    const results: Record<string, number | number[] | boolean> = {};
    const order = process.env.DATABEND_IAM_BENCH_ORDER === 'baseline-first' ? [BASELINE_ID, EXTENSION_ID] : [EXTENSION_ID, BASELINE_ID];
    for (const id of order) {
      const extension = vscode.extensions.getExtension(id);
      if (!extension) throw new Error(`${id} is not installed`);
      const started = performance.now();
      await extension.activate();
      results[id === EXTENSION_ID ? 'activationMs' : 'baselineActivationMs'] = performance.now() - started;
    }
    const loaded = Object.keys(require.cache);
    results.sdkOrDriverLoaded = loaded.some((f) => f.endsWith('/dist/aws.js') || f.endsWith('/dist/databend.js') || f.includes('databend-driver'));

    // The suite installs the test build (the product's code with scripted dialogs).
    const api = vscode.extensions.getExtension(EXTENSION_ID)!.exports as TestApi;
    const statements = Number(process.env.DATABEND_IAM_BENCH_STATEMENTS ?? 10_000);
    const document = await vscode.workspace.openTextDocument({ language: 'sql', content: sqlCorpus(statements) });
    // CodeLens shows only once a login exists: save one (no server is contacted).
    await api.services.store.save({ id: 'bench', name: 'bench', host: '127.0.0.1', port: 9, user: 'u', database: 'default', tls: false, options: {} }, 'p');
    const token = new vscode.CancellationTokenSource().token;
    const samples: number[] = [];
    let lenses = 0;
    for (let i = 0; i < Number(process.env.DATABEND_IAM_BENCH_RUNS ?? 15); i++) {
      const started = performance.now();
      lenses = (api.services.codeLens.provideCodeLenses(document, token) as vscode.CodeLens[]).length;
      samples.push(performance.now() - started);
    }
    results.codeLensMs = samples;
    results.codeLensCount = lenses;
    results.documentBytes = document.getText().length;
    writeFileSync(process.env.DATABEND_IAM_BENCH_OUT ?? '/dev/null', JSON.stringify(results));
  });
});
