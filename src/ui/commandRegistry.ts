import * as vscode from 'vscode';
import { errorMessage, isCancelled } from '../core/errors';
import type { Dialogs } from './dialogs';
import type { Logger } from './logger';
import { ShownError, UserError } from './userError';

/**
 * Registers a command so every failure is logged and shown once, in the same words, with
 * the buttons that fix it (a UserError's fixes, Retry when it may pass next time) and a way
 * to the logs; cancellation is silent. The disposable goes to `owner`.
 */
export function registerCommand<Args extends unknown[], Result>(
  owner: vscode.Disposable[],
  logger: Logger,
  dialogs: Dialogs,
  id: string,
  handler: (...args: Args) => Promise<Result> | Result,
): void {
  const log = logger.child(id);
  owner.push(
    vscode.commands.registerCommand(id, async (...args: Args) => {
      try {
        return await handler(...args);
      } catch (error) {
        if (isCancelled(error)) {
          log.debug('cancelled');
          return undefined;
        }
        log.error('failed', error);
        if (error instanceof ShownError) return undefined;
        const fixes = error instanceof UserError ? error.fixes : [];
        const showLogs = vscode.l10n.t('Show Logs');
        const retryTitle = vscode.l10n.t('Retry');
        const retry = error instanceof UserError && error.retryable ? [retryTitle] : [];
        void dialogs.message('error', errorMessage(error), {}, ...fixes.map((f) => f.title), ...retry, showLogs).then((choice) => {
          const fix = fixes.find((f) => f.title === choice);
          if (fix) void vscode.commands.executeCommand(fix.command, ...(fix.args ?? []));
          else if (choice === retryTitle) void vscode.commands.executeCommand(id, ...args);
          else if (choice === showLogs) logger.show();
        });
        return undefined;
      }
    }),
  );
}
