// The SQL the extension writes for a stage file, run on the local engine: files in every
// format, under names with spaces, parentheses, quotes, #, %, backslashes, wildcards and
// non-ASCII letters, on a moto bucket behind an access-key connection, read back exactly.
//
// The bucket is on a moto of this file's own: moto (5.2.1 here) stops answering after about
// 240 ranged GETs (seen with the plain SDK too), and reading Parquet, ORC and Avro takes
// several; a shared moto would make these reads depend on what ran before.

import * as assert from 'node:assert/strict';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Client, Connection } from 'databend-driver';
import { quoteString, stageFileColumnsSql, stageFileFormat, stageFileLocation, stageFileStatements, unreadableStageFile } from '../../src/core/sql';
import { Moto, MOTO_CREDENTIALS, startMoto } from '../support/moto';
import { SAMPLE_ROWS, sampleFiles } from '../support/stageFiles';
import { localDatabend } from './fixtures';

const BUCKET = 'stage-file-names';

/** Names as users have them; each is stored as CSV and as Parquet. */
/** Keys the engine may normalise before it asks the storage (found by a trial), and near misses it reads. */
const EDGE_NAMES = [' lead.csv', 'trail.csv ', 'a//b.csv', 'dir/../x.csv', 'dir /x.csv', 'dir/ y.csv', 'in side/q 1.csv', 'dots..csv', '.hidden.csv'];

const NAMES = [
  'report (1)',
  'Sales Reports/Q1 2024',
  "it's",
  'say "hi"',
  'hash#1',
  'pct%20x',
  'Ümlaut é 日本',
  'back\\slash',
  'star*',
  'q?',
  '[a]',
  'semi;colon, comma',
  '@at $dollar',
  'dir (x)/sub dir/deep',
];

/** The awkward name every format is stored under. */
const FORMATS_NAME = 'Sales Reports/Q1 (2024) "final" #1 é';

const json = (rows: unknown[][]) => JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));

/** What reading a sample file gives, by format. */
function expectedRows(extension: string): unknown[][] {
  const { type } = stageFileFormat(`x.${extension}`);
  switch (type) {
    case 'PARQUET':
    case 'ORC':
      return SAMPLE_ROWS.map(([id, name]) => [id, name]);
    case 'NDJSON':
    case 'AVRO':
      return SAMPLE_ROWS.map(([id, name]) => [JSON.stringify({ id, name })]);
    case 'TEXT':
      return [['id name'], ...SAMPLE_ROWS.map(([id, name]) => [`${id} ${name}`])];
    default:
      return [['id', 'name'], ...SAMPLE_ROWS.map(([id, name]) => [String(id), name])];
  }
}

