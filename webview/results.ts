// The results of one SQL editor's latest run, in the browser. A run has one result per
// statement (Run All: one tab each). Rows arrive in batches; only the rows in view are in
// the DOM (fixed row height), so 100,000 rows scroll as smoothly as ten. A message of
// another run than the one shown is ignored.
//
// The grid follows the WAI-ARIA grid pattern: one cell is in the tab order (roving
// tabindex), the arrows, Home/End, PageUp/PageDown and Ctrl+Home/End move it, and it is
// always drawn and scrolled into view; rows and cells carry their index in the whole
// result (aria-rowindex/aria-colindex), since only the rows in view exist. A polite live
// region says the progress at most once a second and each result's outcome once.

import * as l10n from '@vscode/l10n';
import { decodeRows } from '../src/core/cells';
import type { Cell, ResultColumn, ResultsMessage, ResultsRequest, ResultSummary } from '../src/shared/protocol';

declare function acquireVsCodeApi(): { postMessage(message: ResultsRequest): void };
const vscode = acquireVsCodeApi();

const ROW_HEIGHT = 22;
const OVERSCAN = 10;

interface Result {
  label: string;
  sql: string;
  queryId: string;
  columns: ResultColumn[];
  rows: Cell[][];
  /** "row,column" of the approximate cells of columns marked cell by cell. */
  approx: Set<string>;
  summary?: ResultSummary;
  error?: { message: string; code?: number; cancelled: boolean };
}

let run = 0;
let running = false;
let cancelling = false;
let results: Result[] = [];
/** The result shown; follows the newest statement until the user picks a tab. */
let current = -1;
let picked = false;
/** The active cell (selection follows focus); row -1 is the header row. */
let selected: { row: number; col: number } | undefined;
let frame = 0;
/** Announcements: the last text spoken, when, and a pending one (at most one a second). */
const ANNOUNCE_EVERY_MS = 1000;
let announced = { text: '', at: 0 };
let announceTimer = 0;
/** Results with rows not yet reported as drawn. */
const unreported = new Set<number>();

const app = document.getElementById('app') as HTMLElement;
app.innerHTML = `
  <div class="toolbar">
    <h1 id="title" class="title"></h1>
    <button id="cancel" disabled>${l10n.t('Cancel')}</button>
    <button id="copy-cell" disabled title="${l10n.t('Copy the selected cell (Ctrl+C)')}">${l10n.t('Copy Cell')}</button>
    <button id="copy-row" disabled title="${l10n.t('Copy the selected row as tab-separated text')}">${l10n.t('Copy Row')}</button>
    <button id="export-csv" disabled>${l10n.t('Export CSV')}</button>
    <button id="export-json" disabled>${l10n.t('Export JSON')}</button>
    <button id="exact" disabled hidden title="${l10n.t("Run the statement again and show Databend's own text for the values marked ≈")}">${l10n.t('Show Exact Values')}</button>
  </div>
  <div id="tabs" class="tabs" role="tablist" aria-label="${l10n.t('Statements')}" hidden></div>
  <div id="status" class="status"></div>
  <div id="announcer" class="visually-hidden" role="status" aria-live="polite" aria-atomic="true"></div>
  <div id="error" class="error" role="alert" hidden></div>
  <div id="grid" class="grid" role="grid" aria-label="${l10n.t('Query results')}" aria-rowcount="1" aria-colcount="0" hidden>
    <div role="rowgroup" class="headgroup"><div id="header" class="row header" role="row" aria-rowindex="1"></div></div>
    <div id="body" class="body"><div id="spacer" class="spacer"></div><div id="rows" role="rowgroup"></div></div>
  </div>`;

const $ = (id: string) => document.getElementById(id) as HTMLElement;
const grid = $('grid');
const body = $('body');

const shown = (): Result | undefined => results[current];

function cellText(value: Cell): string {
  return value === null ? 'NULL' : value;
}

/** Why the cell is approximate (its column's reason), or undefined when it is Databend's exact text. */
function approxReason(result: Result, row: number, col: number): string | undefined {
  const column = result.columns[col];
  if (!column?.approx || result.rows[row]?.[col] === null) return undefined;
  return column.approxEvery || result.approx.has(`${row},${col}`) ? column.approx : undefined;
}

