// Several locations per role (src/core/locations.ts and what follows from it): the form's
// rules for the rows, the one policy that grants them all (least privilege per location),
// one stage per location in the SQL, the role's tags, and the region rule of one connection.

import * as assert from 'node:assert/strict';
import { desiredState } from '../../src/core/desired';
import { policySize } from '../../src/core/iamLimits';
import { describeLocations, locationsTag, locationTag, MAX_LOCATIONS, regionConflict, setupLocations, validateMoreLocations } from '../../src/core/locations';
import { describeLocationTag, LOCATION_TAG } from '../../src/core/plan';
import { permissionPolicy, policyJson } from '../../src/core/policies';
import { normalizeSetup, setupPreviews, SetupValues, validateSetup } from '../../src/core/setupForm';
import { setupSql } from '../../src/core/sql';
import { splitStatements } from '../../src/core/statements';
import { errorFieldLabel } from '../../src/shared/protocol';
import { RoleRecords } from '../../src/ui/roleRecords';
import { GUIDE } from './guide';

const base: SetupValues = {
  databendRoleArn: GUIDE.databendRoleArn,
  bucket: 'bucket-a',
  prefix: '',
  access: 'readwrite',
  roleName: 'databend-bucket-a',
  policyName: 'databend-bucket-a-access',
  externalId: GUIDE.externalId,
  connectionName: 'bucket_a',
  stageName: 'bucket_a',
  kmsKeyArn: '',
  testFile: '',
  endpointUrl: '',
  permissionsBoundary: '',
  rolePath: '',
  roleTags: '',
};

