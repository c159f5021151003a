// The Databend SQL of the guide's step 4, and the two quoting functions every user
// value in generated SQL goes through. The SQL, its comments included, is generated code and
// stays English (it is copied, run, shared and written into the IaC templates); the errors
// about a caller's values go through l10n.t.

import * as l10n from '@vscode/l10n';
import { isReservedWord, SIMPLE_NAME } from './identifiers';
import {
  assertValid,
  normalizePrefix,
  validateBucketName,
  validateExternalId,
  validateIdentifier,
  validatePrefix,
  validateRoleArn,
  validateEndpointUrl,
  validateTestFile,
} from './validate';

const STRING_ESCAPES: Record<string, string> = {
  "'": "''",
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\0': '\\0',
};

/**
 * A Databend string literal that reads back as exactly `value`. Backslash starts an
 * escape in Databend strings, so it is doubled; control characters are escaped so a
 * literal never spans lines in an editor.
 */
export function quoteString(value: string): string {
  return `'${value.replace(/['\\\n\r\t\0]/g, (ch) => STRING_ESCAPES[ch])}'`;
}

/**
 * The name as written in SQL: bare when it is a plain identifier that is not a reserved
 * word, in backticks otherwise. Connection and stage names are always plain (see
 * validateIdentifier), so they come out bare and keep their case, as Databend stores them.
 */
export function quoteIdent(name: string): string {
  if (SIMPLE_NAME.test(name) && !isReservedWord(name)) {
    return name;
  }
  return `\`${name.replace(/`/g, '``')}\``;
}

export interface SetupSqlInput {
  connectionName: string;
  stageName: string;
  bucket: string;
  prefix?: string;
  roleArn: string;
  externalId: string;
  region?: string;
  testFile?: string;
  /** ENDPOINT_URL of the connection: only for S3-compatible stores and special endpoints. */
  endpointUrl?: string;
  /** More stages on the same connection, one per further location of the role (locations.ts). */
  moreStages?: readonly { stageName: string; bucket: string; prefix?: string }[];
}

export function stageUrl(bucket: string, prefix?: string): string {
  const folder = normalizePrefix(prefix);
  return folder === '' ? `s3://${bucket}` : `s3://${bucket}/${folder}/`;
}

/** The setup script: connection, stage, a LIST check and an optional sample SELECT. */
export function setupSql(input: SetupSqlInput): string {
  const connection = input.connectionName.trim();
  const stage = input.stageName.trim();
  const bucket = input.bucket.trim();
  const roleArn = input.roleArn.trim();
  const externalId = input.externalId.trim();
  const region = input.region?.trim() ?? '';
  const testFile = (input.testFile ?? '').trim().replace(/^\/+/, '');
  const endpointUrl = (input.endpointUrl ?? '').trim();
  assertValid(validateEndpointUrl(endpointUrl), l10n.t('S3 endpoint URL'));
  assertValid(validateIdentifier(connection, l10n.t('connection name')), l10n.t('Connection name'));
  assertValid(validateIdentifier(stage, l10n.t('stage name')), l10n.t('Stage name'));
  assertValid(validateBucketName(bucket), l10n.t('S3 bucket'));
  assertValid(validatePrefix(input.prefix ?? ''), l10n.t('Path prefix'));
  assertValid(validateRoleArn(roleArn), l10n.t('IAM role ARN'));
  assertValid(validateExternalId(externalId), l10n.t('External ID'));
  assertValid(validateTestFile(testFile), l10n.t('Test file'));
  if (region !== '' && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
    throw new Error(l10n.t('Region: "{0}" is not an AWS region name such as us-east-2.', region));
  }

  const stages = [{ stageName: stage, bucket, prefix: input.prefix }, ...(input.moreStages ?? [])].map((s) => {
    assertValid(validateIdentifier(s.stageName.trim(), l10n.t('stage name')), l10n.t('Stage name'));
    assertValid(validateBucketName(s.bucket.trim()), l10n.t('S3 bucket'));
    assertValid(validatePrefix(s.prefix ?? ''), l10n.t('Path prefix'));
    return { name: s.stageName.trim(), url: stageUrl(s.bucket.trim(), s.prefix) };
  });
  const options = [`STORAGE_TYPE = 's3'`, `ROLE_ARN = ${quoteString(roleArn)}`, `EXTERNAL_ID = ${quoteString(externalId)}`];
  if (region !== '') {
    options.push(`REGION = ${quoteString(region)}`);
  }
  if (endpointUrl !== '') {
    options.push(`ENDPOINT_URL = ${quoteString(endpointUrl)}`);
  }
  const urls = stages.map((s) => s.url);
  const lines = [
    `-- Databend: read ${urls.length === 1 ? urls[0] : `${urls.slice(0, -1).join(', ')} and ${urls[urls.length - 1]}`} through the IAM role ${roleArn}`,
    '-- Run the statements in order; running them again ends in the same state. OR REPLACE re-creates the stage too:',
    '-- a stage keeps the connection parameters it was created with. LIST may fail for a minute while IAM propagates.',
    `CREATE OR REPLACE CONNECTION ${quoteIdent(connection)} ${options.join(' ')};`,
    ...stages.map((s) => `CREATE OR REPLACE STAGE ${quoteIdent(s.name)} URL = ${quoteString(s.url)} CONNECTION = (CONNECTION_NAME = ${quoteString(connection)});`),
    ...stages.map((s) => `LIST @${s.name};`),
  ];
  if (testFile !== '') {
    lines.push(`SELECT * FROM @${stage}/${testFile} LIMIT 1;`);
  }
  return `${lines.join('\n')}\n`;
}

