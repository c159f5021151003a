// applyPlan on a fake of our own IamGateway port: IAM's eventual consistency (NoSuchEntity on
// something created a moment ago) and roles made for another location.

import * as assert from 'node:assert/strict';
import type { IamGateway, PolicyInfo, RoleExtras, RoleInfo } from '../../src/aws/iamGateway';
import { applyPlan, planProvisioning, PROPAGATION_RETRY_DELAYS_MS, ProvisionError } from '../../src/aws/provision';
import { CancelledError } from '../../src/core/errors';
import { desiredState, DesiredInput } from '../../src/core/desired';
import { LOCATION_TAG, Tags } from '../../src/core/plan';
import type { PolicyDocument } from '../../src/core/policies';

const ACCOUNT = '123456789012';
const input: DesiredInput = {
  accountId: ACCOUNT,
  partition: 'aws',
  bucket: 'acme-analytics-landing-zone-eu-central-1',
  prefix: 'events/clickstream/web',
  databendRoleArn: 'arn:aws:iam::123456789012:role/xxxxxxx/tnabcdefg/xxxxxxx-tnabcdefg',
  externalId: 'external-id-1',
  roleName: 'databend-web',
  policyName: 'databend-web-access',
};

const noSuchEntity = (what: string) => Object.assign(new Error(`${what} does not exist or is not attachable.`), { name: 'NoSuchEntityException' });

/** An in-memory IAM account; `lag` makes attachPolicy miss a just-created policy that many times. */
class FakeIam implements IamGateway {
  roles = new Map<string, { trust: PolicyDocument; tags: Tags; attached: string[]; path: string; boundary?: string; description?: string }>();
  policies = new Map<string, { document: PolicyDocument; tags: Tags }>();
  calls: string[] = [];
  constructor(public lag = 0) {}

