// A failed policy check blocks Create: IamSetup.apply refuses before any AWS call, with the
// failed check in its message (fakes of our own ports stand in for AWS and the records).
import * as assert from 'node:assert/strict';
import type { PolicyDocument } from '../../src/core/policies';
import type { AwsService } from '../../src/ui/awsService';
import type { Dialogs } from '../../src/ui/dialogs';
import { IamSetup, IamSetupFields, PreparedSetup } from '../../src/ui/iamSetup';
import type { RoleRecords } from '../../src/ui/roleRecords';
import { GUIDE } from './guide';

const fields: IamSetupFields = {
  profile: 'moto',
  databendRoleArn: GUIDE.databendRoleArn,
  bucket: GUIDE.bucket,
  prefix: 'data',
  access: 'read',
  roleName: 'databend-test',
  policyName: 'databend-test-access',
  externalId: GUIDE.externalId,
  connectionName: 'databend_test',
  stageName: 'databend_test',
  kmsKeyArn: '',
  testFile: '', endpointUrl: '',
  permissionsBoundary: '', rolePath: '', roleTags: '',
};
const identity = { accountId: '987654321987', arn: 'arn:aws:iam::987654321987:user/me', partition: 'aws' };

function harness() {
  const calls: string[] = [];
  const aws = { load: () => ({ applyPlan: async () => calls.push('applyPlan') }) } as unknown as AwsService;
  const records = { save: async () => calls.push('record'), all: () => [] } as unknown as RoleRecords;
  const setup = new IamSetup(aws, records, {} as Dialogs);
  const prepared = (checks: PreparedSetup['checks']) =>
    ({ fields, identity, bucket: { status: 'ok', region: 'us-east-2' }, plan: { roleArn: GUIDE.roleArn, policyArn: 'p', steps: [], unmanaged: [] }, checks, gateway: {} }) as unknown as PreparedSetup;
  return { calls, setup, prepared };
}

describe('IamSetup and the policy checks', () => {
  it('checks the documents it would apply against the fields: all pass', async () => {
    const { calls, setup, prepared } = harness();
    const checks = setup.checks(setup.desired(fields, identity), fields);
    assert.deepEqual(
      checks.map((c) => c.passed),
      [true, true, true, true],
    );
    await setup.apply(prepared(checks), { confirmedUnmanaged: false });
    assert.deepEqual(calls, ['applyPlan', 'record']);
  });

  it('refuses to apply, before any AWS call, when a check fails', async () => {
    const { calls, setup, prepared } = harness();
    const desired = setup.desired(fields, identity);
    // A permission policy that grants more than the fields ask for (write, whole bucket).
    const broad: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*Object', Resource: `arn:aws:s3:::${GUIDE.bucket}/*` }, desired.permissionPolicy.Statement[0]] };
    const checks = setup.checks({ ...desired, permissionPolicy: broad }, fields);
    await assert.rejects(setup.apply(prepared(checks), { confirmedUnmanaged: true }), /^Error: Nothing was changed: a policy check of the generated documents failed\. Object actions only under s3:\/\/test-bucket-123\/data\/ \(read\): s3:PutObject under/);
    assert.deepEqual(calls, []);
  });
});