describe('several locations per role', () => {
  it('one location keeps the guide’s policy byte for byte; two buckets get a ListBucket each and one object statement', () => {
    assert.equal(policyJson(permissionPolicy({ bucket: GUIDE.bucket, moreLocations: [] })), GUIDE.permissionPolicy);
    const doc = permissionPolicy({ bucket: 'bucket-a', moreLocations: [{ bucket: 'bucket-b', prefix: '/exports/' }], access: 'read' });
    assert.deepEqual(doc.Statement, [
      { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::bucket-a' },
      { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::bucket-b', Condition: { StringLike: { 's3:prefix': ['exports/*'] } } },
      { Effect: 'Allow', Action: 's3:GetObject', Resource: ['arn:aws:s3:::bucket-a/*', 'arn:aws:s3:::bucket-b/exports/*'] },
    ]);
  });

  it('two folders of one bucket share its ListBucket; a whole-bucket location makes the folders of that bucket redundant', () => {
    const folders = permissionPolicy({ bucket: 'bucket-a', prefix: 'in', moreLocations: [{ bucket: 'bucket-a', prefix: 'out' }] });
    assert.deepEqual(folders.Statement[0].Condition, { StringLike: { 's3:prefix': ['in/*', 'out/*'] } });
    assert.deepEqual(folders.Statement[1].Resource, ['arn:aws:s3:::bucket-a/in/*', 'arn:aws:s3:::bucket-a/out/*']);
    const whole = permissionPolicy({ bucket: 'bucket-a', prefix: 'in', moreLocations: [{ bucket: 'bucket-a', prefix: '' }] });
    assert.equal(whole.Statement[0].Condition, undefined);
    assert.equal(whole.Statement[1].Resource, 'arn:aws:s3:::bucket-a/*');
  });

  it('validates each row as the first location, and refuses a location or a stage name twice, and more than the maximum', () => {
    const values = { ...base, moreLocations: [{ bucket: 'Bad_Bucket', prefix: '', stageName: 'ok_stage' }, { bucket: 'bucket-a', prefix: '/', stageName: 'bucket_a' }] };
    const errors = validateMoreLocations(values);
    assert.match(errors['moreLocations.0.bucket'] ?? '', /bucket/i);
    assert.match(errors['moreLocations.1.prefix'] ?? '', /The first location is already s3:\/\/bucket-a\//);
    assert.match(errors['moreLocations.1.stageName'] ?? '', /The first location already uses the stage name bucket_a/);
    assert.equal(errorFieldLabel('moreLocations.1.stageName'), 'Stage name (location 3)');
    // validateSetup reports them with the form's own fields.
    assert.deepEqual(Object.keys(validateSetup(values)).sort(), ['moreLocations.0.bucket', 'moreLocations.1.prefix', 'moreLocations.1.stageName']);
    const many = Array.from({ length: MAX_LOCATIONS }, (_, i) => ({ bucket: `bucket-${i}x`, prefix: '', stageName: `stage_${i}` }));
    assert.deepEqual(Object.keys(validateMoreLocations({ ...base, moreLocations: many })), [`moreLocations.${MAX_LOCATIONS - 1}.bucket`]);
    assert.deepEqual(validateMoreLocations({ ...base, moreLocations: many.slice(1) }), {});
  });

  it('normalises each row as the first location (trimmed, prefix without slashes)', () => {
    const values = normalizeSetup({ ...base, moreLocations: [{ bucket: ' bucket-b ', prefix: '/exports/', stageName: ' s_b ' }] });
    assert.deepEqual(values.moreLocations, [{ bucket: 'bucket-b', prefix: 'exports', stageName: 's_b' }]);
    assert.deepEqual(setupLocations(values).map((l) => l.stageName), ['bucket_a', 's_b']);
  });

  it('writes one connection, a stage and a LIST per location, the test SELECT on the first; the previews follow', () => {
    const sql = setupSql({
      connectionName: 'c',
      stageName: 'first',
      bucket: 'bucket-a',
      moreStages: [{ stageName: 'second', bucket: 'bucket-b', prefix: 'exports' }],
      roleArn: 'arn:aws:iam::123456789012:role/r',
      externalId: 'id-1',
      testFile: 'test.parquet',
    });
    assert.deepEqual(
      splitStatements(sql).map((s) => s.text.replace(/ STORAGE_TYPE.*/, '').replace(/ CONNECTION = .*/, '')),
      ['CREATE OR REPLACE CONNECTION c', "CREATE OR REPLACE STAGE first URL = 's3://bucket-a'", "CREATE OR REPLACE STAGE second URL = 's3://bucket-b/exports/'", 'LIST @first', 'LIST @second', 'SELECT * FROM @first/test.parquet LIMIT 1'],
    );
    assert.match(sql, /^-- Databend: read s3:\/\/bucket-a and s3:\/\/bucket-b\/exports\/ through/);
    const previews = setupPreviews({ ...base, moreLocations: [{ bucket: 'bucket-b', prefix: '', stageName: 'bucket_b' }] });
    assert.match(previews.sql, /CREATE OR REPLACE STAGE bucket_b URL = 's3:\/\/bucket-b'/);
    assert.match(previews.permissionPolicy, /arn:aws:s3:::bucket-b\/\*/);
  });

  it('tags the role with all its locations: the first, how many more and a hash of them in order; read back in words', () => {
    const places = [{ bucket: 'bucket-a', prefix: 'in' }, { bucket: 'bucket-b' }];
    const tag = locationsTag(places);
    assert.match(tag, /^s3:\/\/bucket-a\/in\/ \+1 [a-z2-7]{10}$/);
    assert.notEqual(tag, locationsTag([...places].reverse()));
    assert.equal(locationsTag(places.slice(0, 1)), 's3://bucket-a/in/');
    assert.equal(describeLocationTag(tag), 's3://bucket-a/in/ and 1 more location');
    const desired = desiredState({ accountId: '123456789012', partition: 'aws', bucket: 'bucket-a', prefix: 'in', moreLocations: [{ bucket: 'bucket-b' }], databendRoleArn: GUIDE.databendRoleArn, externalId: 'id-1', roleName: 'r', policyName: 'p' });
    assert.equal(desired.tags[LOCATION_TAG], tag);
    assert.deepEqual(places.map((p) => locationTag(p.bucket, p.prefix)), ['s3://bucket-a/in/', 's3://bucket-b']);
    assert.match(desired.roleDescription, /read and write s3:\/\/bucket-a\/in\/ and s3:\/\/bucket-b\//);
    assert.equal(describeLocations(places), 's3://bucket-a/in/ and s3://bucket-b/');
  });

  it('refuses buckets in different regions for one connection (its one REGION); unknown regions are not judged', () => {
    assert.equal(regionConflict([{ bucket: 'a', region: 'us-east-1' }, { bucket: 'b', region: 'us-east-1' }]), undefined);
    assert.equal(regionConflict([{ bucket: 'a', region: 'us-east-1' }, { bucket: 'b' }]), undefined);
    assert.match(regionConflict([{ bucket: 'a', region: 'us-east-1' }, { bucket: 'b', region: 'eu-west-1' }]) ?? '', /The bucket b is in eu-west-1, but a is in us-east-1: one Databend connection has one REGION/);
  });
});

describe('several locations: IAM’s policy size, as typed', () => {
  it('flags the last row when the policy would pass 6,144 characters, and nothing one character below (found by a new-user trial: only Preview said so)', () => {
    const row = (i: number, length: number) => ({ bucket: `bucket-${i}x`, prefix: `p${'a'.repeat(length - 1)}`, stageName: `stage_${i}` });
    const rows = (length: number) => [1, 2, 3, 4, 5].map((i) => row(i, length));
    const sizeWith = (length: number) => policySize(permissionPolicy({ bucket: base.bucket, moreLocations: rows(length) }));
    // The longest prefix that still fits, found from the document itself.
    let fits = 1;
    while (sizeWith(fits + 1) <= 6144) fits++;
    assert.deepEqual(validateSetup({ ...base, moreLocations: rows(fits) }), {});
    const errors = validateSetup({ ...base, moreLocations: rows(fits + 1) });
    assert.deepEqual(Object.keys(errors), ['moreLocations.4.prefix']);
    assert.match(errors['moreLocations.4.prefix'] ?? '', /would have 61\d\d characters; IAM allows 6144: remove a location or use shorter prefixes/);
  });
});

describe('several locations: the role records', () => {
  /** VS Code's Memento contract, in memory (roleRecords.ts needs nothing else). */
  const memento = () => {
    const values = new Map<string, unknown>();
    return { keys: () => [...values.keys()], get: <T>(key: string, fallback?: T) => (values.has(key) ? (values.get(key) as T) : fallback), update: async (key: string, value: unknown) => void values.set(key, value) };
  };
  const record = (more: { bucket: string; prefix: string; stageName: string }[]) => ({
    roleArn: 'arn:aws:iam::123456789012:role/r',
    roleName: 'r',
    policyArn: 'arn:aws:iam::123456789012:policy/p',
    externalId: 'id-1',
    databendRoleArn: GUIDE.databendRoleArn,
    bucket: 'bucket-a',
    prefix: '',
    connectionName: 'c',
    stageName: 'bucket_a',
    moreLocations: more,
    updatedAt: '2026-11-30T00:00:00Z',
  });

  it('keeps the stages of locations a re-run left out as former locations, so Remove can still offer to drop them (found by a new-user trial)', async () => {
    const records = new RoleRecords(memento() as unknown as import('vscode').Memento);
    const b = { bucket: 'bucket-b', prefix: '', stageName: 'bucket_b' };
    const c = { bucket: 'bucket-c', prefix: 'x', stageName: 'bucket_c__x' };
    await records.save(record([b, c]));
    await records.save(record([b]));
    assert.deepEqual(records.all()[0].formerLocations, [c]);
    // Added back, it is a location again, not a former one.
    await records.save(record([b, c]));
    assert.equal(records.all()[0].formerLocations, undefined);
    await records.save(record([]));
    assert.deepEqual(records.all()[0].formerLocations, [b, c]);
    assert.equal(records.all().length, 1);
  });
});
