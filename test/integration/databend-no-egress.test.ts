// The local engine never reaches the network: its telemetry report (sent by the PyPI
// package on every start, with no switch to turn it off) is refused on loopback.

import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { localDatabend } from './fixtures';

describe('local Databend: no outbound connection', () => {
  it("refuses the engine's telemetry report on loopback", async function () {
    this.timeout(120_000);
    const db = await localDatabend();
    const log = readFileSync(db.logFile, 'utf8');
    assert.match(log, /the engine's outbound HTTP\(S\) goes to http:\/\/127\.0\.0\.1:\d+/);
    assert.match(log, /refused an outbound request of the engine: CONNECT telemetry\.databend\.com:443/);
  });
});