describe('stage file SQL on the local engine', function () {
  this.timeout(300_000);
  let files: Record<string, Buffer>;
  let endpoint: string;
  let moto: Moto | undefined;

  before(async function () {
    moto = await startMoto();
    endpoint = moto.endpoint;
    const s3 = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: MOTO_CREDENTIALS });
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    files = sampleFiles();
    const put = async (Key: string, Body: Buffer | string) => s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body }));
    for (const name of NAMES) {
      await put(`${name}.csv`, files.csv);
      await put(`${name}.parquet`, files.parquet);
    }
    for (const [extension, body] of Object.entries(files)) await put(`${FORMATS_NAME}.${extension}`, body);
    for (const name of EDGE_NAMES) await put(name, files.csv);
    // A file whose name starts with another's: reading one must not read both.
    await put('exact.csv', 'only,this\n');
    await put('exact.csv.bak', 'not,this\n');
    s3.destroy();
  });

  after(async () => {
    await moto?.stop();
  });

  /** The shared local Databend with the stage on this file's bucket. */
  async function withEngine(run: (read: Reader) => Promise<void>): Promise<void> {
    const conn = await new Client((await localDatabend()).dsn).getConn();
    try {
      await conn.exec(
        `CREATE OR REPLACE CONNECTION stage_files_keys STORAGE_TYPE = 's3' ENDPOINT_URL = ${quoteString(endpoint)} ` +
          `ACCESS_KEY_ID = 'testing' SECRET_ACCESS_KEY = 'testing' REGION = 'us-east-1'`,
      );
      await conn.exec(`CREATE OR REPLACE STAGE stage_files URL = 's3://${BUCKET}/' CONNECTION = (CONNECTION_NAME = 'stage_files_keys')`);
      await run(new Reader(conn));
    } finally {
      await conn.exec('DROP STAGE IF EXISTS stage_files').catch(() => undefined);
      await conn.close();
    }
  }

  it('reads a file of each name (CSV and Parquet), exactly that file; LIST shows the names as stored', async () => {
    await withEngine(async (engine) => {
      const listed = (await engine.rows('LIST @stage_files')).map((r) => r[0]);
      for (const name of NAMES) assert.ok(listed.includes(`${name}.csv`), `${name}.csv is listed`);
      for (const name of NAMES) {
        assert.equal(json(await engine.read(`${name}.csv`)), json(expectedRows('csv')), `${name}.csv`);
        assert.equal(json(await engine.read(`${name}.parquet`)), json(expectedRows('parquet')), `${name}.parquet`);
      }
    });
  });

  it('reads a file of each format (csv, csv.gz, csv.GZ, csv.gzip, tsv, ndjson, jsonl, json, parquet, orc, avro, txt) in that format', async () => {
    await withEngine(async (engine) => {
      for (const extension of Object.keys(files)) {
        const path = `${FORMATS_NAME}.${extension}`;
        // Where INFER_SCHEMA cannot count the columns (a compression suffix it does not know), the SELECT reads $1.
        const counted = stageFileColumnsSql('stage_files', path) !== undefined || !['CSV', 'TSV', 'TEXT'].includes(stageFileFormat(path).type);
        const expected = counted ? expectedRows(extension) : expectedRows(extension).map((row) => row.slice(0, 1));
        assert.equal(json(await engine.read(path)), json(expected), path);
      }
    });
  });

  it('says which listed files Databend cannot read by name, exactly those the engine fails to read (differential)', async () => {
    await withEngine(async (engine) => {
      for (const name of EDGE_NAMES) {
        const reason = unreadableStageFile(name);
        const read = await engine.read(name).then(
          (rows) => rows,
          (error: unknown) => error as Error,
        );
        if (reason) assert.ok(read instanceof Error && /NotFound|not found|404/i.test(read.message), `${JSON.stringify(name)}: said unreadable (${reason}) but ${read instanceof Error ? read.message : 'it reads'}`);
        else assert.equal(read instanceof Error ? read.message : json(read), json(expectedRows('csv')), `${JSON.stringify(name)} reads as listed`);
      }
    });
  });

  it('exactly one file: exact.csv without exact.csv.bak, which the bare location also reads; NotFound, not no rows, for a missing file; the issue\'s SQL', async () => {
    await withEngine(async (engine) => {
      assert.deepEqual(await engine.read('exact.csv'), [['only', 'this']]);
      const prefixed = await engine.rows(`SELECT $1 FROM ${stageFileLocation('stage_files', 'exact.csv')} (FILE_FORMAT => 'CSV')`);
      assert.equal(prefixed.length, 2, 'the quoted location alone is a prefix: it reads both files');
      const listed = await engine.rows(`SELECT name FROM LIST_STAGE(location => ${stageFileLocation('stage_files', 'report (1).csv')})`);
      assert.deepEqual(listed, [['report (1).csv']]);
      await assert.rejects(engine.rows(stageFileStatements('stage_files', 'no such file.csv')[0]), /NotFound|not found|404/i);
      await assert.rejects(engine.rows('SELECT * FROM @stage_files/report (1).csv LIMIT 10'), /\[1005\]/);
      assert.deepEqual(await engine.rows(stageFileStatements('stage_files', 'report (1).csv', { columns: 2, limit: 1 })[0]), [['id', 'name']]);
    });
  });
});

/** Runs the SQL the extension writes for a file on one engine. */
class Reader {
  constructor(private readonly conn: Connection) {}

  async rows(sql: string): Promise<unknown[][]> {
    return (await this.conn.queryAll(sql)).map((r) => r.values());
  }

  /** INFER_SCHEMA for the column count where the format needs one, then the statements. */
  async read(path: string): Promise<unknown[][]> {
    const infer = stageFileColumnsSql('stage_files', path);
    const columns = infer === undefined ? undefined : (await this.rows(infer)).length;
    const statements = stageFileStatements('stage_files', path, { columns });
    for (const statement of statements.slice(0, -1)) await this.conn.exec(statement);
    return this.rows(statements[statements.length - 1]);
  }
}
