// The results grid as people who use no mouse, a screen reader or a high-contrast theme use
// it: axe-core audits the panel in VS Code's dark, light and high-contrast themes (a cell
// selected, so its colours are audited too), with a screenshot of each; a user reaches the
// grid with Tab alone and walks it with the arrows, Home/End, PageUp/PageDown and
// Ctrl+Home/End, each move announced by its row and column index and kept in view; the live
// region says a run's outcome once.

import * as assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { audit, describeFindings } from './axe';
import { localServices, ui, UI_DATABEND_PASSWORD } from './fixtures';

const ROWS = 300;
const QUERY = `SELECT number AS n, number * 2 AS doubled, concat('row ', number::string) AS label, number % 3 = 0 AS fizz FROM numbers(${ROWS}) ORDER BY n;\n`;

const THEMES = [
  { name: 'dark', label: 'Dark 2026', id: 'Dark 2026' },
  { name: 'light', label: 'Light 2026', id: 'Light 2026' },
  { name: 'high-contrast', label: 'Dark High Contrast', id: 'Default High Contrast' },
  { name: 'high-contrast-light', label: 'Light High Contrast', id: 'Default High Contrast Light' },
];

/** What the focused element of the results page is, as a screen reader would place it. */
interface Focused {
  role: string;
  row: number;
  col: number;
  rowIndex: string;
  colIndex: string;
  selected: string;
  text: string;
  /** The cell lies wholly inside the scrolled body (or is a header cell). */
  inView: boolean;
}

