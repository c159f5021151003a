import * as assert from 'node:assert/strict';
import { backoffMs, diagnoseStageError } from '../../src/core/diagnose';

describe('diagnoseStageError', () => {
  it('retries what IAM propagation explains and points at principal and external ID', () => {
    for (const message of [
      'APIError: QueryFailed: [4000]Unexpected (persistent) at list => loading credential to sign http request',
      'AccessDenied: User: arn:aws:sts::123:assumed-role/x is not authorized to perform: sts:AssumeRole',
    ]) {
      const d = diagnoseStageError(message);
      assert.equal(d.retry, true, message);
      assert.match(d.text, /principal.*EXTERNAL_ID/s);
    }
  });

  it('names a missing bucket, a wrong region and a missing Databend privilege, without retrying', () => {
    assert.deepEqual(Object.values(diagnoseStageError('NoSuchBucket: The specified bucket does not exist')).slice(0, 1), [false]);
    assert.match(diagnoseStageError('PermanentRedirect: use the right endpoint').text, /another region/);
    assert.match(diagnoseStageError('QueryFailed: [1063]Permission denied, privilege [Super] is required').text, /CREATE CONNECTION.*SUPER/);
    assert.match(diagnoseStageError('something odd').text, /Databend reported: something odd/);
  });

  it('backs off 2, 4, 8 then 10 seconds', () => {
    assert.deepEqual([1, 2, 3, 4, 5].map(backoffMs), [2000, 4000, 8000, 10000, 10000]);
  });
});
