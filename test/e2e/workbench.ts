// A user's view of VS Code in the browser: the command palette, input boxes, the editor.
// Every step can leave a screenshot under test-results/e2e/<spec>/.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { RESULTS } from '../support/paths';

export class Workbench {
  private step = 0;
  private dir = join(RESULTS, 'e2e', 'unnamed');

  constructor(readonly page: Page) {}

  /** Starts a new spec: screenshots go to their own folder. */
  beginSpec(title: string): void {
    this.step = 0;
    this.dir = join(RESULTS, 'e2e', title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, ''));
    mkdirSync(this.dir, { recursive: true });
  }

  async screenshot(name: string): Promise<string> {
    this.step += 1;
    const file = join(this.dir, `${String(this.step).padStart(2, '0')}-${name.replace(/[^a-z0-9]+/gi, '-')}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Runs a command from the palette as a user does, waiting until the extension has contributed it. */
  async runCommand(title: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title });
    for (;;) {
      await this.page.keyboard.press('F1');
      await this.page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: 10_000 });
      await this.page.keyboard.type(title);
      try {
        await row.first().waitFor({ state: 'visible', timeout: 1_500 });
        // The palette can close under the pointer (a view taking focus as it redraws): open it again then.
        await row.first().click({ timeout: 5_000 });
        return;
      } catch {
        await this.page.keyboard.press('Escape');
        if (Date.now() > deadline) {
          throw new Error(`The command "${title}" could not be run from the command palette within ${timeoutMs / 1000} s`);
        }
      }
    }
  }

  /**
   * Waits for the input box whose title contains `title` (the widget is reused from
   * one prompt to the next) and returns its message and value.
   */
  async inputBox(title: string): Promise<{ message: string; value: string }> {
    const widget = this.page.locator('.quick-input-widget');
    await widget.locator('.quick-input-title', { hasText: title }).waitFor({ state: 'visible', timeout: 15_000 });
    return {
      message: (await widget.locator('.quick-input-message').innerText().catch(() => '')).trim(),
      value: await widget.locator('input').inputValue(),
    };
  }

  /** Replaces the input box's text with `text` as typed keys. */
  async typeInInputBox(text: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.press('ControlOrMeta+a');
    await input.press('Backspace');
    if (text !== '') {
      await this.page.keyboard.type(text);
    }
  }

  async submitInputBox(): Promise<void> {
    await this.page.locator('.quick-input-widget input').press('Enter');
  }

  /** Waits for the validation message under the input box to match. */
  async inputMessage(pattern: RegExp, timeoutMs = 10_000): Promise<string> {
    const message = this.page.locator('.quick-input-widget .quick-input-message');
    const deadline = Date.now() + timeoutMs;
    let text = '';
    while (Date.now() < deadline) {
      text = (await message.innerText().catch(() => '')).trim();
      if (pattern.test(text)) {
        return text;
      }
      await this.page.waitForTimeout(100);
    }
    throw new Error(`The input box message never matched ${pattern}; last: "${text}"`);
  }

  /** The active editor's text as rendered, lines in order. */
  async editorText(): Promise<string> {
    const lines = this.page.locator('.editor-group-container.active .monaco-editor .view-lines');
    await lines.first().waitFor({ state: 'visible', timeout: 15_000 });
    return lines.first().evaluate((el) =>
      Array.from(el.querySelectorAll<HTMLElement>('.view-line'))
        .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
        .map((line) => (line.textContent ?? '').replace(/\u00a0/g, ' '))
        .join('\n'),
    );
  }

  /** Picks an entry of the open quick pick by its label. */
  async pickItem(label: string): Promise<void> {
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    await row.click();
  }

  /** The frame of the webview whose page holds `selector` (several webviews may be open). */
  async webviewFrame(selector: string, timeoutMs = 30_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      for (const frame of this.page.frames()) {
        if (await frame.locator(selector).count().catch(() => 0)) return frame;
      }
      await this.page.waitForTimeout(250);
    }
    throw new Error(`No webview shows ${selector} after ${timeoutMs / 1000} s`);
  }

  /**
   * Chooses a color theme as a user does ("Preferences: Color Theme", its label, Enter) and
   * waits until the webview in `frame` is drawn in it (VS Code sets the theme's id on the page's body).
   */
  async colorTheme(label: string, themeId: string, frame: Frame): Promise<void> {
    await this.runCommand('Preferences: Color Theme');
    await this.page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: 10_000 });
    await this.page.keyboard.type(label);
    await this.page.locator('.quick-input-list .monaco-list-row.focused', { hasText: label }).first().waitFor({ state: 'visible', timeout: 10_000 });
    await this.page.keyboard.press('Enter');
    await frame.waitForFunction((id) => document.body.dataset.vscodeThemeId === id, themeId, { timeout: 30_000 });
  }

  /** Runs a command from the palette with the keyboard alone: F1, its title, Enter. */
  async runCommandByKeyboard(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    await this.page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: 10_000 });
    await this.page.keyboard.type(title);
    await this.page.locator('.quick-input-list .monaco-list-row.focused', { hasText: title }).first().waitFor({ state: 'visible', timeout: 60_000 });
    await this.page.keyboard.press('Enter');
  }

  /** The titles of the open editor tabs, per editor group (column), left to right. */
  async tabsByGroup(): Promise<string[][]> {
    return this.page.locator('.editor-group-container').evaluateAll((groups) =>
      // Newer VS Code draws a file's extension apart from its name (.label-suffix).
      groups.map((group) =>
        Array.from(group.querySelectorAll('.tab')).map((tab) => `${tab.querySelector('.label-name')?.textContent ?? ''}${tab.querySelector('.label-suffix')?.textContent ?? ''}`.trim()),
      ),
    );
  }

  /** The results webview's document (VS Code nests it: iframe.webview > #active-frame). */
  results() {
    return this.page.frameLocator('iframe.webview').last().frameLocator('#active-frame');
  }

  /** Opens the Databend view in the activity bar. */
  async openDatabendView(): Promise<void> {
    const title = this.page.locator('.part.sidebar .composite.title', { hasText: 'Databend' });
    if (!(await title.isVisible())) {
      await this.page.locator('.activitybar [aria-label^="Databend"]').first().click();
    }
    await title.waitFor({ state: 'visible', timeout: 15_000 });
  }

  /** Expands a tree item unless it is open already (a click would close it). */
  async expand(label: string): Promise<void> {
    const row = this.treeItem(label);
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
  }

  treeItem(label: string) {
    return this.page.locator('.pane-body .monaco-list-row', { hasText: label }).first();
  }

  /** Adds a Databend login through the quick inputs, typing the password into the password box. */
  async addLogin(name: string, port: number, password: string, onPasswordBox?: () => Promise<void>): Promise<void> {
    await this.runCommand('Databend: Add Login');
    await this.pickItem('Enter host, user and password');
    const answers: [string, string | undefined][] = [
      ['(1/8)', '127.0.0.1'],
      ['(3/8)', String(port)],
      ['(4/8)', 'root'],
      ['(5/8)', password],
      ['(6/8)', undefined],
      ['(7/8)', undefined],
      ['(8/8)', name],
    ];
    for (const [step, answer] of answers) {
      await this.inputBox(step);
      if (answer !== undefined) await this.typeInInputBox(answer);
      if (step === '(5/8)') await onPasswordBox?.();
      await this.submitInputBox();
      if (step === '(1/8)') await this.pickItem('Plain HTTP');
    }
    await this.page.locator('.notifications-toasts .notification-toast', { hasText: `Connected to "${name}"` }).waitFor({ state: 'visible', timeout: 30_000 });
  }

  /** Whether the status bar shows `name` as the login SQL runs on. */
  async hasLogin(name: string): Promise<boolean> {
    return (await this.page.locator('.statusbar-item', { hasText: name }).count()) > 0;
  }

  /** The login a spec needs, added unless an earlier spec left it. */
  async ensureLogin(name: string, port: number, password: string): Promise<void> {
    if (!(await this.hasLogin(name))) await this.addLogin(name, port, password);
  }

  /** Removes the only saved login through "Remove Login", confirming the dialog. */
  async removeOnlyLogin(): Promise<void> {
    await this.runCommand('Databend: Remove Login');
    const dialog = this.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 10_000 });
    await dialog.locator('.monaco-button', { hasText: 'Remove' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 10_000 });
  }

  /** A new untitled editor in SQL mode. */
  async newSqlEditor(): Promise<void> {
    await this.runCommand('File: New Untitled Text File');
    await this.page.locator('.editor-group-container.active .monaco-editor').first().waitFor({ state: 'visible', timeout: 15_000 });
    await this.runCommand('Change Language Mode');
    await this.page.keyboard.type('sql');
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: '(sql)' }).first().click({ timeout: 15_000 });
  }

  /** Brings the untitled SQL editor to the front (the results panel may have focus). */
  async focusUntitledEditor(): Promise<void> {
    await this.page.locator('.editor-group-container .tab', { hasText: 'Untitled' }).first().click();
  }

  async replaceEditorText(text: string): Promise<void> {
    await this.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
    await this.page.keyboard.press('ControlOrMeta+a');
    await this.page.keyboard.press('Delete');
    // Typing would trigger auto-closing brackets and quotes; inserting is what a paste does.
    await this.page.keyboard.insertText(text);
  }

  async activeTabTitle(): Promise<string> {
    return (await this.page.locator('.tabs-container .tab.active').first().innerText()).trim();
  }

  async closeAllEditorsWithoutSaving(): Promise<void> {
    // A modal left open by a failed test would block the palette for every test after it.
    const dialog = this.page.locator('.monaco-dialog-box');
    for (let i = 0; i < 5 && (await dialog.count()) > 0; i++) {
      await this.page.keyboard.press('Escape');
      await dialog.first().waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined);
    }
    for (let i = 0; i < 20 && (await this.page.locator('.tabs-container .tab').count()) > 0; i++) {
      await this.runCommand('View: Revert and Close Editor');
    }
  }
}
