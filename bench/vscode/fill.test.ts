// Runs inside the extension host (bundled like the extension-host suite): a capped result
// from Run to its last row drawn in the results grid (the page stamps each drawing),
// against the driver's fastest delivery of the same rows in the same process (queryAll on
// the LIMIT-bounded query, each row's values read). Alternated; every sample is written.
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { TestApi } from '../../test/build/extension';
import { parseDsn } from '../../src/core/dsn';
import { Commands, EXTENSION_ID } from '../../src/ui/ids';

type Driver = typeof import('databend-driver');

describe('benchmarks in the extension host', function () {
  this.timeout(600_000);

  it('fills the results grid with a capped result', async () => {
    const dsn = process.env.DATABEND_IAM_TEST_DSN ?? '';
    if (!dsn) throw new Error('no local Databend DSN');
    const total = Number(process.env.DATABEND_IAM_BENCH_FILL_TOTAL ?? 1_000_000);
    const cap = Number(process.env.DATABEND_IAM_BENCH_FILL_CAP ?? 10_000);
    const runs = Number(process.env.DATABEND_IAM_BENCH_FILL_RUNS ?? 5);
    const sql = `SELECT number, number::String, number * 1.5 FROM numbers(${total})`;

    const api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as TestApi;
    const { password, ...settings } = parseDsn(dsn);
    await api.services.store.save({ id: 'bench-fill', name: 'bench-fill', ...settings }, password);
    await api.services.store.setActive('bench-fill');
    await vscode.workspace.getConfiguration().update('databendIam.results.maxRows', cap, vscode.ConfigurationTarget.Global);
    const document = await vscode.workspace.openTextDocument({ language: 'sql', content: `${sql};\n` });
    await vscode.window.showTextDocument(document);

    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the native driver, as the extension loads it
    const { Client } = require('databend-driver') as Driver;
    const conn = await new Client(dsn).getConn();
    const baseline = async () => {
      const started = performance.now();
      const rows = await conn.queryAll(`${sql} LIMIT ${cap}`);
      for (const row of rows) row.values();
      if (rows.length !== cap) throw new Error(`the driver gave ${rows.length} rows`);
      return performance.now() - started;
    };
    const baselineFirst = async () => {
      const started = performance.now();
      const iterator = await conn.queryIter(`${sql} LIMIT ${cap}`);
      const first = await iterator.next();
      const ms = performance.now() - started;
      iterator.close();
      if (!first || first instanceof Error) throw new Error(`no first row: ${String(first)}`);
      return ms;
    };
    const samples = { baselineMs: [] as number[], baselineFirstMs: [] as number[], gridFirstMs: [] as number[], gridLastMs: [] as number[], adapterMs: [] as number[], hopMs: [] as number[], commandMs: [] as number[], traces: [] as string[] };
    const ours = async () => {
      const started = performance.now();
      // The page stamps each drawing with its clock (the same machine's): no return trip counted.
      const startedAt = Date.now();
      let first = 0;
      let last = 0;
      const view = api.services.results.get(document.uri);
      // When the extension hands the first rows to the page: the rest up to the drawing is the message hop.
      let posted = 0;
      const trace: string[] = [];
      if (view) {
        const rows = view.rows.bind(view);
        view.rows = (...args: Parameters<typeof view.rows>) => {
          posted ||= Date.now() - startedAt;
          const before = Date.now() - startedAt;
          rows(...args);
          trace.push(`post${args[2].length}@${before}-${Date.now() - startedAt}`);
        };
      }
      const filled = new Promise<void>((resolve) => {
        const subscription = view?.onDidFillGrid(({ rows, at }) => {
          trace.push(`drawn${rows}@${at - startedAt}`);
          first ||= at - startedAt;
          if (rows >= cap) {
            last = at - startedAt;
            subscription?.dispose();
            resolve();
          }
        });
      });
      await vscode.commands.executeCommand(Commands.runStatement, document.uri);
      samples.commandMs.push(performance.now() - started);
      if (view) await filled;
      if (posted) samples.hopMs.push(first - posted);
      if (view) {
        view.rows = Object.getPrototypeOf(view).rows;
        samples.traces.push(`${trace.join(' ')} cmd@${Math.round(samples.commandMs.at(-1) ?? 0)}`);
      }
      return { first, last };
    };

    // Warm both paths (sessions, JIT, the results page up and holding the rows), then alternate.
    await ours();
    await baseline();
    const warm = api.services.results.get(document.uri);
    if (!warm) throw new Error('no results view');
    for (let i = 0; i < 600 && warm.shown.results[0]?.inGrid !== cap; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    samples.commandMs.length = 0;
    samples.hopMs.length = 0;
    const login = api.services.store.get('bench-fill')!;
    const adapter = async () => {
      const session = await api.services.databend.session(login, `editor:${document.uri.toString()}`);
      const started = performance.now();
      await session.run(sql, { maxRows: cap, onRows: () => undefined });
      return performance.now() - started;
    };
    for (let i = 0; i < runs; i++) {
      const order = i % 2 ? ['ours', 'baseline'] : ['baseline', 'ours'];
      for (const which of order) {
        if (which === 'baseline') {
          samples.baselineMs.push(await baseline());
          samples.baselineFirstMs.push(await baselineFirst());
          samples.adapterMs.push(await adapter());
        } else {
          const { first, last } = await ours();
          samples.gridFirstMs.push(first);
          samples.gridLastMs.push(last);
        }
      }
    }
    const rows = api.services.results.get(document.uri)?.shown.results[0];
    if (rows?.rows.length !== cap || rows.inGrid !== cap) throw new Error(`the grid holds ${rows?.inGrid} of ${rows?.rows.length} rows`);
    await conn.close();
    writeFileSync(process.env.DATABEND_IAM_BENCH_FILL_OUT ?? '/dev/null', JSON.stringify({ total, cap, ...samples }));
  });
});
