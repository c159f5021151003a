// Values as Databend prints them, in the results view of a SQL editor on the local
// Databend: the driver's approximate values are marked with their reason, Show Exact
// Values runs the statement again with Databend's text, and an export of marked values
// asks first. The three public examples with their right values.
import * as assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { QueryResult } from '../../src/databend/index';
import { REASONS } from '../../src/core/values';
import { Commands } from '../../src/ui/ids';
import { approximateCells } from '../../src/ui/results/resultsView';
import { addLoginFromDsn, answer, api, cleanSlate, expectScriptUsed, openSql } from './helpers';

const SELECT = "SELECT 1234567890123456789::BIGINT AS big, to_timestamp('2024-03-05 12:34:56.123456') AS ts, to_date('2024-03-05') AS d, 42::BIGINT AS small";

describe('Values as Databend prints them (on the local Databend)', function () {
  this.timeout(120_000);

  beforeEach(async () => {
    await cleanSlate();
    await addLoginFromDsn('local');
    (await api()).dialogs.reset();
  });

  afterEach(async () => {
    await expectScriptUsed();
    await cleanSlate();
  });

  it('marks what the driver rounds, and Show Exact Values gives Databend’s text under the session’s time zone', async () => {
    const { services } = await api();
    const editor = await openSql(`SET timezone = 'Asia/Shanghai';\n${SELECT};\n`);
    const outcome = await vscode.commands.executeCommand<{ ran: number }>(Commands.runAll, editor.document.uri);
    assert.equal(outcome.ran, 2);
    const view = services.results.get(editor.document.uri)!;
    const first = view.shown.results[1];
    assert.deepEqual(
      first.columns.map((c) => [c.name, c.approx]),
      [
        ['big', REASONS.int64],
        ['ts', REASONS.timestamp],
        ['d', undefined],
        ['small', REASONS.int64],
      ],
    );
    // The big Int64 cell is marked, 42 is not; every timestamp is; the DATE is exact and shows no time.
    assert.deepEqual(first.approx, [0, 0]);
    assert.equal(first.rows[0][2], '2024-03-05');
    assert.equal(first.rows[0][3], '42');
    assert.equal(approximateCells(first), 2);

    const exact: QueryResult = await services.runner.runExact(editor.document.uri, first.sql);
    assert.equal(exact.rowCount, 1);
    const shown = view.shown.results[0];
    assert.equal(shown.label, 'Statement (exact text)');
    assert.deepEqual(shown.rows, [['1234567890123456789', '2024-03-05 12:34:56.123456', '2024-03-05', '42']]);
    assert.equal(approximateCells(shown), 0);
    assert.deepEqual(shown.columns.map((c) => c.type), first.columns.map((c) => c.type), 'the columns keep their types');
  });

  it('a statement that is no query cannot be re-run for exact text: the view says why', async () => {
    const { services } = await api();
    const editor = await openSql('SHOW SETTINGS LIKE \'timezone\';\n');
    await vscode.commands.executeCommand(Commands.runStatement, editor.document.uri);
    await assert.rejects(services.runner.runExact(editor.document.uri, "SHOW SETTINGS LIKE 'timezone'"), /Exact text needs a query/);
    assert.match(services.results.get(editor.document.uri)!.shown.results[0].error ?? '', /Exact text needs a query/);
  });

  it('exporting approximate values asks first; exported anyway, the file holds what the grid shows', async () => {
    const { services } = await api();
    const editor = await openSql(`${SELECT};\n`);
    await vscode.commands.executeCommand(Commands.runStatement, editor.document.uri);
    const view = services.results.get(editor.document.uri)!;
    const file = join(tmpdir(), `values-export-${process.pid}.json`);
    try {
      await answer({ question: /2 values are approximate/, answer: 'Export Anyway' }, { question: /Export 1 rows/, answer: file });
      await (view as unknown as { export(format: 'csv' | 'json', run: number, result: number): Promise<void> }).export('json', view.shown.run, 0);
      const exported = JSON.parse(readFileSync(file, 'utf8')) as { rows: unknown[][] };
      assert.deepEqual(exported.rows, view.shown.results[0].rows);
    } finally {
      rmSync(file, { force: true });
    }
  });
});
