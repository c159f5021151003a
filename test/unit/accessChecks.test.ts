import * as assert from 'node:assert/strict';
import { accessCheckSteps, AccessCheckInput, runAccessChecks } from '../../src/core/accessChecks';

const input: AccessCheckInput = { stageName: 'st', bucket: 'b-1', prefix: 'data', access: 'readwrite', testFile: '', runId: 'run-1' };
// An S3 refusal as Databend reports it (opendal's S3Error), seen through the engine.
const S3_DENIED = 'PermissionDenied (persistent) at write, context: { uri: https://s3.amazonaws.com/b-1/data/_databend_check/run-1.csv } => S3Error { code: "AccessDenied", message: "Access Denied" }';

describe('per-action validation after setup', () => {
  it('read and write: list, write one object under _databend_check/, read it back, delete it', () => {
    assert.deepEqual(
      accessCheckSteps(input).map((s) => [s.action, s.statements]),
      [
        ['list', ['LIST @st']],
        ['write', ["COPY INTO @st/_databend_check/run-1.csv FROM (SELECT 'databend-check' AS check_value) FILE_FORMAT = (TYPE = CSV) SINGLE = TRUE USE_RAW_PATH = TRUE"]],
        ['read', ["SELECT $1 FROM '@st/' (FILES => ('_databend_check/run-1.csv'), FILE_FORMAT => 'CSV') LIMIT 1"]],
        ['delete', ['REMOVE @st/_databend_check/run-1.csv']],
      ],
    );
  });

  it('read only: list and the test file; write and delete are not checked', () => {
    const steps = accessCheckSteps({ ...input, access: 'read', testFile: 'test.parquet' });
    assert.deepEqual(steps.map((s) => s.action), ['list', 'read', 'write', 'delete']);
    assert.match(steps[1].statements[0], /FROM '@st\/' \(FILES => \('test\.parquet'\)/);
    assert.deepEqual(steps.slice(2).map((s) => s.skipped), ['the setup is read only', 'the setup is read only']);
    assert.equal(accessCheckSteps({ ...input, access: 'read' })[1].skipped, 'no test file given to read');
  });

  it('refuses a run id that cannot name a folder', () => {
    assert.throws(() => accessCheckSteps({ ...input, runId: '../x' }), /cannot name a check object/);
  });

  it('all four pass when Databend does each', async () => {
    const ran: string[] = [];
    const results = await runAccessChecks(input, async (sql) => (ran.push(sql), 1));
    assert.deepEqual(results.map((r) => [r.action, r.outcome]), [['list', 'passed'], ['write', 'passed'], ['read', 'passed'], ['delete', 'passed']]);
    assert.equal(ran.length, 4);
    assert.match(results[0].text, /^✓ List: LIST @st \(1 file\(s\)\)$/);
  });

  it('a refused write fails with the permission to add, and skips what needs its object', async () => {
    const results = await runAccessChecks(input, async (sql) => {
      if (sql.startsWith('COPY INTO')) throw new Error(S3_DENIED);
      return 0;
    });
    assert.deepEqual(results.map((r) => [r.action, r.outcome]), [['list', 'passed'], ['write', 'failed'], ['read', 'skipped'], ['delete', 'skipped']]);
    assert.match(results[1].text, /^✗ Write: COPY INTO @st\/_databend_check\/run-1\.csv .* failed\. S3 refused it \(403 AccessDenied\): the role's permission policy must allow s3:PutObject on arn:aws:s3:::b-1\/data\/\* \(Access: Read and write\)/);
    assert.match(results[3].text, /not checked, nothing was written/);
  });

  it('a refused delete names s3:DeleteObject; a test file still reads after a failed write', async () => {
    const results = await runAccessChecks({ ...input, testFile: 'a.csv', prefix: '' }, async (sql) => {
      if (sql.startsWith('REMOVE') || sql.startsWith('COPY')) throw new Error(S3_DENIED);
      return 1;
    });
    assert.deepEqual(results.map((r) => r.outcome), ['passed', 'failed', 'passed', 'skipped']);
    const denied = await runAccessChecks(input, async (sql) => {
      if (sql.startsWith('REMOVE')) throw new Error(S3_DENIED);
      return 1;
    });
    assert.match(denied[3].text, /s3:DeleteObject on arn:aws:s3:::b-1\/data\/\*/);
  });

  it('a failure that is not S3 keeps the diagnosis of Databend\'s message', async () => {
    const results = await runAccessChecks({ ...input, access: 'read' }, async () => {
      throw new Error('[1063]Permission denied: privilege READ is required on stage st for user \'u\'@\'%\' with roles [public,analyst]');
    });
    assert.match(results[0].text, /GRANT READ ON STAGE st TO ROLE analyst;/);
  });
});
