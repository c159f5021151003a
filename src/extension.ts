// Composition root: builds the services and hands them to the features. Kept small:
// the AWS SDK and the Databend driver are loaded by the features on first use.

import * as vscode from 'vscode';
import { AwsService } from './ui/awsService';
import { registerCommand } from './ui/commandRegistry';
import { generateSql } from './ui/commands/generateSql';
import { ProvisionArgs, ProvisionCommand } from './ui/commands/provision';
import { TeardownArgs, TeardownCommand } from './ui/commands/teardown';
import { Commands } from './ui/ids';
import { Logger } from './ui/logger';
import { ProvisionRecords } from './ui/provisionRecords';

export function activate(context: vscode.ExtensionContext): void {
  const { logger, channel } = Logger.create();
  const owned = context.subscriptions;
  owned.push(channel);

  // Services are cheap to build: the AWS SDK itself loads on first use.
  const aws = new AwsService(logger);
  const records = new ProvisionRecords(context.globalState);
  owned.push(aws);
  const provision = new ProvisionCommand(aws, records);
  const teardown = new TeardownCommand(aws, records);

  registerCommand(owned, logger, Commands.generateSql, generateSql);
  registerCommand(owned, logger, Commands.provision, (args?: ProvisionArgs) => provision.run(args));
  registerCommand(owned, logger, Commands.teardown, (args?: TeardownArgs) => teardown.run(args));
  registerCommand(owned, logger, Commands.showLogs, () => logger.show());

  logger.info(`activated (VS Code ${vscode.version})`);
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions and disposed by VS Code.
}
