import * as vscode from 'vscode';
import { LOG_CHANNEL_NAME } from './ids';

/** A tagged view of the extension's log channel; the level is the user's choice in the Output view. */
export class Logger {
  constructor(
    private readonly channel: vscode.LogOutputChannel,
    private readonly tag: string,
  ) {}

  static create(): { logger: Logger; channel: vscode.LogOutputChannel } {
    const channel = vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
    return { logger: new Logger(channel, 'extension'), channel };
  }

  child(tag: string): Logger {
    return new Logger(this.channel, tag);
  }

  info(message: string): void {
    this.channel.info(`[${this.tag}] ${message}`);
  }

  warn(message: string): void {
    this.channel.warn(`[${this.tag}] ${message}`);
  }

  error(message: string, error?: unknown): void {
    const detail = error instanceof Error && error.stack ? `\n${error.stack}` : '';
    this.channel.error(`[${this.tag}] ${message}${detail}`);
  }

  debug(message: string): void {
    this.channel.debug(`[${this.tag}] ${message}`);
  }

  show(): void {
    this.channel.show(true);
  }
}
