// Messages between the extension and its webviews, typed once for both sides. Anything a
// webview sends is checked with the guards below before the extension acts on it.

export type Cell = string | null;

export interface ResultColumn {
  name: string;
  type: string;
}

/** Extension → results webview. */
export type ResultsMessage =
  | { type: 'start'; sql: string; connection: string; statement: string }
  | { type: 'columns'; columns: ResultColumn[]; queryId: string }
  | { type: 'rows'; rows: Cell[][] }
  | { type: 'done'; rowCount: number; elapsedMs: number; truncated: boolean; affectedRows: number; maxRows: number; cancelled: boolean; queryId: string }
  | { type: 'error'; message: string; code?: number };

/** Results webview → extension. */
export type ResultsRequest = { type: 'ready' } | { type: 'cancel' } | { type: 'export'; format: 'csv' | 'json' } | { type: 'copy'; text: string };

export function isResultsRequest(value: unknown): value is ResultsRequest {
  if (!value || typeof value !== 'object') return false;
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'cancel':
      return Object.keys(m).length === 1;
    case 'export':
      return (m.format === 'csv' || m.format === 'json') && Object.keys(m).length === 2;
    case 'copy':
      return typeof m.text === 'string' && m.text.length <= 10_000_000 && Object.keys(m).length === 2;
    default:
      return false;
  }
}
