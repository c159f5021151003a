// The results of one SQL editor's latest run, in the browser. A run has one result per
// statement (Run All: one tab each). Rows arrive in batches; only the rows in view are in
// the DOM (fixed row height), so 100,000 rows scroll as smoothly as ten. A message of
// another run than the one shown is ignored.

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
let selected: { row: number; col: number } | undefined;
let frame = 0;
/** Results with rows not yet reported as drawn. */
const unreported = new Set<number>();

const app = document.getElementById('app') as HTMLElement;
app.innerHTML = `
  <div class="toolbar">
    <span id="title" class="title"></span>
    <button id="cancel" disabled>Cancel</button>
    <button id="copy-cell" disabled title="Copy the selected cell (Ctrl+C)">Copy Cell</button>
    <button id="copy-row" disabled title="Copy the selected row as tab-separated text">Copy Row</button>
    <button id="export-csv" disabled>Export CSV</button>
    <button id="export-json" disabled>Export JSON</button>
    <button id="exact" disabled hidden title="Run the statement again and show Databend's own text for the values marked ≈">Show Exact Values</button>
  </div>
  <div id="tabs" class="tabs" role="tablist" hidden></div>
  <div id="status" class="status" role="status"></div>
  <div id="error" class="error" role="alert" hidden></div>
  <div id="grid" class="grid" tabindex="0" role="grid" aria-label="Query results">
    <div id="header" class="row header" role="row"></div>
    <div id="body" class="body"><div id="spacer" class="spacer"></div><div id="rows"></div></div>
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

function plural(n: number, word: string): string {
  return `${n.toLocaleString()} ${word}${n === 1 ? '' : 's'}`;
}

/** One line on a result: running, its rows or affected count, or how it failed. */
function statusOf(result: Result): string {
  if (result.error) return result.error.cancelled ? 'Cancelled' : 'Failed';
  const s = result.summary;
  if (!s) {
    if (cancelling) return 'Cancelling…';
    if (result.rows.length > 0) return `Running… ${plural(result.rows.length, 'row')} so far`;
    return result.queryId ? `Running… query ${result.queryId}` : 'Running…';
  }
  const parts = result.columns.length === 0 ? [`${plural(s.affectedRows, 'row')} affected`] : [plural(s.rowCount, 'row')];
  parts.push(`${s.elapsedMs.toLocaleString()} ms`);
  if (s.queryId) parts.push(`query ${s.queryId}`);
  const approximate = approximateCount(result);
  if (approximate > 0) parts.push(`${plural(approximate, 'approximate value')} (≈)`);
  if (s.truncated) parts.unshift(`Showing the first ${s.maxRows.toLocaleString()} rows (databendIam.results.maxRows)`);
  if (s.cancelled) parts.unshift('Cancelled');
  return parts.join(' · ');
}

function tabMark(result: Result): string {
  if (result.error) return result.error.cancelled ? '■' : '✗';
  if (!result.summary) return '…';
  return result.summary.cancelled ? '■' : '✓';
}

function renderTabs(): void {
  const tabs = $('tabs');
  tabs.hidden = results.length < 2;
  tabs.innerHTML = '';
  results.forEach((result, index) => {
    const tab = document.createElement('button');
    tab.className = index === current ? 'tab active' : 'tab';
    tab.setAttribute('role', 'tab');
    tab.setAttribute('aria-selected', String(index === current));
    tab.dataset.result = String(index);
    tab.title = result.sql;
    tab.textContent = `${tabMark(result)} ${result.label}`;
    tabs.appendChild(tab);
  });
}

function setButtons(): void {
  const result = shown();
  ($('cancel') as HTMLButtonElement).disabled = !running || cancelling;
  ($('copy-cell') as HTMLButtonElement).disabled = !selected;
  ($('copy-row') as HTMLButtonElement).disabled = !selected;
  const exportable = !!result?.summary && result.rows.length > 0;
  ($('export-csv') as HTMLButtonElement).disabled = !exportable;
  ($('export-json') as HTMLButtonElement).disabled = !exportable;
  const exact = $('exact') as HTMLButtonElement;
  exact.hidden = !result || approximateCount(result) === 0;
  exact.disabled = exact.hidden || running || !result?.summary;
}

function renderHeader(): void {
  $('header').innerHTML = '';
  for (const column of shown()?.columns ?? []) {
    const cell = document.createElement('div');
    cell.className = 'cell';
    cell.setAttribute('role', 'columnheader');
    cell.title = column.approx ? `${column.name}: ${column.type}\n≈ ${column.approx}` : `${column.name}: ${column.type}`;
    cell.innerHTML = '<span class="name"></span><span class="type"></span>';
    (cell.firstElementChild as HTMLElement).textContent = column.name;
    (cell.lastElementChild as HTMLElement).textContent = column.type;
    $('header').appendChild(cell);
  }
}

/** The shown result's status, error, tabs and buttons. */
function renderResult(): void {
  const result = shown();
  $('status').textContent = result ? statusOf(result) : running ? 'Running…' : '';
  const error = result?.error;
  $('error').hidden = !error;
  $('error').textContent = error ? (error.code ? `Error ${error.code}: ${error.message}` : error.message) : '';
  renderTabs();
  setButtons();
}

/** Draws the rows in view once per animation frame, however many messages came. */
function scheduleRender(): void {
  if (frame) return;
  frame = requestAnimationFrame(draw);
}

/** Draws the rows in view now, and tells how many rows each result holds. */
function draw(): void {
  if (frame) cancelAnimationFrame(frame);
  frame = 0;
  const result = shown();
  const rows = result?.rows ?? [];
  $('spacer').style.height = `${rows.length * ROW_HEIGHT}px`;
  const first = Math.max(0, Math.floor(body.scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((body.scrollTop + body.clientHeight) / ROW_HEIGHT) + OVERSCAN);
  const container = $('rows');
  container.innerHTML = '';
  for (let r = first; r < last; r++) {
    const line = document.createElement('div');
    line.className = 'row';
    line.setAttribute('role', 'row');
    line.style.top = `${r * ROW_HEIGHT}px`;
    rows[r].forEach((value, c) => {
      const cell = document.createElement('div');
      cell.className = value === null ? 'cell null' : 'cell';
      cell.setAttribute('role', 'gridcell');
      cell.dataset.row = String(r);
      cell.dataset.col = String(c);
      cell.textContent = cellText(value);
      const reason = result && approxReason(result, r, c);
      if (reason) {
        // Marked where it is seen (≈ before the text), hovered (title) and read out (label).
        cell.classList.add('approx');
        cell.title = `Approximate: ${reason}`;
        cell.setAttribute('aria-label', `${cellText(value)} (approximate: ${reason})`);
      }
      if (selected && selected.row === r && selected.col === c) cell.classList.add('selected');
      line.appendChild(cell);
    });
    container.appendChild(line);
  }
  for (const index of unreported) {
    if (results[index]) vscode.postMessage({ type: 'received', run, result: index, rows: results[index].rows.length, at: Date.now() });
  }
  unreported.clear();
}

function show(index: number): void {
  current = index;
  selected = undefined;
  body.scrollTop = 0;
  renderHeader();
  renderResult();
  scheduleRender();
}

function copy(text: string): void {
  vscode.postMessage({ type: 'copy', text });
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

body.addEventListener('scroll', () => {
  $('header').scrollLeft = body.scrollLeft;
  scheduleRender();
});
window.addEventListener('resize', scheduleRender);

grid.addEventListener('click', (event) => {
  const cell = (event.target as HTMLElement).closest('.cell') as HTMLElement | null;
  if (!cell || cell.dataset.row === undefined) return;
  selected = { row: Number(cell.dataset.row), col: Number(cell.dataset.col) };
  setButtons();
  scheduleRender();
});

grid.addEventListener('keydown', (event) => {
  const result = shown();
  if (!selected || !result) return;
  const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
  const move = moves[event.key];
  if (move) {
    selected = { row: Math.min(result.rows.length - 1, Math.max(0, selected.row + move[0])), col: Math.min(result.columns.length - 1, Math.max(0, selected.col + move[1])) };
    event.preventDefault();
    scheduleRender();
  } else if ((event.ctrlKey || event.metaKey) && event.key === 'c') {
    copy(cellText(result.rows[selected.row][selected.col]));
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
