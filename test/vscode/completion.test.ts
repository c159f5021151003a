// Completion in a SQL editor on the local Databend: stage names after `@`, connection
// names inside CONNECTION_NAME = '…', read from the active login and cached; the tree's
// Refresh reads them again. Each test makes the objects it completes and drops them.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands } from '../../src/ui/ids';
import { addLoginFromDsn, cleanSlate, expectScriptUsed, LOCAL_DSN, openSql } from './helpers';

async function runScript(sql: string): Promise<void> {
  const editor = await openSql(sql);
  const outcome = await vscode.commands.executeCommand<{ ran: number; total: number; failed?: { index: number; message: string } }>(Commands.runAll, editor.document.uri);
  assert.ok(outcome && !outcome.failed, `the script ran: ${JSON.stringify(outcome)}\n${sql}`);
  // Left open (cleanSlate closes it): a closed untitled editor's name is reused by the next one.
}

/** The completion items at the end of `text` in a new SQL editor, asked as VS Code asks (again while the list is incomplete). */
async function completeAtEnd(text: string, trigger?: string, until: (labels: string[]) => boolean = () => true): Promise<vscode.CompletionItem[]> {
  const editor = await openSql(text);
  const end = editor.document.positionAt(text.length);
  let items: vscode.CompletionItem[] = [];
  for (let attempt = 0; attempt < 40; attempt++) {
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, end, trigger);
    items = list.items;
    if (until(items.map(label))) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return items;
}

const label = (item: vscode.CompletionItem): string => (typeof item.label === 'string' ? item.label : item.label.label);
const insertText = (item: vscode.CompletionItem): string => (typeof item.insertText === 'string' ? item.insertText : (item.insertText?.value ?? label(item)));

describe('SQL completion (on the local Databend)', function () {
  this.timeout(60_000);
  const stages = ['completion_stage_1', '数据_stage_1', 'completion_stage_late'];

  beforeEach(async () => {
    await cleanSlate();
    assert.ok(LOCAL_DSN, 'the launcher passes a DSN');
    await addLoginFromDsn('local');
  });

  afterEach(async () => {
    await runScript([...stages.map((s) => `DROP STAGE IF EXISTS ${s};`), 'DROP CONNECTION IF EXISTS completion_conn_1;', 'DROP TABLE IF EXISTS completion_table_1;'].join('\n'));
    await expectScriptUsed();
    await cleanSlate();
  });

  it('@ offers the stages of the active login, a non-ASCII one in a form Databend reads; Refresh reads new ones', async () => {
    await runScript('CREATE OR REPLACE STAGE completion_stage_1;\nCREATE OR REPLACE STAGE 数据_stage_1;');
    const items = await completeAtEnd('SELECT * FROM @', '@', (labels) => labels.includes('completion_stage_1'));
    const labels = items.map(label);
    assert.ok(labels.includes('completion_stage_1'), labels.join(', '));
    const unicode = items.find((i) => label(i) === '数据_stage_1');
    assert.ok(unicode, labels.join(', '));
    // The completed text, run as Databend reads it.
    await runScript(`LIST @${insertText(unicode)};`);

    // A stage made since is not offered from the cache, until the tree's Refresh.
    await runScript('CREATE OR REPLACE STAGE completion_stage_late;');
    await vscode.commands.executeCommand(Commands.refreshExplorer);
    const again = await completeAtEnd('LIST @comp', undefined, (l) => l.includes('completion_stage_late'));
    assert.ok(again.map(label).includes('completion_stage_late'), again.map(label).join(', '));
  });

  it("CONNECTION_NAME = ' offers the login's connections", async () => {
    await runScript("CREATE OR REPLACE CONNECTION completion_conn_1 STORAGE_TYPE = 's3' ROLE_ARN = 'arn:aws:iam::987654321987:role/x' EXTERNAL_ID = 'ext-1';");
    const items = await completeAtEnd("CREATE STAGE s URL = 's3://b/' CONNECTION = (CONNECTION_NAME = '", "'", (labels) => labels.includes('completion_conn_1'));
    assert.ok(items.map(label).includes('completion_conn_1'), items.map(label).join(', '));
    // Nothing from the catalog inside another string.
    const inString = await completeAtEnd("SELECT 'completion_");
    // (VS Code's own word completion may still offer words of open editors: only ours carry a detail.)
    assert.deepEqual(inString.filter((i) => /^(Connection|Stage|Database|Table) on /.test(i.detail ?? '')).map(label), []);
  });

  it('a plain word offers the databases, the tables of the current database and keywords', async () => {
    await runScript('CREATE OR REPLACE TABLE completion_table_1 (id INT);');
    const items = await completeAtEnd('SELECT * FROM ', undefined, (labels) => labels.includes('completion_table_1'));
    const byDetail = (detail: string) => items.filter((i) => i.detail === detail).map(label);
    assert.ok(byDetail('Table on local').includes('completion_table_1'), items.map(label).join(', '));
    assert.ok(byDetail('Database on local').includes('default'), items.map(label).join(', '));
    assert.ok(byDetail('Keyword').includes('WHERE'));
  });
});
