// Builds the extension's services and registers its commands, views and providers. The
// product calls it with VS Code's own dialogs (src/extension.ts); the extension-host
// test build calls it with dialogs that answer from a script. Everything registered is
// owned by context.subscriptions.

import * as vscode from 'vscode';
import { AwsService } from './awsService';
import { registerCommand } from './commandRegistry';
import { CreateRoleCommand } from './commands/createRole';
import { ExportSetupCommand } from './commands/exportSetup';
import { generateSql } from './commands/generateSql';
import { HistoryCommands } from './commands/history';
import { LoginCommands } from './commands/logins';
import { RemoveRoleCommand } from './commands/removeRole';
import { DatabendService } from './databendService';
import type { Dialogs } from './dialogs';
import { DescribeDocuments } from './explorer/describeDocuments';
import { ExplorerCommands } from './explorer/explorerCommands';
import { ExplorerTree } from './explorer/explorerTree';
import { GeneratedDocuments } from './generatedDocuments';
import { IamSetup } from './iamSetup';
import { Commands, VIEW_EXPLORER } from './ids';
import { configureCoreStrings } from './l10n';
import { Logger } from './logger';
import { LoginStatus } from './loginStatus';
import { LoginStore } from './loginStore';
import { QueryHistory } from './queryHistory';
import { QueryRunner } from './queryRunner';
import { ResultsViews } from './results/resultsViews';
import { RoleRecords } from './roleRecords';
import { SetupExport } from './setupExport';
import { SetupPanel } from './setup/setupPanel';
import { SetupVerifier } from './setup/setupVerifier';
import { SqlCodeLens } from './sqlCodeLens';
import { SqlCompletion } from './sqlCompletion';

export interface Services {
  logger: Logger;
  store: LoginStore;
  databend: DatabendService;
  tree: ExplorerTree;
  results: ResultsViews;
  history: QueryHistory;
  runner: QueryRunner;
  records: RoleRecords;
  codeLens: SqlCodeLens;
  generated: GeneratedDocuments;
}

export function createServices(context: vscode.ExtensionContext, dialogs: Dialogs): Services {
  // Before anything can put a sentence from src/core in front of the user.
  configureCoreStrings();
  const { logger, channel } = Logger.create();
  const owned = context.subscriptions;
  owned.push(channel);

  const aws = new AwsService(logger, dialogs);
  const records = new RoleRecords(context.globalState);
  const store = new LoginStore(context.globalState, context.secrets);
  const databend = new DatabendService(store, logger.child('databend'));
  const tree = new ExplorerTree(store, databend);
  const results = new ResultsViews(context.extensionUri, dialogs, logger.child('results'));
  const history = new QueryHistory(context.globalState, logger.child('history'));
  const runner = new QueryRunner(store, databend, results, history, dialogs);
  const historyCommands = new HistoryCommands(history, store, runner, dialogs);
  const describeDocuments = new DescribeDocuments();
  const explorer = new ExplorerCommands(tree, store, databend, describeDocuments, dialogs);
  const logins = new LoginCommands(store, databend, dialogs);
  const iamSetup = new IamSetup(aws, records, dialogs);
  const setupExport = new SetupExport(aws, iamSetup, logger.child('export'));
  const exportSetup = new ExportSetupCommand(aws, iamSetup, setupExport, dialogs);
  const removeRole = new RemoveRoleCommand(aws, records, dialogs, store, databend, () => tree.refresh());
  const codeLens = new SqlCodeLens(store);
  const generated = new GeneratedDocuments();
  const createRole = new CreateRoleCommand(aws, iamSetup, dialogs, generated);
  const setup = new SetupPanel(context, aws, iamSetup, store, new SetupVerifier(iamSetup, records, store, databend, dialogs), logger.child('setup'), generated, setupExport);
  owned.push(aws, store, tree, results, history, runner, describeDocuments, generated, codeLens, setup, new LoginStatus(store));
  owned.push(store.onDidChange(() => void databend.reconcile()));
  owned.push({ dispose: () => void databend.dispose() });
  owned.push(vscode.window.registerTreeDataProvider(VIEW_EXPLORER, tree));
  owned.push(vscode.languages.registerCodeLensProvider({ language: 'sql' }, codeLens));
  const completion = new SqlCompletion(store, databend, logger.child('completion'), tree.onDidChangeTreeData);
  owned.push(completion, vscode.languages.registerCompletionItemProvider({ language: 'sql' }, completion, '@', "'"));

  const command = <A extends unknown[], R>(id: string, handler: (...args: A) => Promise<R> | R) => registerCommand(owned, logger, dialogs, id, handler);
  command(Commands.setup, () => setup.open());
  command(Commands.generateSql, () => generateSql(dialogs, generated));
  command(Commands.createRole, () => createRole.run());
  command(Commands.removeRole, () => removeRole.run());
  command(Commands.exportCloudFormation, () => exportSetup.run('cloudformation'));
  command(Commands.exportTerraform, () => exportSetup.run('terraform'));
  command(Commands.showLogs, () => logger.show());
  command(Commands.addLogin, () => logins.add());
  command(Commands.editLogin, (node?: Parameters<LoginCommands['edit']>[0]) => logins.edit(node));
  command(Commands.renameLogin, (node?: Parameters<LoginCommands['rename']>[0]) => logins.rename(node));
  command(Commands.removeLogin, (node?: Parameters<LoginCommands['remove']>[0]) => logins.remove(node));
  command(Commands.testLogin, (node?: Parameters<LoginCommands['test']>[0]) => logins.test(node));
  command(Commands.selectLogin, (node?: Parameters<LoginCommands['select']>[0]) => logins.select(node));
  command(Commands.refreshExplorer, (node?: Parameters<ExplorerCommands['refresh']>[0]) => explorer.refresh(node));
  command(Commands.loadMore, (node: Parameters<ExplorerCommands['loadMore']>[0]) => explorer.loadMore(node));
  command(Commands.retry, (node: Parameters<ExplorerCommands['retry']>[0]) => explorer.retry(node));
  command(Commands.describe, (node: Parameters<ExplorerCommands['describe']>[0]) => explorer.describe(node));
  command(Commands.copyName, (node: Parameters<ExplorerCommands['copyName']>[0]) => explorer.copyName(node));
  command(Commands.newSqlEditorHere, (node: Parameters<ExplorerCommands['newSqlEditorHere']>[0]) => explorer.newSqlEditorHere(node));
  command(Commands.drop, (node: Parameters<ExplorerCommands['drop']>[0]) => explorer.drop(node));
  command(Commands.runStatement, (uri?: vscode.Uri, range?: Parameters<QueryRunner['runStatement']>[1]) => runner.runStatement(uri, range));
  command(Commands.runAll, (uri?: vscode.Uri) => runner.runAll(uri));
  command(Commands.cancelQuery, () => runner.cancel());
  command(Commands.openEditableCopy, (uri?: vscode.Uri) => generated.openEditableCopy(uri));
  command(Commands.showHistory, () => historyCommands.show());
  command(Commands.clearHistory, () => historyCommands.clear());

  logger.info(`activated (VS Code ${vscode.version})`);
  return { logger, store, databend, tree, results, history, runner, records, codeLens, generated };
}
