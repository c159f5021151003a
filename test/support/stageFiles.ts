// Small data files in every format Databend reads from a stage, holding the same rows, for
// tests that put them under awkward names and read them back through SQL. Parquet and ORC
// come from pyarrow in the local Databend's Python environment; Avro is written here (an
// object container file: header, one block, no compression).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ensureDatabend } from './prepare';

/** The rows every sample file holds: an id and a name. */
export const SAMPLE_ROWS: readonly [number, string][] = [
  [1, 'ada'],
  [2, 'grace'],
];

function zigzagVarint(n: number): number[] {
  let z = BigInt(n) >= 0n ? BigInt(n) << 1n : ((-BigInt(n)) << 1n) - 1n;
  const out: number[] = [];
  do {
    let byte = Number(z & 0x7fn);
    z >>= 7n;
    if (z > 0n) byte |= 0x80;
    out.push(byte);
  } while (z > 0n);
  return out;
}

function avroBytes(data: Uint8Array): number[] {
  return [...zigzagVarint(data.length), ...data];
}

/** An Avro object container file of SAMPLE_ROWS, record {id: long, name: string}. */
export function avroFile(): Buffer {
  const text = (s: string) => new TextEncoder().encode(s);
  const schema = JSON.stringify({ type: 'record', name: 'sample', fields: [{ name: 'id', type: 'long' }, { name: 'name', type: 'string' }] });
  const sync = Array.from({ length: 16 }, (_v, i) => (i * 37 + 11) & 0xff);
  const header = [...text('Obj'), 1, ...zigzagVarint(2), ...avroBytes(text('avro.schema')), ...avroBytes(text(schema)), ...avroBytes(text('avro.codec')), ...avroBytes(text('null')), 0, ...sync];
  const records = SAMPLE_ROWS.flatMap(([id, name]) => [...zigzagVarint(id), ...avroBytes(text(name))]);
  return Buffer.from([...header, ...zigzagVarint(SAMPLE_ROWS.length), ...zigzagVarint(records.length), ...records, ...sync]);
}

/** Parquet and ORC files of SAMPLE_ROWS, written by pyarrow. */
function arrowFiles(): { parquet: Buffer; orc: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'stage-files-'));
  try {
    const script = [
      'import sys, pyarrow as pa, pyarrow.parquet as pq, pyarrow.orc as orc',
      `t = pa.table({"id": pa.array([${SAMPLE_ROWS.map(([id]) => id).join(',')}], pa.int64()), "name": pa.array(${JSON.stringify(SAMPLE_ROWS.map(([, n]) => n))}, pa.string())})`,
      'pq.write_table(t, sys.argv[1] + "/f.parquet")',
      'orc.write_table(t, sys.argv[1] + "/f.orc")',
    ].join('\n');
    const run = spawnSync(ensureDatabend(), ['-c', script, dir], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`pyarrow could not write the sample files: ${run.stderr}`);
    return { parquet: readFileSync(join(dir, 'f.parquet')), orc: readFileSync(join(dir, 'f.orc')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The same rows as each file extension a stage may hold. */
export function sampleFiles(): Record<string, Buffer> {
  const csv = `id,name\n${SAMPLE_ROWS.map((r) => r.join(',')).join('\n')}\n`;
  const { parquet, orc } = arrowFiles();
  return {
    csv: Buffer.from(csv),
    'csv.gz': gzipSync(csv),
    // Databend's COMPRESSION = AUTO knows only lower-case suffixes: these need the explicit name.
    'csv.GZ': gzipSync(csv),
    'csv.gzip': gzipSync(csv),
    tsv: Buffer.from(`id\tname\n${SAMPLE_ROWS.map((r) => r.join('\t')).join('\n')}\n`),
    ndjson: Buffer.from(SAMPLE_ROWS.map(([id, name]) => JSON.stringify({ id, name })).join('\n') + '\n'),
    jsonl: Buffer.from(SAMPLE_ROWS.map(([id, name]) => JSON.stringify({ id, name })).join('\n') + '\n'),
    json: Buffer.from(SAMPLE_ROWS.map(([id, name]) => JSON.stringify({ id, name })).join('\n') + '\n'),
    parquet,
    orc,
    avro: avroFile(),
    txt: Buffer.from(`id name\n${SAMPLE_ROWS.map((r) => r.join(' ')).join('\n')}\n`),
  };
}