function approximateCount(result: Result): number {
  let count = result.approx.size;
  result.columns.forEach((column, c) => {
    if (column.approx && column.approxEvery) for (const row of result.rows) if (row[c] !== null) count += 1;
  });
  return count;
}

/** "1 row", "1,234 rows": a whole phrase for each, with the count as the display language writes it. */
function countRows(n: number): string {
  return n === 1 ? l10n.t('{0} row', n.toLocaleString()) : l10n.t('{0} rows', n.toLocaleString());
}

/** One line on a result: running, its rows or affected count, or how it failed. */
function statusOf(result: Result): string {
  if (result.error) return result.error.cancelled ? l10n.t('Cancelled') : l10n.t('Failed');
  const s = result.summary;
  if (!s) {
    if (cancelling) return l10n.t('Cancelling…');
    if (result.rows.length > 0) return l10n.t('Running… {0} so far', countRows(result.rows.length));
    return result.queryId ? l10n.t('Running… query {0}', result.queryId) : l10n.t('Running…');
  }
  const parts = result.columns.length === 0 ? [l10n.t('{0} affected', countRows(s.affectedRows))] : [countRows(s.rowCount)];
  parts.push(l10n.t('{0} ms', s.elapsedMs.toLocaleString()));
  if (s.queryId) parts.push(l10n.t('query {0}', s.queryId));
  const approximate = approximateCount(result);
  if (approximate > 0) {
    parts.push(approximate === 1 ? l10n.t('{0} approximate value (≈)', approximate.toLocaleString()) : l10n.t('{0} approximate values (≈)', approximate.toLocaleString()));
  }
  if (s.truncated) parts.unshift(l10n.t('Showing the first {0} rows (databendIam.results.maxRows)', s.maxRows.toLocaleString()));
  if (s.cancelled) parts.unshift(l10n.t('Cancelled'));
  return parts.join(' · ');
}

function tabMark(result: Result): string {
  if (result.error) return result.error.cancelled ? '■' : '✗';
  if (!result.summary) return '…';
  return result.summary.cancelled ? '■' : '✓';
}

function renderTabs(): void {
  const tabs = $('tabs');
  // Redrawn on every message: a focused tab keeps the focus.
  const focused = tabs.contains(document.activeElement) ? (document.activeElement as HTMLElement).dataset.result : undefined;
  tabs.hidden = results.length < 2;
  tabs.innerHTML = '';
  results.forEach((result, index) => {
    const tab = document.createElement('button');
    tab.className = index === current ? 'tab active' : 'tab';
    tab.setAttribute('role', 'tab');
    tab.setAttribute('aria-selected', String(index === current));
    tab.setAttribute('aria-controls', 'grid');
    // One tab in the tab order; the arrows move between them (the WAI-ARIA tabs pattern).
    tab.tabIndex = index === current ? 0 : -1;
    tab.dataset.result = String(index);
    tab.title = result.sql;
    tab.textContent = `${tabMark(result)} ${result.label}`;
    tabs.appendChild(tab);
    if (tab.dataset.result === focused) tab.focus();
  });
}

function setButtons(): void {
  const result = shown();
  ($('cancel') as HTMLButtonElement).disabled = !running || cancelling;
  const onRow = !!selected && selected.row >= 0;
  ($('copy-cell') as HTMLButtonElement).disabled = !onRow;
  ($('copy-row') as HTMLButtonElement).disabled = !onRow;
  const exportable = !!result?.summary && result.rows.length > 0;
  ($('export-csv') as HTMLButtonElement).disabled = !exportable;
  ($('export-json') as HTMLButtonElement).disabled = !exportable;
  const exact = $('exact') as HTMLButtonElement;
  exact.hidden = !result || approximateCount(result) === 0;
  exact.disabled = exact.hidden || running || !result?.summary;
}

/** A cell of the grid: the header's (row -1) or a row's, with its place in the whole result. */
function makeCell(row: number, col: number): HTMLElement {
  const cell = document.createElement('div');
  cell.className = 'cell';
  cell.setAttribute('role', row < 0 ? 'columnheader' : 'gridcell');
  cell.setAttribute('aria-colindex', String(col + 1));
  cell.tabIndex = -1;
  cell.dataset.row = String(row);
  cell.dataset.col = String(col);
  cell.id = `cell-${row + 1}-${col}`;
  return cell;
}

