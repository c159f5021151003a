// Organization guardrails (issue 13, item 3): the permissions boundary, role path and tags
// a user may give, checked at IAM's limits (restated here from the IAM API Reference,
// CreateRole / Tag, rather than imported), and the plan steps they make.

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { desiredState, DesiredInput } from '../../src/core/desired';
import { cloudFormationTemplate, iacRoleArn, terraformConfig } from '../../src/core/iac';
import { CurrentState, describeStep, makePlan, MANAGED_TAG, RolePathError } from '../../src/core/plan';
import { formatRoleTags, MAX_USER_TAGS, parseRoleTags, validatePermissionsBoundary, validateRolePath, validateRoleTags } from '../../src/core/roleOptions';
import { validateSetup } from '../../src/core/setupForm';
import { GUIDE } from './guide';

const API = { path: 512, tagKey: 128, tagValue: 256, tags: 50, managedTags: 3 };
/** IAM's own patterns: CreateRole Path, Tag Key / Value. */
const IAM_PATH = /^(\/|\/[\u0021-\u007E]+\/)$/;
const IAM_TAG = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

const BOUNDARY = 'arn:aws:iam::987654321987:policy/OrgBoundary';
const base: DesiredInput = {
  accountId: '987654321987',
  partition: 'aws',
  bucket: GUIDE.bucket,
  databendRoleArn: GUIDE.databendRoleArn,
  externalId: GUIDE.externalId,
  roleName: 'databend-test',
  policyName: 'databend-test-access',
};