// Files on a stage. Databend reads any file name in the quoted location form
// ('@stage/Sales Reports/Q1 2024.csv'); bare, a space or parenthesis ends the location
// token ([1005]). As a FROM location it is a prefix, though: '@s/f.json' also reads f.jsonl.
// So a SELECT names the stage root and the one file with FILES => (...), which is exact (no
// wildcards) and fails with NotFound instead of returning nothing for a missing file.

/** The Databend file formats a stage file can be read as. */
export type StageFileType = 'CSV' | 'TSV' | 'NDJSON' | 'PARQUET' | 'ORC' | 'AVRO' | 'TEXT';

const TYPE_BY_EXTENSION: Readonly<Record<string, StageFileType>> = {
  csv: 'CSV',
  tsv: 'TSV',
  tab: 'TSV',
  ndjson: 'NDJSON',
  jsonl: 'NDJSON',
  // Databend reads JSON from stages only as NDJSON (one value per line); its JSON type is for unloading.
  json: 'NDJSON',
  parquet: 'PARQUET',
  parq: 'PARQUET',
  orc: 'ORC',
  avro: 'AVRO',
  txt: 'TEXT',
  text: 'TEXT',
  log: 'TEXT',
};

/**
 * Compression by file suffix (any case), named explicitly: Databend's COMPRESSION = AUTO
 * matches only the lower-case suffixes it knows (gz, bz2, …), so report.csv.GZ or data.gzip
 * was read as raw bytes. The names are Databend's COMPRESSION options; raw deflate stays AUTO,
 * which is how Databend reads a `.deflate` file.
 */
const COMPRESSION_BY_SUFFIX: Record<string, string> = {
  gz: 'GZIP',
  gzip: 'GZIP',
  bz2: 'BZ2',
  zst: 'ZSTD',
  zstd: 'ZSTD',
  br: 'BROTLI',
  xz: 'XZ',
  deflate: 'AUTO',
};

/** Compression suffixes Databend detects by itself (case-sensitive), e.g. in INFER_SCHEMA. */
const SUFFIXES_INFER_SCHEMA_DECOMPRESSES = new Set(['gz', 'bz2', 'zst', 'br', 'xz', 'deflate']);

export interface StageFileFormat {
  type: StageFileType;
  /** A compression suffix (report.csv.gz): read through a named format with this COMPRESSION. */
  compressed: boolean;
  /** Databend's COMPRESSION option for it (GZIP, BZ2, …), when compressed. */
  compression?: string;
}

/** The format a file is read in, by its extension; an unknown one is read as lines of TEXT. */
export function stageFileFormat(path: string): StageFileFormat {
  const parts = (path.split('/').pop() ?? '').toLowerCase().split('.');
  let extension = parts.length > 1 ? parts.pop()! : '';
  const compression = Object.hasOwn(COMPRESSION_BY_SUFFIX, extension) ? COMPRESSION_BY_SUFFIX[extension] : undefined;
  if (compression) {
    extension = parts.length > 1 ? parts.pop()! : '';
  }
  const type = Object.hasOwn(TYPE_BY_EXTENSION, extension) ? TYPE_BY_EXTENSION[extension] : 'TEXT';
  if (!compression) return { type, compressed: false };
  // Parquet, ORC and Avro compress inside the file; a compressed one is read as text lines.
  return { type: ['PARQUET', 'ORC', 'AVRO'].includes(type) ? 'TEXT' : type, compressed: true, compression };
}

/**
 * Why Databend cannot read a listed file by its name, if it cannot: the engine normalises the
 * path it asks the storage for (it trims the path's edges, merges `//` and resolves `.` and
 * `..`), so `' lead.csv'`, `a//b.csv` or `dir/../x.csv` are asked
 * for as another key, NotFound. Found on the engine (test/integration/stage-files.test.ts
 * checks this predicate against it). Undefined for a name Databend reads as listed.
 */
export function unreadableStageFile(path: string): string | undefined {
  const key = path.replace(/^\/+/, '');
  if (key !== key.trim()) return l10n.t('its name starts or ends with a space, which Databend drops when it asks the storage for the file');
  const segments = key.split('/');
  if (segments.slice(0, -1).some((s) => s === '') || segments.at(-1) === '') return l10n.t('its path has an empty part ("//"), which Databend merges when it asks the storage for the file');
  if (segments.some((s) => s === '.' || s === '..')) return l10n.t('its path has a "." or ".." part, which Databend resolves when it asks the storage for the file');
  return undefined;
}

