// The sandbox build (npm run sandbox): the product with VS Code's own dialogs, plus one
// thing for a ready-made playground: it saves the local Databend the sandbox started as
// the login "sandbox" (from DATABEND_IAM_SANDBOX_DSN). Never shipped.

import { randomUUID } from 'node:crypto';
import type * as vscode from 'vscode';
import { parseDsn } from '../../src/core/dsn';
import { windowDialogs } from '../../src/ui/dialogs';
import { createServices } from '../../src/ui/services';

export function activate(context: vscode.ExtensionContext): void {
  const { store, logger } = createServices(context, windowDialogs);
  const dsn = process.env.DATABEND_IAM_SANDBOX_DSN;
  if (!dsn || store.list().some((login) => login.name === 'sandbox')) return;
  const { password, ...settings } = parseDsn(dsn);
  store.save({ id: randomUUID(), name: 'sandbox', ...settings }, password).catch((error: unknown) => logger.error('saving the sandbox login', error));
}

export function deactivate(): void {}
