// The requests the SDK really sends, recorded on the way to moto, at the extremes of what the
// validators accept, against IAM's limits (API reference; moto does not enforce all of them);
// and the two setups on one long bucket, which used to share a role.

import { IAMClient, ListAttachedRolePoliciesCommand, GetRoleCommand } from '@aws-sdk/client-iam';
import type { MiddlewareStack } from '@smithy/types';
import * as assert from 'node:assert/strict';
import { SdkIamGateway } from '../../src/aws/iamGateway';
import { applyPlan, planProvisioning } from '../../src/aws/provision';
import { desiredState, DesiredInput } from '../../src/core/desired';
import { deriveNames } from '../../src/core/names';
import { MOTO_ACCOUNT, MOTO_CREDENTIALS } from '../support/moto';
import { localMoto } from './fixtures';

interface Sent {
  command: string;
  input: Record<string, unknown>;
}

function recordingClient(endpoint: string): { iam: IAMClient; sent: Sent[] } {
  const sent: Sent[] = [];
  const iam = new IAMClient({ endpoint, region: 'us-east-1', credentials: MOTO_CREDENTIALS });
  const record = (next: (args: { input: object }) => Promise<unknown>, context: { commandName?: string }) => async (args: { input: object }) => {
    sent.push({ command: String(context.commandName), input: { ...args.input } as Record<string, unknown> });
    return next(args);
  };
  (iam.middlewareStack as unknown as MiddlewareStack<object, object>).add(record as never, { step: 'initialize', name: 'recordInputs' });
  return { iam, sent };
}

/** Each way a request breaks a limit of IAM's API reference. */
function overLimits({ command, input }: Sent): string[] {
  const out: string[] = [];
  const size = (text: unknown) => String(text).replace(/\s/g, '').length;
  const check = (ok: boolean, what: string) => ok || out.push(`${command}: ${what}`);
  if (input.RoleName !== undefined) check(/^[\w+=,.@-]{1,64}$/.test(String(input.RoleName)), 'RoleName');
  if (input.PolicyName !== undefined) check(/^[\w+=,.@-]{1,128}$/.test(String(input.PolicyName)), 'PolicyName');
  if (input.Path !== undefined) check(String(input.Path).length <= 512, 'Path');
  if (input.Description !== undefined) check(/^[\t\n\r\u0020-\u007E\u00A1-\u00FF]{0,1000}$/.test(String(input.Description)), 'Description');
  if (input.AssumeRolePolicyDocument !== undefined) check(size(input.AssumeRolePolicyDocument) <= 2048, 'AssumeRolePolicyDocument size');
  if (command === 'UpdateAssumeRolePolicyCommand') check(size(input.PolicyDocument) <= 2048, 'trust PolicyDocument size');
  else if (input.PolicyDocument !== undefined) check(size(input.PolicyDocument) <= 6144, 'PolicyDocument size');
  if (input.Tags !== undefined) {
    const tags = input.Tags as { Key: string; Value: string }[];
    check(tags.length <= 50, 'number of tags');
    for (const { Key, Value } of tags) {
      check(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u.test(Key) && !Key.startsWith('aws:'), `tag key ${Key}`);
      check(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u.test(Value), `tag value ${Value}`);
    }
  }
  return out;
}

const extreme: DesiredInput = {
  accountId: MOTO_ACCOUNT,
  partition: 'aws',
  bucket: `${'b'.repeat(62)}1`,
  prefix: `${Array.from({ length: 90 }, (_v, i) => `seg(${i % 10})!,x`).join('/')}z`,
  access: 'readwrite',
  kmsKeyArn: `arn:aws:kms:us-east-1:123456789012:key/${'k'.repeat(2048 - 'arn:aws:kms:us-east-1:123456789012:key/'.length)}`,
  databendRoleArn: `arn:aws:iam::123456789012:role/${'p'.repeat(506)}/${'n'.repeat(64)}`,
  externalId: 'x'.repeat(1224),
  roleName: 'r'.repeat(64),
  policyName: 'p'.repeat(128),
};

describe('IAM requests within IAM\'s limits, on moto', function () {
  this.timeout(60_000);
  let endpoint: string;

  before(async function () {
    this.timeout(120_000);
    endpoint = (await localMoto()).endpoint;
  });

  beforeEach(async () => (await localMoto()).reset());

  it('the longest accepted inputs: every request the SDK sends is within the limits', async () => {
    const { iam, sent } = recordingClient(endpoint);
    const gateway = new SdkIamGateway(iam);
    const { plan } = await planProvisioning(gateway, desiredState(extreme));
    await applyPlan(gateway, plan);
    // A new external ID: UpdateAssumeRolePolicy with the longest trust policy.
    const again = await planProvisioning(gateway, desiredState({ ...extreme, externalId: 'y'.repeat(1224) }));
    await applyPlan(gateway, again.plan);
    iam.destroy();
    assert.deepEqual(
      sent.map((s) => s.command).filter((c) => !/^(Get|List)/.test(c)),
      ['CreatePolicyCommand', 'CreateRoleCommand', 'AttachRolePolicyCommand', 'UpdateAssumeRolePolicyCommand'],
    );
    assert.deepEqual(sent.flatMap(overLimits), []);
    const role = sent.find((s) => s.command === 'CreateRoleCommand')!.input;
    assert.equal(String(role.Description).length, 1000);
  });

  it('issue: two setups on acme-analytics-landing-zone-eu-central-1 with the default names get two roles, each with its own policy and external ID', async () => {
    const { iam } = recordingClient(endpoint);
    const gateway = new SdkIamGateway(iam);
    const bucket = 'acme-analytics-landing-zone-eu-central-1';
    const setups = [
      { prefix: 'events/clickstream/web', externalId: 'external-id-web' },
      { prefix: 'events/clickstream/app', externalId: 'external-id-app' },
    ];
    for (const setup of setups) {
      const names = deriveNames(bucket, setup.prefix);
      const { plan } = await planProvisioning(gateway, desiredState({ ...extreme, kmsKeyArn: undefined, bucket, ...setup, roleName: names.roleName, policyName: names.policyName }));
      assert.deepEqual(plan.steps.map((s) => s.kind), ['createPolicy', 'createRole', 'attachPolicy'], 'the second setup creates, never replaces');
      await applyPlan(gateway, plan);
    }
    for (const setup of setups) {
      const names = deriveNames(bucket, setup.prefix);
      const attached = (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: names.roleName }))).AttachedPolicies ?? [];
      assert.deepEqual(attached.map((a) => a.PolicyName), [names.policyName]);
      const trust = decodeURIComponent((await iam.send(new GetRoleCommand({ RoleName: names.roleName }))).Role!.AssumeRolePolicyDocument!);
      assert.match(trust, new RegExp(setup.externalId));
    }
    iam.destroy();
  });
});
