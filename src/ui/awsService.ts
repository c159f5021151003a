// The UI's way to AWS: loads dist/aws.js (the SDK) on first use, keeps the client cache,
// applies the databendIam.aws.endpointUrl setting and asks for MFA codes.

import * as vscode from 'vscode';
import type * as Aws from '../aws/index';
import { CancelledError } from '../core/errors';
import type { Dialogs } from './dialogs';
import type { Logger } from './logger';
import { configureCoreStrings } from './l10n';
import { settings } from './settings';

export type AwsModule = typeof Aws;

export class AwsService implements vscode.Disposable {
  private module: AwsModule | undefined;
  private cache: Aws.AwsClientCache | undefined;
  private readonly listener: vscode.Disposable;

  constructor(
    private readonly logger: Logger,
    private readonly dialogs: Dialogs,
  ) {
    // New endpoint: new clients.
    this.listener = vscode.workspace.onDidChangeConfiguration((e) => {
      if (settings.changed(e, 'awsEndpointUrl')) {
        this.logger.info(`databendIam.aws.endpointUrl is now ${settings.awsEndpointUrl() ?? 'empty (AWS itself)'}`);
        this.cache?.clear();
      }
    });
  }

  /** The AWS part of the extension, loaded once, on first use. */
  load(): AwsModule {
    if (!this.module) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a separate bundle next to extension.js, loaded lazily on purpose
      this.module = require('./aws.js') as AwsModule;
      configureCoreStrings(this.module.configureStrings);
      this.cache = new this.module.AwsClientCache();
      const endpoint = settings.awsEndpointUrl();
      this.logger.info(`AWS SDK loaded${endpoint ? `; every AWS call goes to ${endpoint} (databendIam.aws.endpointUrl)` : ''}`);
    }
    return this.module;
  }

  /** The clients for `profile` (undefined: the SDK's default chain), cached per profile and endpoint. */
  clients(profile: string | undefined): Aws.AwsClients {
    this.load();
    const log = this.logger.child('aws');
    return (this.cache as Aws.AwsClientCache).get({
      profile,
      endpoint: settings.awsEndpointUrl(),
      mfaCodeProvider: (serial) => this.askMfaCode(serial),
      onCall: (service, command) => log.debug(`${service} ${command}`),
    });
  }

  dispose(): void {
    this.listener.dispose();
    this.cache?.clear();
  }

  private async askMfaCode(serial: string): Promise<string> {
    const code = await this.dialogs.inputBox({
      title: vscode.l10n.t('AWS multi-factor authentication'),
      prompt: vscode.l10n.t('Enter the current code of the MFA device {0}', serial),
      placeHolder: '123456',
      ignoreFocusOut: true,
      validateInput: (value) => (/^\d{6}$/.test(value.trim()) ? undefined : vscode.l10n.t('An MFA code has 6 digits.')),
    });
    if (code === undefined) {
      throw new CancelledError('MFA code not entered');
    }
    return code.trim();
  }
}