  async getRole(name: string): Promise<RoleInfo | undefined> {
    const r = this.roles.get(name);
    return r && { arn: `arn:aws:iam::${ACCOUNT}:role${r.path}${name}`, trustPolicy: r.trust, tags: { ...r.tags }, path: r.path, ...(r.boundary && { permissionsBoundary: r.boundary }), ...(r.description !== undefined && { description: r.description }) };
  }
  async getPolicy(arn: string): Promise<PolicyInfo | undefined> {
    const p = this.policies.get(arn);
    return p && { arn, defaultVersionId: 'v1', tags: { ...p.tags } };
  }
  async getPolicyDocument(arn: string): Promise<unknown> {
    return this.policies.get(arn)?.document;
  }
  async listPolicyVersions() {
    return [{ versionId: 'v1', isDefault: true, createDate: '2026-01-01T00:00:00.000Z' }];
  }
  async listAttachedPolicies(name: string): Promise<string[]> {
    return [...(this.roles.get(name)?.attached ?? [])];
  }
  async listInlinePolicies(): Promise<string[]> {
    return [];
  }
  async listPolicyAttachments(arn: string): Promise<string[]> {
    return [...this.roles.entries()].filter(([, r]) => r.attached.includes(arn)).map(([name]) => `role ${name}`);
  }
  async createPolicy(name: string, document: PolicyDocument, tags: Tags): Promise<string> {
    this.calls.push('CreatePolicy');
    const arn = `arn:aws:iam::${ACCOUNT}:policy/${name}`;
    this.policies.set(arn, { document, tags: { ...tags } });
    return arn;
  }
  async createPolicyVersion(arn: string, document: PolicyDocument): Promise<string> {
    this.calls.push('CreatePolicyVersion');
    this.policies.get(arn)!.document = document;
    return 'v2';
  }
  async deletePolicyVersion(): Promise<void> {
    this.calls.push('DeletePolicyVersion');
  }
  async deletePolicy(arn: string): Promise<void> {
    this.calls.push('DeletePolicy');
    this.policies.delete(arn);
  }
  async updateRoleDescription(name: string, description: string): Promise<void> {
    this.calls.push('UpdateRole');
    this.roles.get(name)!.description = description;
  }
  async createRole(name: string, trust: PolicyDocument, tags: Tags, description: string, extras: RoleExtras = {}): Promise<string> {
    this.calls.push('CreateRole');
    this.roles.set(name, { trust, tags: { ...tags }, attached: [], path: extras.path ?? '/', boundary: extras.permissionsBoundary, description });
    return `arn:aws:iam::${ACCOUNT}:role${extras.path ?? '/'}${name}`;
  }
  /** Fails with `boundaryFailure` (then forgets it), as an organization's rule would. */
  boundaryFailure: Error | undefined;
  async putRoleBoundary(name: string, arn: string): Promise<void> {
    this.calls.push(`PutRolePermissionsBoundary ${arn}`);
    const failure = this.boundaryFailure;
    this.boundaryFailure = undefined;
    if (failure) throw failure;
    this.roles.get(name)!.boundary = arn;
  }
  async deleteRoleBoundary(name: string): Promise<void> {
    this.calls.push('DeleteRolePermissionsBoundary');
    this.roles.get(name)!.boundary = undefined;
  }
  async updateTrustPolicy(name: string, trust: PolicyDocument): Promise<void> {
    this.calls.push('UpdateAssumeRolePolicy');
    this.roles.get(name)!.trust = trust;
  }
  async attachPolicy(name: string, arn: string): Promise<void> {
    this.calls.push('AttachRolePolicy');
    if (this.lag > 0) {
      this.lag--;
      throw noSuchEntity(`Policy ${arn}`);
    }
    const role = this.roles.get(name);
    if (!role || !this.policies.has(arn)) throw noSuchEntity(`Policy ${arn}`);
    role.attached.push(arn);
  }
  async detachPolicy(name: string, arn: string): Promise<void> {
    this.calls.push('DetachRolePolicy');
    const role = this.roles.get(name)!;
    role.attached = role.attached.filter((a) => a !== arn);
  }
  async deleteInlinePolicy(): Promise<void> {}
  async deleteRole(name: string): Promise<void> {
    this.calls.push('DeleteRole');
    this.roles.delete(name);
  }
  async setDefaultPolicyVersion(): Promise<void> {}
  async tagRole(name: string, tags: Tags): Promise<void> {
    this.calls.push('TagRole');
    Object.assign(this.roles.get(name)!.tags, tags);
  }
  async tagPolicy(arn: string, tags: Tags): Promise<void> {
    this.calls.push('TagPolicy');
    Object.assign(this.policies.get(arn)!.tags, tags);
  }
  async untagRole(): Promise<void> {}
  async untagPolicy(): Promise<void> {}
}

function recordingSleep(): { sleep: (ms: number) => Promise<void>; waited: number[] } {
  const waited: number[] = [];
  return { waited, sleep: async (ms: number) => void waited.push(ms) };
}