describe('permissions boundary field', () => {
  it('accepts managed policy ARNs of the account, of AWS, with a path, in every partition; empty means none', () => {
    for (const arn of ['', BOUNDARY, 'arn:aws:iam::aws:policy/PowerUserAccess', 'arn:aws:iam::987654321987:policy/org/boundaries/Data_Boundary+1', 'arn:aws-us-gov:iam::987654321987:policy/B', 'arn:aws-cn:iam::aws:policy/B']) {
      assert.equal(validatePermissionsBoundary(arn), undefined, arn);
    }
  });

  it('refuses what is not a managed policy ARN, saying what to write instead', () => {
    const cases: [string, RegExp][] = [
      ['OrgBoundary', /managed policy ARN, for example arn:aws:iam::123456789012:policy\/OrgBoundary/],
      ['arn:aws:iam::987654321987:role/OrgBoundary', /role ARN; a permissions boundary is a managed policy/],
      ['arn:aws:s3:::bucket/x:y', /"s3" service/],
      ['arn:aws:iam:us-east-1:987654321987:policy/B', /no region/],
      ['arn:aws:iam::98765432198:policy/B', /12 digits \(or "aws"/],
      ['arn:aws:iam::987654321987:policy/*', /cannot contain "\*"/],
      ['arn:aws:iam::987654321987:policy/a//b', /empty path segment/],
      ['arn:aws:iam::987654321987:policy/b/', /empty path segment/],
      ['arn:aws:iam::987654321987:policy/with space', /spaces/],
      [`arn:aws:iam::987654321987:policy/${'p'.repeat(129)}`, /longer than the 128/],
      ['arn:aws:iam::987654321987:policy/bad#name', /letters, digits and \+ = , \. @ _ -/],
      ['arn:aws-eu:iam::987654321987:policy/B', /Unknown AWS partition/],
    ];
    for (const [arn, message] of cases) assert.match(validatePermissionsBoundary(arn) ?? '', message, arn);
  });

  it('must be in the role\'s partition', () => {
    assert.throws(() => desiredState({ ...base, permissionsBoundary: 'arn:aws-cn:iam::aws:policy/B' }), /Permissions boundary: .*aws partition/);
  });
});

describe('role path field', () => {
  it('accepts "/" (or empty) and "/…/" up to 512 characters, refuses one more', () => {
    assert.equal(validateRolePath(''), undefined);
    assert.equal(validateRolePath('/'), undefined);
    assert.equal(validateRolePath('/databend/'), undefined);
    assert.equal(validateRolePath(`/${'a'.repeat(API.path - 2)}/`), undefined);
    assert.match(validateRolePath(`/${'a'.repeat(API.path - 1)}/`) ?? '', /at most 512 characters; this one has 513/);
  });

  it('says how to write a path without its slashes', () => {
    assert.equal(validateRolePath('databend'), 'A role path starts and ends with "/", for example /databend/.');
    assert.match(validateRolePath('/databend') ?? '', /for example \/databend\//);
    assert.match(validateRolePath('/data bend/') ?? '', /printable ASCII characters only/);
    assert.match(validateRolePath('/daté/') ?? '', /printable ASCII characters only/);
    // ASCII, but a double slash with nothing between: said as such, not as a character problem.
    assert.equal(validateRolePath('//'), 'A role path needs a name between its slashes: "//" is an empty segment. Write / for IAM\'s default, or for example /teams/data/.');
  });

  it('accepts exactly what IAM accepts (property)', () => {
    const char = fc.oneof(fc.constantFrom('/', 'a', 'Z', '0', '-', '_', ' ', '~', '!', 'é', '\t', '\u007F'), fc.string({ maxLength: 1 }));
    fc.assert(
      fc.property(fc.array(char, { maxLength: 600 }).map((cs) => cs.join('')), fc.boolean(), (body, wrap) => {
        const path = wrap ? `/${body}/` : body;
        const iam = path.length >= 1 && path.length <= API.path && IAM_PATH.test(path);
        // Blank is our "not given"; anything else is judged as IAM judges it.
        if (path.trim() === '') return;
        if (path.trim() !== path) return;
        assert.equal(validateRolePath(path) === undefined, iam, JSON.stringify(path));
      }),
    );
  });
});

describe('tags field', () => {
  it('reads key=value pairs separated by commas or lines, a value may be empty or hold "="', () => {
    const text = ' team=data , cost center = 1234\nempty=\nformula=a=b ';
    assert.equal(validateRoleTags(text), undefined);
    assert.deepEqual(parseRoleTags(text), { team: 'data', 'cost center': '1234', empty: '', formula: 'a=b' });
    assert.equal(formatRoleTags(parseRoleTags(text)), 'team=data, cost center=1234, empty=, formula=a=b');
  });

  it('counts the extension\'s own tags against IAM\'s 50', () => {
    assert.equal(MAX_USER_TAGS, API.tags - API.managedTags);
    const tags = (n: number) => Array.from({ length: n }, (_, i) => `k${i}=v`).join(', ');
    assert.equal(validateRoleTags(tags(MAX_USER_TAGS)), undefined);
    assert.match(validateRoleTags(tags(MAX_USER_TAGS + 1)) ?? '', /IAM allows 50 tags on a role and this extension sets 3 of its own: give at most 47 \(here: 48\)/);
    const desired = desiredState({ ...base, roleTags: parseRoleTags(tags(MAX_USER_TAGS)) });
    assert.equal(Object.keys(desired.tags).length, API.tags);
  });

  it('checks keys and values at their limits', () => {
    assert.equal(validateRoleTags(`${'k'.repeat(API.tagKey)}=${'v'.repeat(API.tagValue)}`), undefined);
    assert.match(validateRoleTags(`${'k'.repeat(API.tagKey + 1)}=v`) ?? '', /has 129 characters; IAM allows 128/);
    assert.match(validateRoleTags(`k=${'v'.repeat(API.tagValue + 1)}`) ?? '', /has 257 characters; IAM allows 256/);
  });

  it('refuses what IAM refuses, saying why', () => {
    const cases: [string, RegExp][] = [
      ['team', /key=value \(for example team=data\); "team" has no "="/],
      ['=data', /has no key/],
      ['aws:team=x', /"aws:", which AWS reserves/],
      ['AWS:team=x', /"aws:", which AWS reserves/],
      ['databend-iam-role:managed=false', /which this extension sets itself/],
      ['team!=x', /letters, digits, spaces and _ \. : \/ = \+ - @ only/],
      ['team=a;b', /value of the tag team may contain/],
      ['team=a, Team=b', /"Team" is given twice \(as "team"; IAM does not tell keys apart by case\)/],
      ['team=a, team=b', /"team" is given twice: keep one/],
    ];
    for (const [text, message] of cases) assert.match(validateRoleTags(text) ?? '', message, text);
  });

  it('accepts exactly the tags IAM accepts (property)', () => {
    const tagChar = fc.constantFrom('a', 'Ж', '7', ' ', '_', '.', ':', '/', '+', '-', '@', '!', '#', '"', '\u00A0', 'ß');
    const word = (max: number) => fc.array(tagChar, { minLength: 1, maxLength: max }).map((cs) => cs.join('').trim()).filter((w) => w !== '');
    fc.assert(
      fc.property(fc.array(fc.tuple(word(140), fc.oneof(word(270), fc.constant(''))), { maxLength: 5 }), (pairs) => {
        const text = pairs.map(([k, v]) => `${k}=${v}`).join(', ');
        const keys = pairs.map(([k]) => k.toLowerCase());
        const iam =
          pairs.every(([k, v]) => k.length <= API.tagKey && v.length <= API.tagValue && IAM_TAG.test(k) && IAM_TAG.test(v) && !/^aws:/i.test(k)) && new Set(keys).size === keys.length;
        assert.equal(validateRoleTags(text) === undefined, iam, text);
        if (iam) {
          // Accepted tags pass desiredState's own limit check too.
          desiredState({ ...base, roleTags: parseRoleTags(text) });
        }
      }),
    );
  });
});

describe('the setup form with organization requirements', () => {
  const values = {
    databendRoleArn: GUIDE.databendRoleArn,
    bucket: GUIDE.bucket,
    prefix: '',
    access: 'read' as const,
    roleName: 'databend-test',
    policyName: 'databend-test-access',
    externalId: GUIDE.externalId,
    connectionName: 'c',
    stageName: 's',
    kmsKeyArn: '',
    testFile: '',
    endpointUrl: '',
    permissionsBoundary: '',
    rolePath: '',
    roleTags: '',
  };

  it('flags a boundary from the profile\'s other partition under its field', () => {
    const cn = { ...values, permissionsBoundary: 'arn:aws-cn:iam::123456789012:policy/X' };
    assert.deepEqual(validateSetup(cn), {});
    assert.match(validateSetup(cn, { partition: 'aws' }).permissionsBoundary ?? '', /^The permissions boundary must be a policy in the aws partition/);
  });

  it('shows one message per new field, under its own key', () => {
    assert.deepEqual(validateSetup(values), {});
    const errors = validateSetup({ ...values, permissionsBoundary: 'x', rolePath: 'data', roleTags: 'aws:x=1' });
    assert.deepEqual(Object.keys(errors).sort(), ['permissionsBoundary', 'rolePath', 'roleTags']);
  });
});

describe('the permissions boundary and the profile\'s partition', () => {
  it('flags a boundary from another partition as it is typed, once the profile\'s partition is known', () => {
    const cn = 'arn:aws-cn:iam::123456789012:policy/X';
    assert.equal(validatePermissionsBoundary(cn), undefined, 'partition unknown: the form alone cannot tell');
    assert.equal(validatePermissionsBoundary(cn, 'aws-cn'), undefined);
    assert.equal(
      validatePermissionsBoundary(cn, 'aws'),
      'The permissions boundary must be a policy in the aws partition (arn:aws:iam::…), as the role is. This profile signs in to aws; the ARN is in aws-cn.',
    );
  });
});

describe('the desired state and the plan with organization requirements', () => {
  const desired = desiredState({ ...base, permissionsBoundary: BOUNDARY, rolePath: '/databend/', roleTags: { team: 'data' } });

  it('puts the user\'s tags beside the extension\'s own, on the role and the policy', () => {
    assert.equal(desired.tags.team, 'data');
    assert.equal(desired.tags[MANAGED_TAG], 'true');
    assert.equal(desired.path, '/databend/');
    assert.equal(desired.permissionsBoundary, BOUNDARY);
    assert.equal(desiredState({ ...base, rolePath: '/' }).path, undefined, 'IAM\'s default path is left out');
  });

  it('creates the role with its path, boundary and tags, and names its ARN with the path', () => {
    const plan = makePlan(desired, {});
    const create = plan.steps.find((s) => s.kind === 'createRole');
    assert.ok(create && create.kind === 'createRole');
    assert.equal(create.path, '/databend/');
    assert.equal(create.permissionsBoundary, BOUNDARY);
    assert.equal(create.tags.team, 'data');
    assert.equal(plan.roleArn, 'arn:aws:iam::987654321987:role/databend/databend-test');
    // Separate clauses: the tags are the role's, not the boundary's.
    assert.equal(describeStep(create), `Create the IAM role databend-test under the path /databend/, trusted by Databend under the external ID; permissions boundary ${BOUNDARY}; tags team=data`);
    const policy = plan.steps.find((s) => s.kind === 'createPolicy');
    assert.ok(policy);
    assert.equal(describeStep(policy), `Create the IAM policy ${desired.policyName}; tags team=data (on the policy too, as on the role)`);
    assert.equal(describeStep(makePlan(desiredState(base), {}).steps[0]), `Create the IAM policy ${desiredState(base).policyName}`, 'no user tags: nothing more');
  });

  function existing(overrides: Partial<NonNullable<CurrentState['role']>> = {}): CurrentState {
    return {
      role: { arn: 'arn:aws:iam::987654321987:role/databend/databend-test', trustPolicy: desired.trustPolicy, tags: { ...desired.tags }, attachedPolicyArns: [makePlan(desired, {}).policyArn], path: '/databend/', permissionsBoundary: BOUNDARY, ...overrides },
      policy: { arn: makePlan(desired, {}).policyArn, defaultVersionId: 'v1', defaultDocument: desired.permissionPolicy, tags: { ...desired.tags } },
    };
  }

  it('has nothing to do when the role already has them (idempotent)', () => {
    assert.deepEqual(makePlan(desired, existing()).steps, []);
  });

  it('puts a boundary the role lacks, replaces another, removes one no longer wanted', () => {
    const put = makePlan(desired, existing({ permissionsBoundary: undefined })).steps;
    assert.deepEqual(put, [{ kind: 'putRoleBoundary', roleName: 'databend-test', boundary: BOUNDARY }]);
    assert.equal(describeStep(put[0]), `Set the permissions boundary of the role databend-test to ${BOUNDARY}`);

    const other = 'arn:aws:iam::aws:policy/PowerUserAccess';
    const replace = makePlan(desired, existing({ permissionsBoundary: other })).steps;
    assert.deepEqual(replace, [{ kind: 'putRoleBoundary', roleName: 'databend-test', boundary: BOUNDARY, before: other }]);
    assert.match(describeStep(replace[0]), /Replace the permissions boundary of the role databend-test \(arn:aws:iam::aws:policy\/PowerUserAccess → /);

    const without = { ...desired, permissionsBoundary: undefined };
    const remove = makePlan(without, existing()).steps;
    assert.deepEqual(remove, [{ kind: 'deleteRoleBoundary', roleName: 'databend-test', before: BOUNDARY }]);
    assert.equal(describeStep(remove[0]), `Remove the permissions boundary ${BOUNDARY} from the role databend-test`);
  });

  it('adds or updates only the tags that differ, on the role and the policy', () => {
    const more = desiredState({ ...base, permissionsBoundary: BOUNDARY, rolePath: '/databend/', roleTags: { team: 'analytics', owner: 'me@example.com' } });
    const steps = makePlan(more, existing()).steps;
    assert.deepEqual(
      steps.map((s) => [s.kind, 'tags' in s ? s.tags : undefined, 'before' in s ? s.before : undefined]),
      [
        ['tagPolicy', { team: 'analytics', owner: 'me@example.com' }, { team: 'data' }],
        ['tagRole', { team: 'analytics', owner: 'me@example.com' }, { team: 'data' }],
      ],
    );
    // The plan the user reads (form, confirmation, quick inputs): old → new values, added pairs.
    assert.equal(describeStep(steps[0]), `Tag the policy ${makePlan(desired, {}).policyArn} (team: data → analytics, owner=me@example.com)`);
    assert.equal(describeStep(steps[1]), 'Tag the role databend-test (team: data → analytics, owner=me@example.com)');
  });

  it('compares tag keys as IAM does, without regard to case', () => {
    const current = existing();
    delete current.role!.tags.team;
    current.role!.tags.Team = 'data';
    assert.deepEqual(makePlan(desired, current).steps, [], 'Team=data is team=data');
    current.role!.tags.Team = 'x';
    assert.deepEqual(makePlan(desired, current).steps, [{ kind: 'tagRole', roleName: 'databend-test', tags: { team: 'data' }, before: { team: 'x' } }]);
  });

  it('refuses to move an existing role to another path, naming the ways out', () => {
    assert.throws(
      () => makePlan(desired, existing({ path: '/' })),
      (error: unknown) =>
        error instanceof RolePathError &&
        /already exists under the path \/, and IAM cannot change a role's path \(you asked for \/databend\/\)/.test(error.message) &&
        /Choose another IAM role name/.test(error.message) &&
        /set the role path to \/ to keep this role/.test(error.message) &&
        /remove the role/.test(error.message),
    );
    const atRoot = desiredState(base);
    assert.throws(() => makePlan(atRoot, existing()), /under the path \/databend\/.*you asked for \/\)/);
  });

  it('writes them into both templates; the path is the role\'s only', () => {
    const sql = 'SELECT 1;\n';
    const cfn = JSON.parse(cloudFormationTemplate(desired, sql)) as { Resources: Record<string, { Properties: Record<string, unknown> }> };
    const role = cfn.Resources.DatabendRole.Properties;
    assert.equal(role.Path, '/databend/');
    assert.equal(role.PermissionsBoundary, BOUNDARY);
    assert.deepEqual((role.Tags as { Key: string; Value: string }[]).find((t) => t.Key === 'team'), { Key: 'team', Value: 'data' });
    assert.equal(cfn.Resources.DatabendPolicy.Properties.Path, undefined);
    assert.equal(iacRoleArn(desired), makePlan(desired, {}).roleArn);
    const tf = terraformConfig(desired, sql);
    assert.match(tf, /permissions_boundary = "arn:aws:iam::987654321987:policy\/OrgBoundary"/);
    assert.match(tf, /path {18}= "\/databend\/"|path += "\/databend\/"/);
    assert.match(tf, /"team" += "data"/);
  });
});
