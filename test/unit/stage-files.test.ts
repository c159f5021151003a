import * as assert from 'node:assert/strict';
import { selectFromStageFile, stageFileColumnsSql, stageFileFormat, stageFileLocation, stageFileStatements } from '../../src/core/sql';
import { splitStatements } from '../../src/core/statements';

describe('stage files as SQL', () => {
  it('quotes the location of any file name (issue: Copy Name gave @stage/Sales Reports/Q1 2024.csv)', () => {
    assert.equal(stageFileLocation('stage', 'Sales Reports/Q1 2024.csv'), "'@stage/Sales Reports/Q1 2024.csv'");
    assert.equal(stageFileLocation('stage', 'report (1).csv'), "'@stage/report (1).csv'");
    assert.equal(stageFileLocation('s', "it's\\ #1.csv"), "'@s/it''s\\\\ #1.csv'");
    assert.equal(stageFileLocation('@s', '/a/'), "'@s/a/'");
    assert.throws(() => stageFileLocation('a b', 'x'), /not a stage name/);
  });

  it('reads exactly one file, in the format of its extension (issue: SELECT ... FROM @stage/report (1).csv)', () => {
    assert.equal(selectFromStageFile('stage', 'report (1).csv', { columns: 2, limit: 10 }), "SELECT $1, $2 FROM '@stage/' (FILES => ('report (1).csv'), FILE_FORMAT => 'CSV') LIMIT 10");
    assert.equal(selectFromStageFile('s', 'data/x.parquet'), "SELECT * FROM '@s/' (FILES => ('data/x.parquet'), FILE_FORMAT => 'PARQUET')");
    assert.equal(selectFromStageFile('s', 'x.ORC'), "SELECT * FROM '@s/' (FILES => ('x.ORC'), FILE_FORMAT => 'ORC')");
    assert.equal(selectFromStageFile('s', 'x.avro'), "SELECT $1 FROM '@s/' (FILES => ('x.avro'), FILE_FORMAT => 'AVRO')");
    assert.equal(selectFromStageFile('s', 'x.json'), "SELECT $1 FROM '@s/' (FILES => ('x.json'), FILE_FORMAT => 'NDJSON')");
    assert.equal(selectFromStageFile('s', 'x.tsv', { columns: 3 }), "SELECT $1, $2, $3 FROM '@s/' (FILES => ('x.tsv'), FILE_FORMAT => 'TSV')");
    assert.equal(selectFromStageFile('s', 'README'), "SELECT $1 FROM '@s/' (FILES => ('README'), FILE_FORMAT => 'TEXT')");
    assert.throws(() => selectFromStageFile('s', 'dir/'), /folder/);
    assert.throws(() => selectFromStageFile('s', 'x.csv', { columns: 0 }), /1 to 10,000/);
  });

  it('reads a compressed text file through a named format with its COMPRESSION, as two statements', () => {
    const statements = stageFileStatements('s', 'logs/2024 (a).csv.gz', { columns: 2 });
    assert.deepEqual(statements, [
      'CREATE FILE FORMAT IF NOT EXISTS databend_iam_csv_gzip TYPE = CSV COMPRESSION = GZIP',
      "SELECT $1, $2 FROM '@s/' (FILES => ('logs/2024 (a).csv.gz'), FILE_FORMAT => 'databend_iam_csv_gzip')",
    ]);
    // A ; inside a file name stays inside its string: the script splits into the two statements.
    assert.equal(splitStatements(`${selectFromStageFile('s', "it's; x.ndjson.zst")};`).length, 2);
  });

  it('knows the formats by extension, ignoring case and a compression suffix', () => {
    assert.deepEqual(stageFileFormat('a/b.CSV'), { type: 'CSV', compressed: false });
    assert.deepEqual(stageFileFormat('b.jsonl.gz'), { type: 'NDJSON', compressed: true, compression: 'GZIP' });
    assert.deepEqual(stageFileFormat('b.parquet'), { type: 'PARQUET', compressed: false });
    assert.deepEqual(stageFileFormat('b.parquet.gz'), { type: 'TEXT', compressed: true, compression: 'GZIP' });
    // Any case, and the long names: AUTO would read these as raw bytes.
    assert.deepEqual(stageFileFormat('b.csv.GZ'), { type: 'CSV', compressed: true, compression: 'GZIP' });
    assert.deepEqual(stageFileFormat('b.tsv.Gzip'), { type: 'TSV', compressed: true, compression: 'GZIP' });
    assert.deepEqual(stageFileFormat('b.csv.BZ2'), { type: 'CSV', compressed: true, compression: 'BZ2' });
    assert.deepEqual(stageFileFormat('b.csv.zstd'), { type: 'CSV', compressed: true, compression: 'ZSTD' });
    assert.deepEqual(stageFileFormat('dir.csv/b'), { type: 'TEXT', compressed: false });
    assert.deepEqual(stageFileFormat('b.gz'), { type: 'TEXT', compressed: true, compression: 'GZIP' });
  });

  it('infers the columns of one file with an exact pattern', () => {
    assert.equal(
      stageFileColumnsSql('s', 'Sales Reports/Q1 (2024).csv'),
      "SELECT * FROM INFER_SCHEMA(location => '@s/', pattern => '^Sales Reports/Q1 \\\\(2024\\\\)\\\\.csv$', file_format => 'CSV')",
    );
    assert.equal(stageFileColumnsSql('s', 'x.orc'), undefined);
  });
});