describe('applyPlan: IAM eventual consistency', () => {
  it('retries AttachRolePolicy right after CreatePolicy answered NoSuchEntity, with growing waits, then succeeds', async () => {
    const iam = new FakeIam(3);
    const { plan } = await planProvisioning(iam, desiredState(input));
    const { sleep, waited } = recordingSleep();
    const retries: number[] = [];
    await applyPlan(iam, plan, { sleep, onRetry: (_step, attempt) => retries.push(attempt) });
    assert.deepEqual(waited, PROPAGATION_RETRY_DELAYS_MS.slice(0, 3));
    assert.deepEqual(retries, [1, 2, 3]);
    assert.deepEqual(iam.calls, ['CreatePolicy', 'CreateRole', 'AttachRolePolicy', 'AttachRolePolicy', 'AttachRolePolicy', 'AttachRolePolicy']);
    assert.deepEqual(iam.roles.get('databend-web')!.attached, [plan.policyArn]);
  });

  it('gives up after a bounded number of waits (about two minutes) and undoes the run', async () => {
    const iam = new FakeIam(Number.POSITIVE_INFINITY);
    const { plan } = await planProvisioning(iam, desiredState(input));
    const { sleep, waited } = recordingSleep();
    const error = await applyPlan(iam, plan, { sleep }).catch((e: unknown) => e);
    assert.ok(error instanceof ProvisionError, String(error));
    assert.deepEqual(waited, [...PROPAGATION_RETRY_DELAYS_MS]);
    const total = PROPAGATION_RETRY_DELAYS_MS.reduce((a, b) => a + b, 0);
    assert.ok(total >= 90_000 && total <= 180_000, `${total} ms in all`);
    assert.match(error.message, /removed again/);
    assert.equal(iam.roles.size + iam.policies.size, 0);
  });

  it('does not retry NoSuchEntity on a role or policy this run did not create', async () => {
    const iam = new FakeIam();
    await applyPlan(iam, (await planProvisioning(iam, desiredState(input))).plan);
    iam.roles.get('databend-web')!.attached = [];
    iam.lag = 1;
    const { sleep, waited } = recordingSleep();
    const { plan } = await planProvisioning(iam, desiredState(input));
    assert.deepEqual(plan.steps.map((s) => s.kind), ['attachPolicy']);
    await assert.rejects(applyPlan(iam, plan, { sleep }), /NoSuchEntity/);
    assert.deepEqual(waited, []);
  });

  it('stops waiting when the user cancels', async () => {
    const iam = new FakeIam(5);
    const { plan } = await planProvisioning(iam, desiredState(input));
    let cancelled = false;
    const sleep = async () => void (cancelled = true);
    await assert.rejects(applyPlan(iam, plan, { sleep, isCancelled: () => cancelled }), CancelledError);
    assert.equal(iam.roles.size + iam.policies.size, 0, 'the run was undone');
  });
});