function renderHeader(): void {
  $('header').innerHTML = '';
  const columns = shown()?.columns ?? [];
  grid.hidden = columns.length === 0;
  grid.setAttribute('aria-colcount', String(columns.length));
  columns.forEach((column, c) => {
    const cell = makeCell(-1, c);
    cell.title = column.approx ? `${column.name}: ${column.type}\n≈ ${column.approx}` : `${column.name}: ${column.type}`;
    cell.innerHTML = '<span class="name"></span><span class="type"></span>';
    (cell.firstElementChild as HTMLElement).textContent = column.name;
    (cell.lastElementChild as HTMLElement).textContent = column.type;
    $('header').appendChild(cell);
  });
  updateCells();
}

/**
 * Puts `text` in the live region: progress at most once a second (the latest text, at the
 * end of the second), an outcome (`final`) at once; the same text is never said twice.
 */
function announce(text: string, final: boolean): void {
  clearTimeout(announceTimer);
  announceTimer = 0;
  if (!text || text === announced.text) return;
  const say = () => {
    announceTimer = 0;
    announced = { text, at: Date.now() };
    $('announcer').textContent = text;
  };
  const wait = final ? 0 : announced.at + ANNOUNCE_EVERY_MS - Date.now();
  if (wait <= 0) say();
  else announceTimer = window.setTimeout(say, wait);
}

/** The shown result's status, error, tabs and buttons. */
function renderResult(): void {
  const result = shown();
  const status = result ? statusOf(result) : running ? 'Running…' : '';
  $('status').textContent = status;
  // An error is spoken by its alert; the rest through the live region.
  if (!result?.error) announce(status, !!result?.summary || !running);
  const error = result?.error;
  $('error').hidden = !error;
  $('error').textContent = error ? (error.code ? l10n.t('Error {0}: {1}', error.code, error.message) : error.message) : '';
  renderTabs();
  setButtons();
}

/** Draws the rows in view once per animation frame, however many messages came. */
function scheduleRender(): void {
  if (frame) return;
  frame = requestAnimationFrame(draw);
}

/** The drawn rows of the shown result, by row index (rows only grow, so a drawn row stays right). */
const drawn = new Map<number, HTMLElement>();

/** The active cell: the one in the tab order. Until the user moves, the first row's first cell. */
function active(): { row: number; col: number } {
  if (selected) return selected;
  return { row: (shown()?.rows.length ?? 0) > 0 ? 0 : -1, col: 0 };
}

function cellElement(row: number, col: number): HTMLElement | null {
  return document.getElementById(`cell-${row + 1}-${col}`);
}

/** One cell in the tab order, the selected one marked (aria-selected and drawn so). */
function updateCells(): void {
  const at = active();
  for (const cell of Array.from(grid.querySelectorAll<HTMLElement>('.cell'))) {
    const isActive = Number(cell.dataset.row) === at.row && Number(cell.dataset.col) === at.col;
    cell.tabIndex = isActive ? 0 : -1;
    const isSelected = isActive && !!selected;
    cell.classList.toggle('selected', isSelected);
    if (cell.getAttribute('role') === 'gridcell') cell.setAttribute('aria-selected', String(isSelected));
  }
}