describe('Results grid, accessible', () => {
  let frame: Frame;

  beforeEach(async () => {
    await ui().ensureLogin('local', localServices().databend.port, UI_DATABEND_PASSWORD);
  });

  afterEach(async () => {
    await ui().closeAllEditorsWithoutSaving();
  });

  /** Opens a SQL editor with the query and runs it with Ctrl+Enter; resolves with the results page. */
  const runQuery = async (): Promise<Frame> => {
    const wb = ui();
    await wb.newSqlEditor();
    await wb.replaceEditorText(QUERY);
    await wb.page.locator('.codelens-decoration a', { hasText: '▶ Run' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await wb.page.keyboard.press('ControlOrMeta+Home');
    await wb.page.keyboard.press('ControlOrMeta+Enter');
    const results = await wb.webviewFrame('#grid');
    await results.locator('#status', { hasText: `${ROWS} rows` }).waitFor({ timeout: 30_000 });
    return results;
  };

  const focused = (): Promise<Focused> =>
    frame.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const body = document.getElementById('body') as HTMLElement;
      const box = el.getBoundingClientRect();
      const area = body.getBoundingClientRect();
      const role = el.getAttribute('role') ?? el.tagName.toLowerCase();
      return {
        role,
        row: Number(el.dataset.row ?? NaN),
        col: Number(el.dataset.col ?? NaN),
        rowIndex: el.parentElement?.getAttribute('aria-rowindex') ?? '',
        colIndex: el.getAttribute('aria-colindex') ?? '',
        selected: el.getAttribute('aria-selected') ?? '',
        text: el.textContent ?? '',
        inView: role !== 'gridcell' || (box.top >= area.top - 0.5 && box.bottom <= area.bottom + 0.5 && box.left >= area.left - 0.5 && box.right <= area.right + 0.5),
      };
    });

  it('has no serious or critical axe finding in dark, light and high-contrast themes, with a screenshot of each', async () => {
    const wb = ui();
    frame = await runQuery();
    await frame.locator('#cell-3-1').click();
    const blocking: string[] = [];
    const before = await frame.evaluate(() => ({ label: document.body.dataset.vscodeThemeName ?? '', id: document.body.dataset.vscodeThemeId ?? '' }));
    try {
      for (const theme of THEMES) {
        await wb.colorTheme(theme.label, theme.id, frame);
        await wb.screenshot(`results-${theme.name}`);
        const report = await audit(frame, `results-${theme.name}`);
        console.log(`      axe, ${theme.id}: ${report.findings.length === 0 ? 'no findings' : `\n${describeFindings(report.findings).replace(/^/gm, '        ')}`}`);
        if (report.blocking.length > 0) blocking.push(`${theme.id}:\n${describeFindings(report.blocking)}`);
      }
    } finally {
      await wb.colorTheme(before.label, before.id, frame);
    }
    assert.deepEqual(blocking, [], 'serious or critical axe findings');
  });

  it('is reached with Tab and walked with the keyboard alone, each cell in view and announced by its place', async () => {
    const wb = ui();
    const keys = wb.page.keyboard;
    frame = await runQuery();
    assert.equal(await frame.locator('#grid').getAttribute('aria-rowcount'), String(ROWS + 1));
    assert.equal(await frame.locator('#grid').getAttribute('aria-colcount'), '4');

    // The run again with the panel open: what its live region says, recorded as a screen reader hears it.
    await frame.evaluate(() => {
      const heard: string[] = ((window as unknown as { heard: string[] }).heard = []);
      const announcer = document.getElementById('announcer') as HTMLElement;
      new MutationObserver(() => announcer.textContent && heard.push(announcer.textContent)).observe(announcer, { childList: true, characterData: true, subtree: true });
    });
    await keys.press('ControlOrMeta+Enter');
    await frame.waitForFunction((rows) => (window as unknown as { heard: string[] }).heard.some((h) => h.startsWith(`${rows} rows`)), ROWS, { timeout: 30_000 });
    const heard = await frame.evaluate(() => (window as unknown as { heard: string[] }).heard);
    assert.equal(heard.filter((h) => /^\d[\d,]* rows/.test(h)).length, 1, `the outcome is said once: ${heard.join(' / ')}`);
    assert.ok(heard.length <= 3, `progress is not said on every batch: ${heard.join(' / ')}`);

    // Into the results with the keyboard: the editor group beside, then Tab.
    await wb.runCommandByKeyboard('View: Focus Next Editor Group');
    await frame.waitForFunction(() => document.hasFocus(), undefined, { timeout: 15_000 });
    for (let i = 0; i < 12 && (await focused()).role !== 'gridcell'; i++) await keys.press('Tab');
    let at = await focused();
    assert.deepEqual({ role: at.role, row: at.row, col: at.col, rowIndex: at.rowIndex, colIndex: at.colIndex, selected: at.selected }, { role: 'gridcell', row: 0, col: 0, rowIndex: '2', colIndex: '1', selected: 'true' }, 'the first Tab into the grid lands on its first cell');
    assert.equal(await frame.locator('.cell[tabindex="0"]').count(), 1, 'one cell in the tab order');
    await wb.screenshot('grid-first-cell-focused');

    const step = async (key: string, row: number, col: number) => {
      await keys.press(key);
      await frame.waitForFunction(([r, c]) => (document.activeElement as HTMLElement | null)?.id === `cell-${r + 1}-${c}`, [row, col], { timeout: 5_000 });
      at = await focused();
      assert.equal(at.selected, at.role === 'gridcell' ? 'true' : '', `${key}: the focused cell is the selected one`);
      assert.ok(at.inView, `${key}: cell ${row},${col} is scrolled into view`);
      assert.equal(at.rowIndex, String(row + 2), `${key}: aria-rowindex`);
      assert.equal(at.colIndex, String(col + 1), `${key}: aria-colindex`);
    };
    await step('ArrowRight', 0, 1);
    await step('ArrowDown', 1, 1);
    await step('ArrowDown', 2, 1);
    assert.equal(at.text, '4');
    await step('End', 2, 3);
    await step('Home', 2, 0);
    await keys.press('PageDown');
    await frame.waitForFunction(() => Number((document.activeElement as HTMLElement).dataset.row) > 2);
    at = await focused();
    assert.ok(at.inView && at.row > 2 && at.col === 0, `PageDown moves a page down, in view (row ${at.row})`);
    const paged = at.row;
    assert.ok(paged > 2);
    await step('PageUp', 2, 0);
    await step('ControlOrMeta+End', ROWS - 1, 3);
    await wb.screenshot('grid-last-cell-in-view');
    await step('ArrowLeft', ROWS - 1, 2);
    assert.equal(at.text, `row ${ROWS - 1}`);
    await step('ControlOrMeta+Home', 0, 0);
    await step('ArrowUp', -1, 0);
    assert.equal(at.role, 'columnheader');
    assert.match(at.text, /^n/);
    await step('ArrowDown', 0, 0);
    await step('ArrowDown', 1, 0);

    // Leaving and coming back: Tab returns to the cell the user left.
    await keys.press('Shift+Tab');
    await frame.waitForFunction(() => document.activeElement?.getAttribute('role') !== 'gridcell');
    await keys.press('Tab');
    await frame.waitForFunction(() => document.activeElement?.id === 'cell-2-0', undefined, { timeout: 5_000 });
    assert.equal(await frame.locator('#copy-cell').isDisabled(), false, 'Copy Cell works on the selected cell');
    await wb.screenshot('grid-focus-kept');
  });

  it("Run All's statement tabs: one in the tab order, the arrows, Home and End move between them", async () => {
    const wb = ui();
    const keys = wb.page.keyboard;
    await wb.newSqlEditor();
    await wb.replaceEditorText('SELECT 1 AS first;\nSELECT 2 AS second;\nSELECT 3 AS third;\n');
    await wb.runCommandByKeyboard('Databend: Run All Statements');
    frame = await wb.webviewFrame('#tabs .tab');
    await frame.locator('.tab', { hasText: '✓ 3 of 3' }).waitFor({ timeout: 30_000 });
    await wb.runCommandByKeyboard('View: Focus Next Editor Group');
    await frame.waitForFunction(() => document.hasFocus(), undefined, { timeout: 15_000 });
    for (let i = 0; i < 12 && !(await frame.evaluate(() => document.activeElement?.getAttribute('role') === 'tab')); i++) await keys.press('Tab');
    const state = () =>
      frame.evaluate(() => ({
        focused: document.activeElement?.textContent ?? '',
        column: document.querySelector('.header .name')?.textContent ?? '',
        inTabOrder: Array.from(document.querySelectorAll<HTMLElement>('.tab')).filter((t) => t.tabIndex === 0).length,
      }));
    assert.deepEqual(await state(), { focused: '✓ 3 of 3', column: 'third', inTabOrder: 1 }, 'Tab reaches the tab shown');
    await keys.press('ArrowLeft');
    assert.deepEqual(await state(), { focused: '✓ 2 of 3', column: 'second', inTabOrder: 1 });
    await keys.press('Home');
    assert.deepEqual(await state(), { focused: '✓ 1 of 3', column: 'first', inTabOrder: 1 });
    await keys.press('End');
    assert.deepEqual(await state(), { focused: '✓ 3 of 3', column: 'third', inTabOrder: 1 });
    await wb.screenshot('statement-tabs-focused');
  });
});