describe('applyPlan: a role made for another location', () => {
  it('refuses to change it without the user\'s consent, naming the location it serves', async () => {
    const iam = new FakeIam();
    await applyPlan(iam, (await planProvisioning(iam, desiredState(input))).plan);
    // A second setup that the user gave the same role and policy names, for another prefix.
    const app = desiredState({ ...input, prefix: 'events/clickstream/app', externalId: 'external-id-2' });
    const { plan } = await planProvisioning(iam, app);
    assert.deepEqual(plan.otherLocation.map((o) => o.resource).sort(), ['policy', 'role']);
    assert.ok(plan.otherLocation.every((o) => o.location === 's3://acme-analytics-landing-zone-eu-central-1/events/clickstream/web/'));
    const before = iam.calls.length;
    await assert.rejects(applyPlan(iam, plan), /made for s3:\/\/acme-analytics-landing-zone-eu-central-1\/events\/clickstream\/web\/.*Nothing was changed/);
    assert.equal(iam.calls.length, before, 'no request was sent');
    await applyPlan(iam, plan, { confirmedOtherLocation: true });
    assert.equal(iam.roles.get('databend-web')!.tags[LOCATION_TAG], 's3://acme-analytics-landing-zone-eu-central-1/events/clickstream/app/');
  });

  it('runs again without asking for its own location', async () => {
    const iam = new FakeIam();
    await applyPlan(iam, (await planProvisioning(iam, desiredState(input))).plan);
    const { plan } = await planProvisioning(iam, desiredState({ ...input, externalId: 'a-new-external-id' }));
    assert.deepEqual(plan.otherLocation, []);
    assert.deepEqual(plan.steps.map((s) => s.kind), ['updateTrustPolicy']);
  });

  it('grows by more locations without asking (the role served one of them); dropping a location asks, naming them all', async () => {
    const iam = new FakeIam();
    await applyPlan(iam, (await planProvisioning(iam, desiredState(input))).plan);
    const grown = desiredState({ ...input, moreLocations: [{ bucket: 'acme-archive', prefix: 'exports' }] });
    const { plan } = await planProvisioning(iam, grown);
    assert.deepEqual(plan.otherLocation, []);
    assert.deepEqual(plan.steps.map((s) => s.kind).sort(), ['createPolicyVersion', 'tagPolicy', 'tagRole', 'updateRoleDescription']);
    await applyPlan(iam, plan);
    // The description says what the role serves now (found by a new-user trial: it kept the first run's).
    assert.match(iam.roles.get('databend-web')!.description ?? '', /s3:\/\/acme-analytics-landing-zone-eu-central-1\/events\/clickstream\/web\/ and s3:\/\/acme-archive\/exports\//);
    assert.match(iam.roles.get('databend-web')!.tags[LOCATION_TAG], /^s3:\/\/acme-analytics-landing-zone-eu-central-1\/events\/clickstream\/web\/ \+1 [a-z2-7]{10}$/);
    // Back to one location: the other setup (this one, grown) would lose s3://acme-archive/exports/.
    const shrunk = await planProvisioning(iam, desiredState(input));
    // The same setup, narrowed: the plan names the location that loses access.
    assert.deepEqual(
      shrunk.plan.otherLocation.map((o) => [o.resource, o.lost]),
      [
        ['policy', 's3://acme-archive/exports/'],
        ['role', 's3://acme-archive/exports/'],
      ],
    );
    // Grown again from two locations to three: nothing to ask (found by a new-user trial: it asked "made for another location").
    const three = desiredState({ ...input, moreLocations: [{ bucket: 'acme-archive', prefix: 'exports' }, { bucket: 'acme-logs' }] });
    assert.deepEqual((await planProvisioning(iam, three)).plan.otherLocation, []);
    // The same locations in the same order: nothing to change, nothing to ask.
    assert.deepEqual((await planProvisioning(iam, grown)).plan.steps, []);
  });

  it('asks about a role from before locations were recorded, naming its bucket', async () => {
    const iam = new FakeIam();
    await applyPlan(iam, (await planProvisioning(iam, desiredState(input))).plan);
    delete iam.roles.get('databend-web')!.tags[LOCATION_TAG];
    const { plan } = await planProvisioning(iam, desiredState(input));
    assert.deepEqual(plan.otherLocation, [{ resource: 'role', location: 's3://acme-analytics-landing-zone-eu-central-1 (prefix not recorded)' }]);
  });
});

describe('applyPlan: organization requirements', () => {
  const boundary = `arn:aws:iam::${ACCOUNT}:policy/OrgBoundary`;
  const guarded = { ...input, permissionsBoundary: boundary, rolePath: '/databend/', roleTags: { team: 'data' } };
  /** An account whose administrator made the boundaries (planning checks that they exist). */
  const guardedIam = () => {
    const iam = new FakeIam();
    for (const arn of [boundary, 'arn:aws:iam::aws:policy/PowerUserAccess']) iam.policies.set(arn, { document: { Version: '2012-10-17', Statement: [] } as unknown as PolicyDocument, tags: {} });
    return iam;
  };

  it('creates the role with its path and boundary, and a re-run changes nothing', async () => {
    const iam = guardedIam();
    const { plan } = await planProvisioning(iam, desiredState(guarded));
    assert.equal((await applyPlan(iam, plan)).roleArn, `arn:aws:iam::${ACCOUNT}:role/databend/databend-web`);
    assert.deepEqual({ path: iam.roles.get('databend-web')!.path, boundary: iam.roles.get('databend-web')!.boundary }, { path: '/databend/', boundary });
    assert.equal(iam.roles.get('databend-web')!.tags.team, 'data');
    assert.equal(iam.policies.get(plan.policyArn)!.tags.team, 'data');
    assert.deepEqual((await planProvisioning(iam, desiredState(guarded))).plan.steps, []);
  });

  it('puts back the boundary it replaced when a later step fails', async () => {
    const iam = guardedIam();
    await applyPlan(iam, (await planProvisioning(iam, desiredState(guarded))).plan);
    iam.roles.get('databend-web')!.attached = [];
    const other = 'arn:aws:iam::aws:policy/PowerUserAccess';
    const { plan } = await planProvisioning(iam, desiredState({ ...guarded, permissionsBoundary: other }));
    assert.deepEqual(plan.steps.map((s) => s.kind), ['putRoleBoundary', 'attachPolicy']);
    iam.lag = 1;
    const error = await applyPlan(iam, plan).catch((e: unknown) => e);
    assert.ok(error instanceof ProvisionError, String(error));
    assert.deepEqual(error.undone, [`restore the permissions boundary ${boundary} of databend-web`]);
    assert.equal(iam.roles.get('databend-web')!.boundary, boundary);
  });

  it('removes a boundary no longer wanted, and puts it back when a later step fails', async () => {
    const iam = guardedIam();
    await applyPlan(iam, (await planProvisioning(iam, desiredState(guarded))).plan);
    iam.roles.get('databend-web')!.attached = [];
    const { plan } = await planProvisioning(iam, desiredState({ ...guarded, permissionsBoundary: undefined }));
    assert.deepEqual(plan.steps.map((s) => s.kind), ['deleteRoleBoundary', 'attachPolicy']);
    iam.lag = 1;
    await assert.rejects(applyPlan(iam, plan), ProvisionError);
    assert.equal(iam.roles.get('databend-web')!.boundary, boundary);
    iam.lag = 0;
    await applyPlan(iam, plan);
    assert.equal(iam.roles.get('databend-web')!.boundary, undefined);
  });

  it('reports an organization rule that refuses the boundary as such, and changes nothing else', async () => {
    const iam = guardedIam();
    await applyPlan(iam, (await planProvisioning(iam, desiredState(input))).plan);
    const { plan } = await planProvisioning(iam, desiredState({ ...input, permissionsBoundary: boundary }));
    iam.boundaryFailure = Object.assign(
      new Error('User: arn:aws:iam::987654321987:user/me is not authorized to perform: iam:PutRolePermissionsBoundary on resource: role databend-web with an explicit deny in a service control policy'),
      { name: 'AccessDenied' },
    );
    const error = await applyPlan(iam, plan).catch((e: unknown) => e);
    assert.ok(error instanceof ProvisionError);
    assert.match(error.message, /set the permissions boundary of the role databend-web/);
    assert.match(error.message, /an organization rule blocks iam:PutRolePermissionsBoundary/);
    assert.equal(iam.roles.get('databend-web')!.boundary, undefined);
  });
});

describe('planning and the permissions boundary\'s existence', () => {
  const boundary = `arn:aws:iam::${ACCOUNT}:policy/OrgBoundary`;
  const guarded = { ...input, permissionsBoundary: boundary };

  it('refuses a boundary IAM does not have, before any write (GetPolicy: NoSuchEntity)', async () => {
    const iam = new FakeIam();
    await assert.rejects(planProvisioning(iam, desiredState(guarded)), /^Error: The permissions boundary arn:aws:iam::123456789012:policy\/OrgBoundary does not exist \(IAM GetPolicy: NoSuchEntity\)\. Check the ARN/);
    assert.deepEqual(iam.calls, []);
  });

  it('goes on, saying so in the plan, when GetPolicy on the boundary is denied', async () => {
    const iam = new FakeIam();
    const read = iam.getPolicy.bind(iam);
    iam.getPolicy = async (arn: string) => {
      if (arn === boundary) throw Object.assign(new Error('User: x is not authorized to perform: iam:GetPolicy'), { name: 'AccessDenied' });
      return read(arn);
    };
    const { plan } = await planProvisioning(iam, desiredState(guarded));
    assert.deepEqual(plan.steps.map((s) => s.kind), ['createPolicy', 'createRole', 'attachPolicy']);
    assert.match(plan.notes?.join('\n') ?? '', /The permissions boundary arn:aws:iam::123456789012:policy\/OrgBoundary could not be checked/);
  });

  it('reads nothing more when the role already has that boundary', async () => {
    const iam = new FakeIam();
    iam.policies.set(boundary, { document: { Version: '2012-10-17', Statement: [] } as unknown as PolicyDocument, tags: {} });
    await applyPlan(iam, (await planProvisioning(iam, desiredState(guarded))).plan);
    iam.policies.delete(boundary);
    const { plan } = await planProvisioning(iam, desiredState(guarded));
    assert.deepEqual(plan.steps, []);
  });
});
