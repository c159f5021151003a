// Composition root: builds the services and hands them to the features. Kept small and
// cheap: the AWS SDK and the Databend driver are loaded by the features on first use.

import * as vscode from 'vscode';
import { AwsService } from './ui/awsService';
import { registerCommand } from './ui/commandRegistry';
import { ConnectionArgs, ConnectionCommands } from './ui/commands/connections';
import { generateSql } from './ui/commands/generateSql';
import { ProvisionArgs, ProvisionCommand } from './ui/commands/provision';
import { TeardownArgs, TeardownCommand } from './ui/commands/teardown';
import { ConnectionStore } from './ui/connectionStore';
import { DatabendService } from './ui/databendService';
import { ExplorerCommands } from './ui/explorer/explorerCommands';
import { ExplorerTree } from './ui/explorer/explorerTree';
import { Commands, VIEW_EXPLORER } from './ui/ids';
import { Logger } from './ui/logger';
import { ProvisionRecords } from './ui/provisionRecords';
import { Provisioning } from './ui/provisioning';
import { QueryRunner } from './ui/queryRunner';
import { ResultsPanel } from './ui/results/resultsPanel';
import { seedSandboxConnection } from './ui/sandboxSeed';
import { SetupPanel } from './ui/setup/setupPanel';
import { SqlCodeLens } from './ui/sqlCodeLens';
import { ConnectionStatus } from './ui/statusBar';

let databend: DatabendService | undefined;

/** What activate returns: read by the extension-host tests, not a public API. */
export interface ExtensionApi {
  explorerTree: ExplorerTree;
  resultsPanel: ResultsPanel;
  sqlCodeLens: SqlCodeLens;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const { logger, channel } = Logger.create();
  const owned = context.subscriptions;
  owned.push(channel);

  const aws = new AwsService(logger);
  const records = new ProvisionRecords(context.globalState);
  const store = new ConnectionStore(context.globalState, context.secrets);
  databend = new DatabendService(store, logger.child('databend'));
  const tree = new ExplorerTree(store, databend);
  const panel = new ResultsPanel(context.extensionUri, logger.child('results'));
  const runner = new QueryRunner(store, databend, panel);
  const explorer = new ExplorerCommands(tree, store, databend);
  const connections = new ConnectionCommands(store, databend);
  const provisioning = new Provisioning(aws, records);
  const provision = new ProvisionCommand(aws, provisioning);
  const teardown = new TeardownCommand(aws, records);
  const codeLens = new SqlCodeLens(store);
  const setup = new SetupPanel(context, aws, provisioning, records, store, databend, logger.child('setup'));
  owned.push(aws, store, tree, panel, runner, explorer, codeLens, setup, new ConnectionStatus(store));
  owned.push(vscode.window.registerTreeDataProvider(VIEW_EXPLORER, tree));
  owned.push(vscode.languages.registerCodeLensProvider({ language: 'sql' }, codeLens));

  const command = <A extends unknown[], R>(id: string, handler: (...args: A) => Promise<R> | R) => registerCommand(owned, logger, id, handler);
  command(Commands.setup, () => setup.open());
  command(Commands.generateSql, generateSql);
  command(Commands.provision, (args?: ProvisionArgs) => provision.run(args));
  command(Commands.teardown, (args?: TeardownArgs) => teardown.run(args));
  command(Commands.showLogs, () => logger.show());
  command(Commands.addConnection, (args?: ConnectionArgs) => connections.add(args));
  command(Commands.editConnection, (node?: Parameters<ConnectionCommands['edit']>[0], args?: ConnectionArgs) => connections.edit(node, args));
  command(Commands.removeConnection, (node?: Parameters<ConnectionCommands['remove']>[0], confirmed?: boolean) => connections.remove(node, confirmed === true));
  command(Commands.testConnection, (node?: Parameters<ConnectionCommands['test']>[0]) => connections.test(node));
  command(Commands.selectConnection, (node?: Parameters<ConnectionCommands['select']>[0]) => connections.select(node));
  command(Commands.refreshExplorer, (node?: Parameters<ExplorerCommands['refresh']>[0]) => explorer.refresh(node));
  command(Commands.loadMore, (node: Parameters<ExplorerCommands['loadMore']>[0]) => explorer.loadMore(node));
  command(Commands.describe, (node: Parameters<ExplorerCommands['describe']>[0]) => explorer.describe(node));
  command(Commands.copyName, (node: Parameters<ExplorerCommands['copyName']>[0]) => explorer.copyName(node));
  command(Commands.newSqlEditorHere, (node: Parameters<ExplorerCommands['newSqlEditorHere']>[0]) => explorer.newSqlEditorHere(node));
  command(Commands.drop, (node: Parameters<ExplorerCommands['drop']>[0], confirmed?: boolean) => explorer.drop(node, confirmed === true));
  command(Commands.runStatement, (uri?: vscode.Uri, index?: number) => runner.runStatement(uri, index));
  command(Commands.runAll, (uri?: vscode.Uri) => runner.runAll(uri));
  command(Commands.cancelQuery, () => panel.cancel());

  void seedSandboxConnection(store, process.env.DATABEND_IAM_SANDBOX_DSN).catch((error: unknown) => logger.error('sandbox connection', error));
  logger.info(`activated (VS Code ${vscode.version})`);
  return { explorerTree: tree, resultsPanel: panel, sqlCodeLens: codeLens };
}

export async function deactivate(): Promise<void> {
  // Open Databend sessions are closed on the server; everything else is owned by context.subscriptions.
  await databend?.dispose();
}
