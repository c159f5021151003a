// AccessDenied in the shapes AWS writes it: an organization rule (explicit deny, SCP,
// permissions boundary) is told apart from a missing permission. Account IDs are made up.
import * as assert from 'node:assert/strict';
import { explainAwsError, parseAccessDenial } from '../../src/aws/errors';

const USER = 'arn:aws:iam::123456789012:user/x';
const ROLE = 'arn:aws:iam::123456789012:role/databend-acme-data';
const denied = (tail: string) => `User: ${USER} is not authorized to perform: iam:CreateRole on resource: ${ROLE}${tail}`;

function explain(message: string, code = 'AccessDenied', doing = 'create the role databend-acme-data'): string {
  const error = Object.assign(new Error(message), { name: code });
  return explainAwsError(error, doing).message;
}

describe('explainAwsError: organization guardrails', () => {
  it('an explicit deny: an organization rule blocks that action on that resource; what to ask', () => {
    const text = explain(denied(' with an explicit deny'));
    assert.match(text, /^Could not create the role databend-acme-data: an organization rule blocks iam:CreateRole on arn:aws:iam::123456789012:role\/databend-acme-data: /);
    assert.match(text, /an explicit deny \(a service control policy of your AWS Organization, a permissions boundary or a policy on your identity\)\./);
    assert.match(text, /More permissions for your identity will not lift it\./);
    assert.match(text, /Organizations often allow new roles only with a permissions boundary, a role path or tags they prescribe: once you know them, enter them under "Organization requirements" in the setup form/);
    assert.match(text, /Ask your AWS administrator which rule this is and what it requires for iam:CreateRole, or to let them create the role and policy for you from what "Generate SQL only" shows\.$/);
    assert.doesNotMatch(text, /lacks the permission/);
  });

  it('names the kind of rule when AWS does', () => {
    const cases: [string, RegExp][] = [
      [' with an explicit deny in a service control policy', /an explicit deny in a service control policy \(SCP\) of your AWS Organization\./],
      [
        ' with an explicit deny in a service control policy: arn:aws:organizations::123456789012:policy/o-abcd1234/service_control_policy/p-abcd1234',
        /in a service control policy \(SCP\) of your AWS Organization \(arn:aws:organizations::123456789012:policy\/o-abcd1234\/service_control_policy\/p-abcd1234\)\./,
      ],
      [' because no service control policy allows the iam:CreateRole action', /no service control policy \(SCP\) of your AWS Organization allows it\./],
      [' with an explicit deny in a resource control policy', /an explicit deny in a resource control policy \(RCP\) of your AWS Organization\./],
      [' with an explicit deny in a permissions boundary', /an explicit deny in the permissions boundary of arn:aws:iam::123456789012:user\/x\./],
      [' because no permissions boundary allows the iam:CreateRole action', /the permissions boundary of arn:aws:iam::123456789012:user\/x does not allow it\./],
      [' with an explicit deny in an identity-based policy', /an explicit deny in a policy attached to the identity arn:aws:iam::123456789012:user\/x \(or its group or permission set\)\./],
      [' with an explicit deny in a session policy', /an explicit deny in the session policy of this role session\./],
    ];
    for (const [tail, where] of cases) {
      const text = explain(denied(tail));
      assert.match(text, /an organization rule blocks iam:CreateRole on arn:aws:iam::123456789012:role\/databend-acme-data: /, tail);
      assert.match(text, where, tail);
      assert.match(text, /Ask your AWS administrator/, tail);
    }
  });

  it('any action and resource, S3 quoting its resource', () => {
    const text = explain(
      'User: arn:aws:sts::123456789012:assumed-role/Dev/alice is not authorized to perform: s3:ListBucket on resource: "arn:aws:s3:::acme-data" with an explicit deny in a service control policy',
      'AccessDenied',
      'check the bucket acme-data',
    );
    assert.match(text, /an organization rule blocks s3:ListBucket on arn:aws:s3:::acme-data: an explicit deny in a service control policy/);
    assert.doesNotMatch(text, /role path/, 'the role-creation hint is for IAM role and policy actions');
  });

  it('a plain missing permission is still reported as one', () => {
    assert.match(explain(denied('')), /your AWS identity lacks the permission iam:CreateRole\. Ask your AWS administrator to grant it/);
    assert.match(explain(denied(' because no identity-based policy allows the iam:CreateRole action')), /lacks the permission iam:CreateRole/);
    assert.match(explain(denied(' because no session policy allows the iam:CreateRole action')), /the session policy of this role session does not allow iam:CreateRole/);
  });

  it('parses the parts of the message', () => {
    assert.deepEqual(parseAccessDenial(denied(' with an explicit deny in a permissions boundary')), {
      principal: USER,
      action: 'iam:CreateRole',
      resource: ROLE,
      deny: 'explicit',
      policyType: 'permissions boundary',
      policyArn: undefined,
    });
    assert.deepEqual(parseAccessDenial('Access Denied'), { principal: undefined, action: undefined, resource: undefined });
  });
});
