import * as vscode from 'vscode';
import { errorMessage, isCancelled } from '../core/errors';
import type { Dialogs } from './dialogs';
import type { Logger } from './logger';

const SHOW_LOGS = 'Show Logs';

/**
 * Registers a command so every failure is logged and shown once, in the same words,
 * with a way to the logs; cancellation is silent. The disposable goes to `owner`.
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
        void dialogs.message('error', errorMessage(error), {}, SHOW_LOGS).then((choice) => {
          if (choice === SHOW_LOGS) {
            logger.show();
          }
        });
        return undefined;
      }
    }),
  );
}
