// The guide's SQL, as setupSql writes it, executed by the real engine.

import * as assert from 'node:assert/strict';
import { Client, Connection } from 'databend-driver';
import { connectionDrift, stageDrift } from '../../src/core/drift';
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

  it('runs twice to the same state, without an error', async () => {
    const statements = splitStatements(setupSql(input)).map((s) => s.text).slice(0, 2);
    for (let run = 0; run < 2; run++) {
      for (const sql of statements) await conn.exec(sql);
    }
    const mine = (await conn.queryAll('SHOW CONNECTIONS')).map((r) => r.data()).filter((c) => c.name === 'guide_conn');
    assert.equal(mine.length, 1);
    assert.deepEqual(connectionDrift(mine[0], input), []);
    assert.deepEqual(stageDrift((await conn.queryRow('DESC STAGE guide_stage'))!.data(), input), []);
  });

  it('drift: the engine\'s own SHOW/DESC output tells a rotated external ID apart, and a stage keeps its old copy', async () => {
    for (const sql of splitStatements(setupSql(input)).map((s) => s.text).slice(0, 2)) await conn.exec(sql);
    const rotated = { ...input, externalId: 'rotated-external-id-456' };
    const [replaceConnection, replaceStage] = splitStatements(setupSql(rotated)).map((s) => s.text);
    const connectionRow = async () => (await conn.queryAll('SHOW CONNECTIONS')).map((r) => r.data()).find((c) => c.name === 'guide_conn')!;
    const stageRow = async () => (await conn.queryRow('DESC STAGE guide_stage'))!.data();
    assert.deepEqual(connectionDrift(await connectionRow(), rotated), ['external ID: Databend has …123, the setup needs …456']);
    await conn.exec(replaceConnection);
    assert.deepEqual(connectionDrift(await connectionRow(), rotated), []);
    // The stage still holds the parameters it copied when it was created.
    assert.deepEqual(stageDrift(await stageRow(), rotated), ['external ID: Databend has …123, the setup needs …456']);
    await conn.exec(replaceStage);
    assert.deepEqual(stageDrift(await stageRow(), rotated), []);
    assert.deepEqual(stageDrift(await stageRow(), { ...rotated, prefix: 'data/2025' }), ['URL: Databend has s3://test-bucket-123/data/2024/, the setup needs s3://test-bucket-123/data/2025/']);
  });

  afterEach(async () => {
    await conn.exec('DROP STAGE IF EXISTS guide_stage');
    await conn.exec('DROP CONNECTION IF EXISTS guide_conn');
  });
});
