import * as assert from 'node:assert/strict';
import { completionSite, connectionNameLiteral, identifierReference, SQL_KEYWORDS, stageReference } from '../../src/core/sqlCompletion';

describe('SQL completion: what the cursor asks for', () => {
  it('a stage after @, with what is typed of its name', () => {
    assert.deepEqual(completionSite('SELECT * FROM @'), { kind: 'stage', typed: '' });
    assert.deepEqual(completionSite('LIST @my_st'), { kind: 'stage', typed: 'my_st' });
    assert.deepEqual(completionSite('COPY INTO t FROM @数据'), { kind: 'stage', typed: '数据' });
  });

  it('nothing once a path starts after the stage, or inside a string or a comment', () => {
    assert.equal(completionSite('LIST @my_stage/'), undefined);
    assert.equal(completionSite("SELECT 'me@"), undefined);
    assert.equal(completionSite('-- see @'), undefined);
    assert.equal(completionSite("SELECT 'it''s' -- x"), undefined);
  });

  it('a location token with -- inside is no comment', () => {
    assert.deepEqual(completionSite('LIST @s/run--1/ ; LIST @'), { kind: 'stage', typed: '' });
  });

  it('a connection name inside CONNECTION_NAME = \'…\'', () => {
    assert.deepEqual(completionSite("CREATE STAGE s URL = 's3://b/' CONNECTION = (CONNECTION_NAME = '"), { kind: 'connection', typed: '' });
    assert.deepEqual(completionSite("connection = (connection_name='my_c"), { kind: 'connection', typed: 'my_c' });
    assert.deepEqual(completionSite("CONNECTION = (CONNECTION_NAME = 'c') "), { kind: 'identifier', typed: '' }, 'past the closing quote');
  });

  it('a plain word is an identifier; after a dot nothing', () => {
    assert.deepEqual(completionSite('SELECT * FROM ord'), { kind: 'identifier', typed: 'ord' });
    assert.deepEqual(completionSite('SELECT * FROM '), { kind: 'identifier', typed: '' });
    assert.equal(completionSite('SELECT * FROM db.ta'), undefined);
  });

  it('inserts names in a form Databend reads', () => {
    assert.equal(stageReference('数据_stage'), '数据_stage');
    assert.equal(stageReference('s$1'), 's$1');
    assert.equal(stageReference('my stage'), undefined, 'a space ends the location token');
    assert.equal(stageReference(''), undefined);
    assert.equal(connectionNameLiteral("it's\\x"), "it''s\\\\x");
    assert.equal(identifierReference('orders'), 'orders');
    assert.equal(identifierReference('my-table'), '"my-table"');
    assert.equal(identifierReference('select'), '"select"');
    assert.equal(identifierReference('a"b'), '"a""b"');
  });
});

describe('SQL completion keywords', () => {
  it('lists each keyword once', () => {
    assert.equal(new Set(SQL_KEYWORDS).size, SQL_KEYWORDS.length);
  });
});
