// Multi-step questions (input boxes and quick picks with "Title (2/7)"), asked through the
// Dialogs port. Escape anywhere cancels the whole flow with a CancelledError. Sentences go
// through @vscode/l10n, not vscode.l10n: unit tests load confirm() in plain Node.

import * as l10n from '@vscode/l10n';
import type * as vscode from 'vscode';
import { CancelledError } from '../core/errors';
import { newExternalId } from '../core/externalId';
import { validateBucketName, validateExternalId, validatePrefix } from '../core/validate';
import type { Dialogs, Severity } from './dialogs';

export interface TextQuestion {
  prompt: string;
  placeholder?: string;
  value?: string;
  password?: boolean;
  /** A validator from src/core: a message, or undefined when the value is fine. */
  validate?: (value: string) => string | undefined;
}

/** One flow's questions: the title and step count stay the same from step to step. */
export class Wizard {
  constructor(
    private readonly dialogs: Dialogs,
    private readonly title: string,
    private readonly totalSteps: number,
  ) {}

  /** Asks for one value (trimmed). @throws CancelledError on Escape. */
  async text(step: number, question: TextQuestion): Promise<string> {
    const answer = await this.dialogs.inputBox({
      title: `${this.title} (${step}/${this.totalSteps})`,
      prompt: question.prompt,
      placeHolder: question.placeholder,
      value: question.value,
      password: question.password,
      ignoreFocusOut: true,
      validateInput: question.validate,
    });
    if (answer === undefined) throw new CancelledError();
    return answer.trim();
  }

  /** One item of `items`. @throws CancelledError on Escape. */
  async pick<T extends vscode.QuickPickItem>(step: number, placeHolder: string, items: readonly T[]): Promise<T> {
    const picked = await this.dialogs.quickPick(items, { title: `${this.title} (${step}/${this.totalSteps})`, placeHolder, ignoreFocusOut: true });
    if (!picked) throw new CancelledError();
    return picked;
  }
}

/**
 * A modal confirmation of `action` (Cancel is VS Code's own). VS Code makes the first
 * button the default, which Enter presses: with `safe` (a harmless choice, such as "Keep
 * Them"), that one comes first, so Enter never does the destructive thing. Every
 * confirmation of something that cannot be undone (Drop, Remove Login, Delete, Clear)
 * passes one (VS Code's UX guidelines: the default is never destructive).
 * @throws CancelledError unless the user chose `action`.
 */
export async function confirm(dialogs: Dialogs, severity: Severity, text: string, detail: string, action: string, safe?: string): Promise<void> {
  const answer = await dialogs.message(severity, text, { modal: true, detail }, ...(safe ? [safe, action] : [action]));
  if (answer !== action) throw new CancelledError();
}

/** The questions every flow asks the same way: one wording, one validator. */
export const commonQuestions = {
  bucket: (hint = l10n.t('S3 bucket name')): TextQuestion => ({ prompt: hint, placeholder: 'my-data-bucket', validate: validateBucketName }),
  prefix: (): TextQuestion => ({ prompt: l10n.t('Path prefix inside the bucket (optional: leave empty for the whole bucket)'), placeholder: 'data/2024', validate: validatePrefix }),
  /** Offers a fresh crypto-random ID each time it is asked. */
  externalId: (hint: string): TextQuestion => ({ prompt: hint, value: newExternalId(), validate: validateExternalId }),
};
