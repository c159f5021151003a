// The guide's SQL, as setupSql writes it, executed by the real engine.

import * as assert from 'node:assert/strict';
import { Client, Connection } from 'databend-driver';
import { setupSql } from '../../src/core/sql';
import { splitStatements } from '../../src/core/statements';
import { localDatabend } from './fixtures';

describe('setupSql on the local Databend', function () {
  let conn: Connection;

  before(async function () {
    this.timeout(180_000);
    conn = await new Client((await localDatabend()).dsn).getConn();
  });

  after(async () => {
    await conn?.close();
  });

  const input = {
    connectionName: 'guide_conn',
    stageName: 'guide_stage',
    bucket: 'test-bucket-123',
    prefix: 'data/2024',
    roleArn: 'arn:aws:iam::987654321987:role/databend-test',
    externalId: 'my-external-id-123',
    region: 'us-east-2',
  };

  it('creates the connection and the stage; SHOW and DESC return them', async () => {
    const statements = splitStatements(setupSql(input)).map((s) => s.text);
    assert.equal(statements.length, 3);
    assert.match(statements[2], /^LIST @guide_stage$/);
    for (const sql of statements.slice(0, 2)) {
      await conn.exec(sql);
    }
    const connections = (await conn.queryAll('SHOW CONNECTIONS')).map((r) => r.data());
    const mine = connections.find((c) => c.name === 'guide_conn');
    assert.ok(mine, JSON.stringify(connections));
    assert.equal(mine.storage_type, 's3');
    // The engine masks every parameter but its last three characters: the extension keeps its own record.
    assert.match(mine.storage_params, /external_id=\*+123\b/);
    assert.match(mine.storage_params, /role_arn=\*+est\b/);

    const stages = (await conn.queryAll('SHOW STAGES')).map((r) => r.data());
    const stage = stages.find((s) => s.name === 'guide_stage');
    assert.ok(stage, JSON.stringify(stages));
    assert.equal(stage.url, 's3://test-bucket-123/data/2024/');
    assert.equal(stage.storage_type, 's3');

    const described = (await conn.queryRow('DESC STAGE guide_stage'))?.data();
    assert.equal(described?.url, 's3://test-bucket-123/data/2024/');
    assert.ok(described?.has_credentials !== undefined);
    const params = JSON.parse(String(described?.storage_params));
    assert.equal(params.role_arn, input.roleArn);
    assert.equal(params.region, 'us-east-2');
    assert.equal(params.root, '/data/2024/');
  });

  it('refuses a second CREATE without OR REPLACE, then drops stage and connection', async () => {
    const [createConnection] = splitStatements(setupSql(input)).map((s) => s.text);
    await assert.rejects(conn.exec(createConnection), /QueryFailed: \[\d+\].*guide_conn/);
    await conn.exec('DROP STAGE guide_stage');
    await conn.exec('DROP CONNECTION guide_conn');
    const stages = (await conn.queryAll('SHOW STAGES')).map((r) => r.data().name);
    assert.ok(!stages.includes('guide_stage'));
    await assert.rejects(conn.exec('DROP STAGE guide_stage'), /QueryFailed: \[2501\]/);
  });
});
