// The Dialogs port for the extension-host tests: questions are answered from a script the
// test writes beforehand, in order, the way a user would answer them; every message shown
// is recorded so a test asserts what the user saw. Not part of the shipped extension.

import type * as vscode from 'vscode';
import type { Dialogs, Severity } from '../../src/ui/dialogs';

/**
 * Pressing Enter on what the question offers: the input box's pre-filled value, the quick
 * pick's first item, a modal dialog's first button (VS Code's default button).
 */
// Symbol.for: the tests and the test build are bundled apart, and must share the one symbol.
export const ENTER = Symbol.for('databendIam.scripted.enter');

export interface ScriptedAnswer {
  /** Must match the question (title, prompt, placeholder or message text) it answers. */
  question: RegExp;
  /**
   * Input box: the text typed. Quick pick: the label of the item chosen (exact, or a
   * RegExp). Modal message: the button pressed. Save dialog: the file path.
   * undefined: Escape / Cancel.
   */
  answer: string | RegExp | typeof ENTER | undefined;
}

export interface Shown {
  kind: 'inputBox' | 'quickPick' | 'message' | 'saveDialog';
  severity?: Severity;
  modal?: boolean;
  text: string;
  detail?: string;
  actions?: string[];
  /** What the script answered (or the validator's message when the typed text was refused). */
  answered?: string;
  refused?: string;
}

export class ScriptedDialogs implements Dialogs {
  private script: ScriptedAnswer[] = [];
  /** Everything shown to the "user", in order. */
  readonly shown: Shown[] = [];
  /** Questions asked that the script did not expect (answered with Escape). */
  readonly unexpected: string[] = [];

  /** Queues answers; the product's next questions take them in order. */
  answer(...answers: ScriptedAnswer[]): void {
    this.script.push(...answers);
  }

  /** Forgets the script and the record: each test starts clean. */
  reset(): void {
    this.script = [];
    this.shown.length = 0;
    this.unexpected.length = 0;
  }

  /** Answers queued but never asked for. */
  leftover(): string[] {
    return this.script.map((a) => String(a.question));
  }

  /** Messages shown with `severity`, texts only. */
  messages(severity?: Severity): string[] {
    return this.shown.filter((s) => s.kind === 'message' && (!severity || s.severity === severity)).map((s) => s.text);
  }

  async inputBox(options: vscode.InputBoxOptions): Promise<string | undefined> {
    const text = [options.title, options.prompt, options.placeHolder].filter(Boolean).join(' | ');
    const shown: Shown = { kind: 'inputBox', text };
    this.shown.push(shown);
    const taken = this.take(text);
    const next = taken === ENTER ? (options.value ?? '') : taken;
    if (next === undefined || next instanceof RegExp) return undefined;
    // VS Code keeps the box open while the validator objects: the user can only Escape.
    const refused = await options.validateInput?.(next);
    const message = typeof refused === 'string' ? refused : refused?.message;
    if (message) {
      shown.refused = message;
      return undefined;
    }
    shown.answered = next;
    return next;
  }

  async quickPick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T | undefined> {
    const text = [options.title, options.placeHolder].filter(Boolean).join(' | ');
    const shown: Shown = { kind: 'quickPick', text, actions: items.map((i) => i.label) };
    this.shown.push(shown);
    const next = this.take(text);
    if (next === undefined) return undefined;
    if (next === ENTER) {
      shown.answered = items[0]?.label;
      return items[0];
    }
    const item = items.find((i) => (next instanceof RegExp ? next.test(i.label) : i.label === next));
    if (!item) this.unexpected.push(`no item ${String(next)} in "${text}": ${items.map((i) => i.label).join(', ')}`);
    shown.answered = item?.label;
    return item;
  }

  async message(severity: Severity, text: string, options: vscode.MessageOptions, ...actions: string[]): Promise<string | undefined> {
    const shown: Shown = { kind: 'message', severity, modal: options.modal === true, text, detail: options.detail, actions };
    this.shown.push(shown);
    // A notification that nobody clicks stays unanswered; a modal dialog needs an answer.
    if (!options.modal) return undefined;
    const next = this.take(text);
    const chosen = next === ENTER ? actions[0] : typeof next === 'string' && actions.includes(next) ? next : undefined;
    if (next !== undefined && !chosen) this.unexpected.push(`no button ${String(next)} in "${text}": ${actions.join(', ')}`);
    shown.answered = chosen;
    return chosen;
  }

  async saveDialog(options: vscode.SaveDialogOptions): Promise<vscode.Uri | undefined> {
    const text = options.saveLabel ?? options.title ?? 'Save';
    this.shown.push({ kind: 'saveDialog', text });
    const next = this.take(text);
    if (typeof next !== 'string') return undefined;
    const { Uri } = await import('vscode');
    return Uri.file(next);
  }

  private take(question: string): ScriptedAnswer['answer'] {
    const next = this.script[0];
    if (!next || !next.question.test(question)) {
      this.unexpected.push(question);
      return undefined;
    }
    this.script.shift();
    return next.answer;
  }
}
