// Real Parquet files for tests, written by pyarrow (the local Databend's venv has it).

import { execFileSync } from 'node:child_process';
import { ensureDatabend } from './prepare';

const WRITE = `
import io, json, sys
import pyarrow as pa, pyarrow.parquet as pq
out = io.BytesIO()
pq.write_table(pa.table(json.load(sys.stdin)), out)
sys.stdout.buffer.write(out.getvalue())
`;

/**
 * The bytes of a Parquet file holding `columns` (name → values, all of one length;
 * pyarrow infers the types: int64 for integers, string for text).
 */
export function parquetBytes(columns: Record<string, (string | number)[]>): Buffer {
  return execFileSync(ensureDatabend(), ['-c', WRITE], { input: JSON.stringify(columns), maxBuffer: 64 * 1024 * 1024 });
}
