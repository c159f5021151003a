// The server goes away in the middle of a result: the query path fails with a clear error
// instead of hanging, and says where it was.

import * as assert from 'node:assert/strict';
import { DatabendSession } from '../../src/databend/session';
import { startLocalDatabend } from '../support/databend';
import { recordReliability } from '../support/reliability';

describe('a Databend server stopped mid-stream', function () {
  this.timeout(120_000);

  it('fails the running query within seconds', async () => {
    const db = await startLocalDatabend();
    const session = await DatabendSession.open(`${db.dsn}&max_rows_per_page=1000`);
    let batches = 0;
    let stopping: Promise<void> | undefined;
    await assert.rejects(
      session.run('SELECT number FROM numbers(1000000)', {
        batchSize: 500,
        onRows: () => {
          batches += 1;
          if (batches === 2) stopping = db.stop();
        },
      }),
      /error sending request|connection|Connect|refused|closed/i,
    );
    await stopping;
    assert.ok(batches < 2000, 'the run stopped long before the last of the million rows');
    await session.close().catch(() => undefined);
    recordReliability('Databend faults injected (server stopped mid-stream)', 1);
  });
});
