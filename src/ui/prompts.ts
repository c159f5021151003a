import * as vscode from 'vscode';
import { CancelledError } from '../core/errors';
import { newExternalId, validateBucketName, validateExternalId, validatePrefix } from '../core/validate';

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

type PromptText = Omit<TextPrompt, 'title' | 'step' | 'totalSteps'>;

/** The questions every flow asks the same way: one wording, one validator. */
export const commonPrompts = {
  bucket: (hint = 'S3 bucket name'): PromptText => ({ prompt: hint, placeholder: 'my-data-bucket', validate: validateBucketName }),
  prefix: (): PromptText => ({ prompt: 'Path prefix inside the bucket (optional: leave empty for the whole bucket)', placeholder: 'data/2024', validate: validatePrefix }),
  /** Offers a fresh crypto-random ID each time it is asked. */
  externalId: (hint: string): PromptText => ({ prompt: hint, value: newExternalId(), validate: validateExternalId }),
};
