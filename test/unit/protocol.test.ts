import * as assert from 'node:assert/strict';
import { isResultsRequest, isSetupRequest, SetupFields } from '../../src/shared/protocol';
import { recordReliability } from '../support/reliability';

const fields: SetupFields = {
  profile: 'p',
  databendRoleArn: 'arn:aws:iam::123456789012:role/x',
  bucket: 'b-1x',
  prefix: '',
  access: 'read',
  roleName: 'r',
  policyName: 'p',
  externalId: 'e-1',
  connectionName: 'c',
  stageName: 's',
  kmsKeyArn: '',
  testFile: '',
  endpointUrl: '',
  permissionsBoundary: '',
  rolePath: '',
  roleTags: '',
  databendLogin: '',
};

describe('webview messages are checked before use', () => {
  const bad: unknown[] = [
    null,
    'ready',
    42,
    {},
    { type: 'runCommand', command: 'workbench.action.terminal.new' },
    { type: 'ready', extra: true },
    { type: 'export', format: 'exe' },
    { type: 'export', format: 'csv', run: 1, result: -1 },
    { type: 'cancel', run: '1' },
    { type: 'received', run: 1, result: 0, rows: 1.5, at: 1 },
    { type: 'copy', text: 42 },
    { type: 'preview', requestId: 'x', fields },
    { type: 'create', requestId: 1, fields: { ...fields, access: 'admin' } },
    { type: 'create', requestId: 1, fields: { ...fields, injected: 'x' } },
    { type: 'create', requestId: 1, fields: { ...fields, bucket: 7 } },
    { type: 'create', requestId: 1, fields: { ...fields, rolePath: `/${'a'.repeat(2048)}/` } },
    { type: 'create', requestId: 1, fields: { ...fields, roleTags: 'k=v, '.repeat(4001) } },
    { type: 'create', requestId: 1, fields: { ...fields, moreLocations: 'b' } },
    { type: 'create', requestId: 1, fields: { ...fields, moreLocations: [{ bucket: 'b', prefix: '' }] } },
    { type: 'create', requestId: 1, fields: { ...fields, moreLocations: [{ bucket: 'b', prefix: '', stageName: 's', extra: '' }] } },
    { type: 'create', requestId: 1, fields: { ...fields, moreLocations: [{ bucket: 1, prefix: '', stageName: 's' }] } },
    { type: 'create', requestId: 1, fields: { ...fields, moreLocations: Array.from({ length: 101 }, () => ({ bucket: 'b', prefix: '', stageName: 's' })) } },
    { type: 'identity', profile: 'x'.repeat(1000) },
    { type: 'export', requestId: 1, fields, format: 'pulumi' },
    { type: 'export', requestId: 1, fields },
    { type: '__proto__' },
  ];

  it('refuses unknown types and wrong shapes', () => {
    for (const message of bad) {
      assert.equal(isResultsRequest(message), false, JSON.stringify(message));
      assert.equal(isSetupRequest(message), false, JSON.stringify(message));
    }
    recordReliability('malformed webview messages refused (unit)', bad.length * 2);
  });

  it('accepts the messages the webviews send', () => {
    for (const message of [{ type: 'ready' }, { type: 'cancel', run: 2 }, { type: 'export', format: 'csv', run: 2, result: 0 }, { type: 'copy', text: 'x' }, { type: 'received', run: 2, result: 1, rows: 500, at: 1764000000000 }]) {
      assert.equal(isResultsRequest(message), true, JSON.stringify(message));
    }
    for (const message of [{ type: 'ready' }, { type: 'identity', profile: 'p' }, { type: 'create', requestId: 3, fields }, { type: 'remember', fields }, { type: 'remember', fields: { ...fields, roleTags: 'k=v, '.repeat(3999) } }, { type: 'export', requestId: 4, fields, format: 'terraform' }, { type: 'preview', requestId: 5, fields: { ...fields, moreLocations: [{ bucket: 'b-2', prefix: 'x', stageName: 's2' }] } }]) {
      assert.equal(isSetupRequest(message), true, JSON.stringify(message));
    }
  });
});