function stagePath(stage: string, path: string): { stage: string; path: string } {
  const name = stage.trim().replace(/^@/, '');
  if (name === '' || /[\s/'"`]/.test(name)) {
    throw new Error(l10n.t('"{0}" is not a stage name.', stage));
  }
  return { stage: name, path: path.replace(/^\/+/, '') };
}

/**
 * The quoted location of a file or folder on a stage, e.g. '@sales/Sales Reports/Q1 2024.csv':
 * for Copy Name, FROM, COPY INTO and LIST_STAGE(location => ...). (LIST itself takes only the
 * bare @stage/path; for a file with spaces or parentheses use LIST_STAGE.) As a location it is
 * a prefix; selectFromStageFile reads one file exactly.
 */
export function stageFileLocation(stage: string, path: string): string {
  const where = stagePath(stage, path);
  return quoteString(`@${where.stage}/${where.path}`);
}

/** The name of the file format that reads `type` compressed so (created by selectFromStageFile). */
function compressedFormatName(type: StageFileType, compression: string): string {
  return `databend_iam_${type.toLowerCase()}_${compression.toLowerCase()}`;
}

export interface StageFileQueryOptions {
  /** How many columns ($1 ... $n) to select from a CSV, TSV or TEXT file (see stageFileColumnsSql); 1 when not given. */
  columns?: number;
  limit?: number;
}

/**
 * The statements that read exactly one file of a stage in its format:
 * `SELECT $1, $2 FROM '@stage/' (FILES => ('report (1).csv'), FILE_FORMAT => 'CSV') LIMIT 10`.
 * Parquet and ORC give their columns (*); CSV, TSV and TEXT give $1 ... $n, the engine has no
 * * for them; NDJSON and Avro give $1, each record as one variant. A compressed file first
 * needs a file format with its COMPRESSION (GZIP, BZ2, …): a `CREATE FILE FORMAT IF NOT EXISTS` comes first.
 */
export function stageFileStatements(stage: string, path: string, options: StageFileQueryOptions = {}): string[] {
  const where = stagePath(stage, path);
  if (where.path === '' || where.path.endsWith('/')) {
    throw new Error(l10n.t('"{0}" is a folder, not a file.', path));
  }
  const columns = options.columns ?? 1;
  if (!Number.isInteger(columns) || columns < 1 || columns > 10_000) {
    throw new Error(l10n.t('A file is read with 1 to 10,000 columns, not {0}.', columns));
  }
  if (options.limit !== undefined && (!Number.isInteger(options.limit) || options.limit < 0)) {
    throw new Error(l10n.t('LIMIT must be a whole number of 0 or more, not {0}.', options.limit));
  }
  const { type, compression } = stageFileFormat(where.path);
  const format = compression ? compressedFormatName(type, compression) : type;
  const select =
    type === 'PARQUET' || type === 'ORC'
      ? '*'
      : type === 'NDJSON' || type === 'AVRO'
        ? '$1'
        : Array.from({ length: columns }, (_v, i) => `$${i + 1}`).join(', ');
  const statements = compression ? [`CREATE FILE FORMAT IF NOT EXISTS ${format} TYPE = ${type} COMPRESSION = ${compression}`] : [];
  statements.push(
    `SELECT ${select} FROM ${stageFileLocation(where.stage, '')} (FILES => (${quoteString(where.path)}), FILE_FORMAT => ${quoteString(format)})` +
      (options.limit !== undefined ? ` LIMIT ${options.limit}` : ''),
  );
  return statements;
}

/** stageFileStatements as one script, the statements separated by ";\n" (no trailing semicolon). */
export function selectFromStageFile(stage: string, path: string, options: StageFileQueryOptions = {}): string {
  return stageFileStatements(stage, path, options).join(';\n');
}

/** A regular expression (Rust syntax, as Databend's PATTERN) matching exactly `text`. */
function exactPattern(text: string): string {
  return `^${text.replace(/[\\.+*?()|[\]{}^$]/g, (ch) => `\\${ch}`)}$`;
}

/**
 * The query whose rows are the file's columns (INFER_SCHEMA: one row per column), so the
 * column count can be passed to selectFromStageFile; undefined for ORC and Avro, which
 * INFER_SCHEMA does not read (their SELECT needs no count).
 */
export function stageFileColumnsSql(stage: string, path: string): string | undefined {
  const where = stagePath(stage, path);
  const { type, compression } = stageFileFormat(where.path);
  if (type === 'ORC' || type === 'AVRO') return undefined;
  // INFER_SCHEMA decompresses only what the file's own suffix tells it (lower-case gz, bz2, …);
  // for report.csv.GZ it would count the columns of the raw bytes. No count: the SELECT reads $1.
  if (compression && !SUFFIXES_INFER_SCHEMA_DECOMPRESSES.has(where.path.slice(where.path.lastIndexOf('.') + 1))) return undefined;
  return `SELECT * FROM INFER_SCHEMA(location => ${stageFileLocation(where.stage, '')}, pattern => ${quoteString(exactPattern(where.path))}, file_format => ${quoteString(type)})`;
}
