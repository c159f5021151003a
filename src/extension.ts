// Composition root: builds the services and hands them to the features. Kept small:
// the AWS SDK and the Databend driver are loaded by the features on first use.

import * as vscode from 'vscode';
import { registerCommand } from './ui/commandRegistry';
import { generateSql } from './ui/commands/generateSql';
import { Commands } from './ui/ids';
import { Logger } from './ui/logger';

export function activate(context: vscode.ExtensionContext): void {
  const { logger, channel } = Logger.create();
  const owned = context.subscriptions;
  owned.push(channel);

  registerCommand(owned, logger, Commands.generateSql, generateSql);
  registerCommand(owned, logger, Commands.showLogs, () => logger.show());

  logger.info(`activated (VS Code ${vscode.version})`);
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions and disposed by VS Code.
}