/** Draws the rows in view (and the active cell's row) now, and tells how many rows each result holds. */
function draw(): void {
  if (frame) cancelAnimationFrame(frame);
  frame = 0;
  const result = shown();
  const rows = result?.rows ?? [];
  grid.setAttribute('aria-rowcount', String(rows.length + 1));
  $('spacer').style.height = `${rows.length * ROW_HEIGHT}px`;
  const first = Math.max(0, Math.floor(body.scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((body.scrollTop + body.clientHeight) / ROW_HEIGHT) + OVERSCAN);
  const wanted = new Set<number>();
  for (let r = first; r < last; r++) wanted.add(r);
  const at = active();
  // The focused cell is never taken out of the page, wherever the view scrolled.
  if (at.row >= 0 && at.row < rows.length) wanted.add(at.row);
  for (const [r, line] of drawn) {
    if (!wanted.has(r)) {
      line.remove();
      drawn.delete(r);
    }
  }
  const container = $('rows');
  for (const r of wanted) {
    if (drawn.has(r)) continue;
    const line = document.createElement('div');
    line.className = 'row';
    line.setAttribute('role', 'row');
    line.setAttribute('aria-rowindex', String(r + 2));
    line.style.top = `${r * ROW_HEIGHT}px`;
    rows[r].forEach((value, c) => {
      const cell = makeCell(r, c);
      if (value === null) cell.classList.add('null');
      cell.textContent = cellText(value);
      const reason = result && approxReason(result, r, c);
      if (reason) {
        // Marked where it is seen (≈ before the text), hovered (title) and read out (label).
        cell.classList.add('approx');
        cell.title = l10n.t('Approximate: {0}', reason);
        cell.setAttribute('aria-label', l10n.t('{0} (approximate: {1})', cellText(value), reason));
      }
      line.appendChild(cell);
    });
    container.appendChild(line);
    drawn.set(r, line);
  }
  updateCells();
  for (const index of unreported) {
    if (results[index]) vscode.postMessage({ type: 'received', run, result: index, rows: results[index].rows.length, at: Date.now() });
  }
  unreported.clear();
}

function clearRows(): void {
  drawn.clear();
  $('rows').innerHTML = '';
}

function show(index: number): void {
  current = index;
  selected = undefined;
  body.scrollTop = 0;
  clearRows();
  renderHeader();
  renderResult();
  scheduleRender();
}

function copy(text: string): void {
  vscode.postMessage({ type: 'copy', text });
}

/** Scrolls the body so the cell is in full view (the header row is always in view). */
function scrollToCell(row: number, col: number): void {
  const cell = cellElement(-1, col);
  const left = cell ? cell.offsetLeft : 0;
  const width = cell ? cell.offsetWidth : 0;
  if (left < body.scrollLeft) body.scrollLeft = left;
  else if (left + width > body.scrollLeft + body.clientWidth) body.scrollLeft = left + width - body.clientWidth;
  $('header').scrollLeft = body.scrollLeft;
  if (row < 0) return;
  const top = row * ROW_HEIGHT;
  if (top < body.scrollTop) body.scrollTop = top;
  else if (top + ROW_HEIGHT > body.scrollTop + body.clientHeight) body.scrollTop = top + ROW_HEIGHT - body.clientHeight;
}

/** Makes a cell the active, selected one: scrolled into view, drawn, and focused. */
function moveTo(row: number, col: number): void {
  const result = shown();
  if (!result || result.columns.length === 0) return;
  const r = Math.min(result.rows.length - 1, Math.max(-1, row));
  const c = Math.min(result.columns.length - 1, Math.max(0, col));
  selected = { row: r, col: c };
  scrollToCell(r, c);
  draw();
  cellElement(r, c)?.focus({ preventScroll: true });
  setButtons();
}

window.addEventListener('message', (event: MessageEvent<ResultsMessage>) => {
  const message = event.data;
  if (message.type === 'run') {
    run = message.run;
    running = true;
    cancelling = false;
    results = [];
    unreported.clear();
    picked = false;
    $('title').textContent = message.title;
    show(-1);
    return;
  }
  if (message.run !== run) return;
  switch (message.type) {
    case 'start':
      results[message.result] = { label: message.label, sql: message.sql, queryId: '', columns: [], rows: [], approx: new Set() };
      $('title').title = message.sql;
      if (!picked) show(message.result);
      else renderResult();
      return;
    case 'queryId':
      if (results[message.result]) results[message.result].queryId = message.queryId;
      break;
    case 'columns':
      if (!results[message.result]) return;
      results[message.result].columns = message.columns;
      if (message.result === current) renderHeader();
      break;
    case 'rows': {
      const result = results[message.result];
      if (!result) return;
      const offset = result.rows.length;
      for (let i = 0; i < message.approx.length; i += 2) result.approx.add(`${offset + message.approx[i]},${message.approx[i + 1]}`);
      for (const row of decodeRows(message.rows, message.count)) result.rows.push(row);
      unreported.add(message.result);
      // Rows of the result on screen are drawn at once, not a frame later.
      if (message.result === current) {
        renderResult();
        draw();
        return;
      }
      break;
    }
    case 'done': {
      const { type: _type, run: _run, result: index, ...summary } = message;
      if (!results[index]) return;
      results[index].summary = summary;
      results[index].queryId = summary.queryId || results[index].queryId;
      break;
    }
    case 'error':
      if (!results[message.result]) return;
      results[message.result].error = { message: message.message, code: message.code, cancelled: message.cancelled };
      // A failed statement is what the user wants to see.
      if (!picked && current !== message.result) {
        show(message.result);
        return;
      }
      break;
    case 'cancelling':
      cancelling = true;
      break;
    case 'end':
      running = false;
      break;
  }
  renderResult();
  scheduleRender();
});

$('tabs').addEventListener('click', (event) => {
  const tab = (event.target as HTMLElement).closest('.tab') as HTMLElement | null;
  if (!tab?.dataset.result) return;
  picked = true;
  show(Number(tab.dataset.result));
});

$('tabs').addEventListener('keydown', (event) => {
  const moves: Record<string, (i: number) => number> = {
    ArrowLeft: (i) => (i - 1 + results.length) % results.length,
    ArrowRight: (i) => (i + 1) % results.length,
    Home: () => 0,
    End: () => results.length - 1,
  };
  const move = moves[event.key];
  if (!move || results.length < 2) return;
  event.preventDefault();
  picked = true;
  show(move(Math.max(0, current)));
  ($('tabs').querySelector(`[data-result="${current}"]`) as HTMLElement | null)?.focus();
});

body.addEventListener('scroll', () => {
  $('header').scrollLeft = body.scrollLeft;
  scheduleRender();
});
window.addEventListener('resize', scheduleRender);

grid.addEventListener('click', (event) => {
  const cell = (event.target as HTMLElement).closest('.cell') as HTMLElement | null;
  if (!cell || cell.dataset.row === undefined) return;
  moveTo(Number(cell.dataset.row), Number(cell.dataset.col));
});

// Tab into the grid selects the cell it lands on: selection follows focus.
grid.addEventListener('focusin', (event) => {
  const cell = (event.target as HTMLElement).closest('.cell') as HTMLElement | null;
  if (!cell || selected) return;
  selected = { row: Number(cell.dataset.row), col: Number(cell.dataset.col) };
  updateCells();
  setButtons();
});

grid.addEventListener('keydown', (event) => {
  const result = shown();
  if (!result || result.columns.length === 0) return;
  const at = active();
  const lastRow = result.rows.length - 1;
  const lastCol = result.columns.length - 1;
  const page = Math.max(1, Math.floor(body.clientHeight / ROW_HEIGHT) - 1);
  const ctrl = event.ctrlKey || event.metaKey;
  const targets: Record<string, () => [number, number]> = {
    ArrowUp: () => [at.row - 1, at.col],
    ArrowDown: () => [at.row + 1, at.col],
    ArrowLeft: () => [at.row, at.col - 1],
    ArrowRight: () => [at.row, at.col + 1],
    Home: () => (ctrl ? [Math.min(0, lastRow), 0] : [at.row, 0]),
    End: () => (ctrl ? [lastRow, lastCol] : [at.row, lastCol]),
    PageUp: () => [Math.max(Math.min(0, lastRow), at.row - page), at.col],
    PageDown: () => [at.row + page, at.col],
  };
  const target = targets[event.key];
  if (target) {
    event.preventDefault();
    moveTo(...target());
  } else if (ctrl && event.key === 'c') {
    const row = result.rows[at.row];
    copy(row ? cellText(row[at.col]) : result.columns[at.col].name);
    event.preventDefault();
  }
});

const selectedRow = (): Cell[] | undefined => (selected ? shown()?.rows[selected.row] : undefined);
$('cancel').addEventListener('click', () => vscode.postMessage({ type: 'cancel', run }));
$('copy-cell').addEventListener('click', () => {
  const row = selectedRow();
  if (row && selected) copy(cellText(row[selected.col]));
});
$('copy-row').addEventListener('click', () => {
  const row = selectedRow();
  if (row) copy(row.map(cellText).join('\t'));
});
$('export-csv').addEventListener('click', () => vscode.postMessage({ type: 'export', format: 'csv', run, result: current }));
$('export-json').addEventListener('click', () => vscode.postMessage({ type: 'export', format: 'json', run, result: current }));
$('exact').addEventListener('click', () => vscode.postMessage({ type: 'exact', run, result: current }));

setButtons();
vscode.postMessage({ type: 'ready' });
