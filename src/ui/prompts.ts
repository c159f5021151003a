import * as vscode from 'vscode';
import { CancelledError } from '../core/errors';

export interface TextPrompt {
  title: string;
  step: number;
  totalSteps: number;
  prompt: string;
  placeholder?: string;
  value?: string;
  password?: boolean;
  /** A validator from src/core/validate.ts: a message, or undefined when the value is fine. */
  validate?: (value: string) => string | undefined;
}

/** Asks for one value; Escape cancels the whole flow. */
export async function askText(options: TextPrompt): Promise<string> {
  const answer = await vscode.window.showInputBox({
    title: `${options.title} (${options.step}/${options.totalSteps})`,
    prompt: options.prompt,
    placeHolder: options.placeholder,
    value: options.value,
    password: options.password,
    ignoreFocusOut: true,
    validateInput: options.validate,
  });
  if (answer === undefined) {
    throw new CancelledError();
  }
  return answer.trim();
}
