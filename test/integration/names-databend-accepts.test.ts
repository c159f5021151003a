// Names Databend accepts are not refused by the extension's own checks: a stage created
// elsewhere with a name Databend's lexer reads bare (non-ASCII letters, `$`) lists, is
// described and dropped through the catalog like any other.
import * as assert from 'node:assert/strict';
import { DATABEND_IDENT } from '../../src/core/identifiers';
import { validateIdentifier } from '../../src/core/validate';
import { listStages, StageFiles } from '../../src/databend/catalog';
import { DatabendSession } from '../../src/databend/session';
import { localDatabend } from './fixtures';

describe('names Databend accepts, on the local engine', function () {
  this.timeout(120_000);
  let session: DatabendSession;

  before(async function () {
    this.timeout(300_000);
    session = await DatabendSession.open((await localDatabend()).dsn);
  });

  after(async () => {
    await session?.close();
  });

  for (const name of ['données_2024', 'データ', 'sales$eu', '_x9']) {
    it(`lists the files of an internal stage named ${name}`, async () => {
      await session.run(`CREATE OR REPLACE STAGE ${name}`);
      try {
        assert.ok(DATABEND_IDENT.test(name), 'the lexer rule the catalog follows reads it as one name');
        assert.ok((await listStages(session)).some((s) => s.name === name), 'SHOW STAGES returns it as written');
        const files = await StageFiles.open(session, name);
        try {
          const page = await files.next(10);
          assert.deepEqual(page.files, []);
          assert.equal(page.more, false);
        } finally {
          files.close();
        }
      } finally {
        await session.run(`DROP STAGE IF EXISTS ${name}`);
      }
    });
  }

  it('names the extension creates are narrower, and its message says exactly what it allows', () => {
    assert.match(validateIdentifier('données_2024', 'stage name') ?? '', /ASCII letters, digits and "_"/);
  });
});
