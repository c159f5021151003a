// The results grid in the browser. Rows arrive in batches; only the rows in view are in
// the DOM (fixed row height), so 100,000 rows scroll as smoothly as ten.

import type { Cell, ResultColumn, ResultsMessage, ResultsRequest } from '../src/shared/protocol';

declare function acquireVsCodeApi(): { postMessage(message: ResultsRequest): void };
const vscode = acquireVsCodeApi();

const ROW_HEIGHT = 22;
const OVERSCAN = 10;

let columns: ResultColumn[] = [];
let rows: Cell[][] = [];
let running = false;
let selected: { row: number; col: number } | undefined;
let frame = 0;

const app = document.getElementById('app') as HTMLElement;
app.innerHTML = `
  <div class="toolbar">
    <span id="title" class="title"></span>
    <button id="cancel" disabled>Cancel</button>
    <button id="copy-cell" disabled title="Copy the selected cell (Ctrl+C)">Copy Cell</button>
    <button id="copy-row" disabled title="Copy the selected row as tab-separated text">Copy Row</button>
    <button id="export-csv" disabled>Export CSV</button>
    <button id="export-json" disabled>Export JSON</button>
  </div>
  <div id="status" class="status" role="status"></div>
  <div id="error" class="error" role="alert" hidden></div>
  <div id="grid" class="grid" tabindex="0" role="grid" aria-label="Query results">
    <div id="header" class="row header" role="row"></div>
    <div id="body" class="body"><div id="spacer" class="spacer"></div><div id="rows"></div></div>
  </div>`;

const $ = (id: string) => document.getElementById(id) as HTMLElement;
const grid = $('grid');
const body = $('body');

function cellText(value: Cell): string {
  return value === null ? 'NULL' : value;
}

function setButtons(): void {
  ($('cancel') as HTMLButtonElement).disabled = !running;
  ($('copy-cell') as HTMLButtonElement).disabled = !selected;
  ($('copy-row') as HTMLButtonElement).disabled = !selected;
  ($('export-csv') as HTMLButtonElement).disabled = running || rows.length === 0;
  ($('export-json') as HTMLButtonElement).disabled = running || rows.length === 0;
}

function renderHeader(): void {
  $('header').innerHTML = '';
  for (const column of columns) {
    const cell = document.createElement('div');
    cell.className = 'cell';
    cell.setAttribute('role', 'columnheader');
    cell.title = `${column.name}: ${column.type}`;
    cell.innerHTML = '<span class="name"></span><span class="type"></span>';
    (cell.firstElementChild as HTMLElement).textContent = column.name;
    (cell.lastElementChild as HTMLElement).textContent = column.type;
    $('header').appendChild(cell);
  }
}

/** Draws the rows in view, once per animation frame however many batches arrived. */
function scheduleRender(): void {
  if (frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
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
        if (selected && selected.row === r && selected.col === c) cell.classList.add('selected');
        line.appendChild(cell);
      });
      container.appendChild(line);
    }
  });
}

function status(text: string): void {
  $('status').textContent = text;
}

function copy(text: string): void {
  vscode.postMessage({ type: 'copy', text });
}

window.addEventListener('message', (event: MessageEvent<ResultsMessage>) => {
  const message = event.data;
  switch (message.type) {
    case 'start':
      columns = [];
      rows = [];
      selected = undefined;
      running = true;
      $('title').textContent = `${message.statement} on ${message.login}`;
      $('title').title = message.sql;
      $('error').hidden = true;
      status('Running…');
      renderHeader();
      break;
    case 'columns':
      columns = message.columns;
      renderHeader();
      status(`Running… query ${message.queryId}`);
      break;
    case 'rows':
      rows.push(...message.rows);
      status(`Running… ${rows.length.toLocaleString()} rows so far`);
      break;
    case 'done': {
      running = false;
      const parts =
        columns.length === 0
          ? [`${message.affectedRows.toLocaleString()} row${message.affectedRows === 1 ? '' : 's'} affected`]
          : [`${message.rowCount.toLocaleString()} row${message.rowCount === 1 ? '' : 's'}`];
      parts.push(`${message.elapsedMs.toLocaleString()} ms`, `query ${message.queryId}`);
      if (message.truncated) parts.unshift(`Showing the first ${message.maxRows.toLocaleString()} rows (databendIam.results.maxRows)`);
      if (message.cancelled) parts.unshift('Cancelled');
      status(parts.join(' · '));
      break;
    }
    case 'error':
      running = false;
      $('error').hidden = false;
      $('error').textContent = message.code ? `Error ${message.code}: ${message.message}` : message.message;
      status(message.message.startsWith('Cancelled') ? 'Cancelled' : 'Failed');
      break;
  }
  setButtons();
  scheduleRender();
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
  if (!selected) return;
  const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
  const move = moves[event.key];
  if (move) {
    selected = { row: Math.min(rows.length - 1, Math.max(0, selected.row + move[0])), col: Math.min(columns.length - 1, Math.max(0, selected.col + move[1])) };
    event.preventDefault();
    scheduleRender();
  } else if ((event.ctrlKey || event.metaKey) && event.key === 'c') {
    copy(cellText(rows[selected.row][selected.col]));
    event.preventDefault();
  }
});

$('cancel').addEventListener('click', () => vscode.postMessage({ type: 'cancel' }));
$('copy-cell').addEventListener('click', () => selected && copy(cellText(rows[selected.row][selected.col])));
$('copy-row').addEventListener('click', () => selected && copy(rows[selected.row].map(cellText).join('\t')));
$('export-csv').addEventListener('click', () => vscode.postMessage({ type: 'export', format: 'csv' }));
$('export-json').addEventListener('click', () => vscode.postMessage({ type: 'export', format: 'json' }));

setButtons();
vscode.postMessage({ type: 'ready' });
