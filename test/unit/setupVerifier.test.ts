// Run and Verify refuses a form whose role path differs from the existing role's, with the
// same words as Preview, before it opens a Databend session (fakes of our own ports stand in
// for IAM, the logins and Databend).
import * as assert from 'node:assert/strict';
import type { SetupFields } from '../../src/shared/protocol';
import type { DatabendService } from '../../src/ui/databendService';
import type { Dialogs } from '../../src/ui/dialogs';
import type { IamSetup } from '../../src/ui/iamSetup';
import type { LoginStore } from '../../src/ui/loginStore';
import type { RoleRecords } from '../../src/ui/roleRecords';
import { SetupVerifier } from '../../src/ui/setup/setupVerifier';
import { GUIDE } from './guide';

const fields: SetupFields = {
  profile: 'moto',
  databendRoleArn: GUIDE.databendRoleArn,
  bucket: 'sandbox-bucket',
  prefix: '',
  access: 'read',
  roleName: 'databend-sandbox-bucket',
  policyName: 'databend-sandbox-bucket-access',
  externalId: GUIDE.externalId,
  connectionName: 'databend_sandbox',
  stageName: 'databend_sandbox',
  kmsKeyArn: '',
  testFile: '',
  endpointUrl: '',
  permissionsBoundary: '',
  rolePath: '/teams/data/',
  roleTags: '',
  databendLogin: 'local',
};

function verifier(path: string) {
  const databendCalls: string[] = [];
  const iamSetup = {
    lookUpRole: async () => ({ arn: `arn:aws:iam::123456789012:role${path}databend-sandbox-bucket`, externalId: GUIDE.externalId, path }),
  } as unknown as IamSetup;
  const store = { get: () => ({ id: 'local', name: 'local' }) } as unknown as LoginStore;
  const databend = {
    session: async () => {
      databendCalls.push('session');
      throw new Error('stop here');
    },
  } as unknown as DatabendService;
  const records = { all: () => [] } as unknown as RoleRecords;
  return { databendCalls, verifier: new SetupVerifier(iamSetup, records, store, databend, {} as Dialogs) };
}

describe('Run and Verify and the role path', () => {
  it('refuses, as Preview does, when the role exists under another path, and never reaches Databend', async () => {
    const { verifier: v, databendCalls } = verifier('/databend/');
    await assert.rejects(v.verify(fields, () => undefined), /already exists under the path \/databend\/, and IAM cannot change a role's path \(you asked for \/teams\/data\/\)/);
    assert.deepEqual(databendCalls, []);
  });

  it('goes on to Databend when the paths agree (an empty field is "/")', async () => {
    const { verifier: v, databendCalls } = verifier('/');
    await assert.rejects(v.verify({ ...fields, rolePath: '' }, () => undefined), /stop here/);
    assert.deepEqual(databendCalls, ['session']);
  });
});
