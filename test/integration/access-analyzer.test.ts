// IAM Access Analyzer's ValidatePolicy in the plan, end to end below the UI: IamSetup
// prepares against moto (STS, IAM, S3) while its Access Analyzer client goes to a small
// loopback server written here that answers as AWS does (REST JSON: POST
// /policy/validation, `findings` with findingType, issueCode, findingDetails,
// learnMoreLink, locations; `nextToken` for the next page; errors named by
// x-amzn-ErrorType). moto does not implement Access Analyzer. The server records every
// request, so the test sees the exact documents sent, and compares them with what Create
// in AWS then stores in moto.

import { GetPolicyVersionCommand, GetRoleCommand, IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import * as assert from 'node:assert/strict';
import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as Aws from '../../src/aws/index';
import { describeAnalyzer } from '../../src/core/analyzerFindings';
import type { AwsService } from '../../src/ui/awsService';
import type { Dialogs } from '../../src/ui/dialogs';
import { IamSetup, IamSetupFields } from '../../src/ui/iamSetup';
import type { RoleRecords } from '../../src/ui/roleRecords';
import { MOTO_ACCOUNT } from '../support/moto';
import { inspector, motoClients } from './aws-fixtures';
import { localMoto } from './fixtures';

interface Received {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization: string;
  body: { policyDocument: string; policyType: string; validatePolicyResourceType?: string; [key: string]: unknown };
}

interface Reply {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

/** A loopback Access Analyzer: `answer` decides each reply from the request. */
async function startAnalyzer(answer: (request: Received) => Reply) {
  const received: Received[] = [];
  const server: Server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const got: Received = {
        method: request.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        authorization: String(request.headers.authorization ?? ''),
        body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'),
      };
      received.push(got);
      const reply = answer(got);
      response.writeHead(reply.status, { 'content-type': 'application/json', 'x-amzn-requestid': `req-${received.length}`, ...reply.headers });
      response.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { endpoint, received, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const LINK = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html';
const span = { start: { line: 0, column: 40, offset: 40 }, end: { line: 0, column: 60, offset: 60 } };

const fields: IamSetupFields = {
  profile: 'moto',
  databendRoleArn: 'arn:aws:iam::123456789012:role/xxxxxxx/tnabcdefg/xxxxxxx-tnabcdefg',
  bucket: 'test-bucket-123',
  prefix: 'data',
  access: 'readwrite',
  roleName: 'databend-analyzer',
  policyName: 'databend-analyzer-access',
  externalId: 'my-external-id-123',
  connectionName: 'databend_test',
  stageName: 'databend_test',
  kmsKeyArn: '',
  testFile: '',
  endpointUrl: '',
  permissionsBoundary: '',
  rolePath: '',
  roleTags: '',
};

async function decoded(raw: string | undefined): Promise<unknown> {
  return JSON.parse(raw!.startsWith('{') ? raw! : decodeURIComponent(raw!));
}

describe('IAM Access Analyzer findings in the plan (moto, and a loopback Access Analyzer)', function () {
  this.timeout(60_000);
  let motoEndpoint: string;
  let look: IAMClient;
  const cleanups: (() => unknown)[] = [];

  before(async function () {
    this.timeout(120_000);
    motoEndpoint = (await localMoto()).endpoint;
    look = inspector(motoEndpoint);
  });

  beforeEach(async () => (await localMoto()).reset());

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /**
   * IamSetup over our own AwsService port: the real dist/aws.js code (src/aws), with IAM,
   * STS and S3 on moto and Access Analyzer on `analyzerEndpoint`, both in the profile's
   * region (the `moto` profile says eu-west-1).
   */
  function setupWith(analyzerEndpoint: string) {
    const onMoto = motoClients(motoEndpoint, { region: undefined }).clients;
    const onAnalyzer = motoClients(analyzerEndpoint, { region: undefined }).clients;
    cleanups.push(() => onMoto.destroy(), () => onAnalyzer.destroy());
    const clients = Object.assign(Object.create(onMoto) as Aws.AwsClients, { accessAnalyzer: () => onAnalyzer.accessAnalyzer() });
    const aws = { load: () => Aws, clients: () => clients } as unknown as AwsService;
    const saved: string[] = [];
    const records = { save: async (r: { roleArn: string }) => saved.push(r.roleArn), all: () => [] } as unknown as RoleRecords;
    return { setup: new IamSetup(aws, records, {} as Dialogs), saved };
  }

  async function analyzer(answer: (request: Received) => Reply) {
    const server = await startAnalyzer(answer);
    cleanups.push(() => server.stop());
    return server;
  }

  /** The two requests IamSetup must send: each generated document, exactly as Create in AWS sends it. */
  function assertDocumentsSent(received: Received[], desired: { permissionPolicy: unknown; trustPolicy: unknown }) {
    const first = received.filter((r) => !r.query.has('nextToken'));
    assert.deepEqual(
      first.map((r) => [r.method, r.path, r.body.policyType, r.body.validatePolicyResourceType]),
      [
        ['POST', '/policy/validation', 'IDENTITY_POLICY', undefined],
        ['POST', '/policy/validation', 'RESOURCE_POLICY', 'AWS::IAM::AssumeRolePolicyDocument'],
      ],
    );
    assert.equal(first[0].body.policyDocument, JSON.stringify(desired.permissionPolicy));
    assert.equal(first[1].body.policyDocument, JSON.stringify(desired.trustPolicy));
    for (const r of received) assert.match(r.authorization, /\/eu-west-1\/access-analyzer\/aws4_request/, 'signed for Access Analyzer in the profile\'s region');
  }

  it('(a) no findings: the plan says so, and Create applies the very documents that were checked', async () => {
    const server = await analyzer(() => ({ status: 200, body: { findings: [] } }));
    const { setup, saved } = setupWith(server.endpoint);
    const prepared = await setup.prepare(fields);
    assert.deepEqual(prepared.analyzer, { status: 'checked', region: 'eu-west-1', findings: [] });
    const desired = setup.desired(fields, prepared.identity);
    assertDocumentsSent(server.received, desired);
    assert.deepEqual(setup.describeChecks(prepared).slice(-2), ['Access Analyzer (ValidatePolicy, eu-west-1):', '✓ No findings in the permission policy or the trust policy']);
    assert.equal(setup.describeChecks(prepared)[0], 'Policy checks:', 'the offline checks come first');

    await setup.apply(prepared, { confirmedUnmanaged: false });
    assert.deepEqual(saved, [`arn:aws:iam::${MOTO_ACCOUNT}:role/databend-analyzer`]);
    const role = (await look.send(new GetRoleCommand({ RoleName: 'databend-analyzer' }))).Role!;
    assert.deepEqual(await decoded(role.AssumeRolePolicyDocument), JSON.parse(server.received[1].body.policyDocument));
    const version = await look.send(new GetPolicyVersionCommand({ PolicyArn: prepared.plan.policyArn, VersionId: 'v1' }));
    assert.deepEqual(await decoded(version.PolicyVersion?.Document), JSON.parse(server.received[0].body.policyDocument));
  });

  it('(b) a SUGGESTION, on the second page: shown under its severity, Create goes ahead', async () => {
    const server = await analyzer((r) =>
      r.body.policyType === 'IDENTITY_POLICY' && !r.query.has('nextToken')
        ? { status: 200, body: { findings: [], nextToken: 'page-2' } }
        : r.body.policyType === 'IDENTITY_POLICY'
          ? {
              status: 200,
              body: {
                findings: [
                  {
                    findingType: 'SUGGESTION',
                    issueCode: 'REDUNDANT_ACTION',
                    findingDetails: 'The action s3:GetObject is included in the statement twice.',
                    learnMoreLink: `${LINK}#access-analyzer-reference-policy-checks-suggestion-redundant-action`,
                    locations: [{ path: [{ value: 'Statement' }, { index: 1 }, { value: 'Action' }, { index: 0 }], span }],
                  },
                ],
              },
            }
          : { status: 200, body: { findings: [] } },
    );
    const { setup } = setupWith(server.endpoint);
    const prepared = await setup.prepare(fields);
    assert.deepEqual(
      server.received.map((r) => [r.body.policyType, r.query.get('nextToken')]),
      [
        ['IDENTITY_POLICY', null],
        ['IDENTITY_POLICY', 'page-2'],
        ['RESOURCE_POLICY', null],
      ],
      'every page read',
    );
    assertDocumentsSent(server.received, setup.desired(fields, prepared.identity));
    assert.equal(server.received[1].body.policyDocument, server.received[0].body.policyDocument, 'the next page is asked for the same document');
    assert.deepEqual(describeAnalyzer(prepared.analyzer), [
      'Access Analyzer (ValidatePolicy, eu-west-1):',
      '· Suggestions: 1',
      `   the permission policy: REDUNDANT_ACTION: The action s3:GetObject is included in the statement twice. (at Statement[1].Action[0]) See ${LINK}#access-analyzer-reference-policy-checks-suggestion-redundant-action`,
    ]);
    await setup.apply(prepared, { confirmedUnmanaged: false });
    assert.ok((await look.send(new GetRoleCommand({ RoleName: 'databend-analyzer' }))).Role);
  });

  it('(c) an ERROR in the trust policy blocks Create before any change, naming the finding and what to do', async () => {
    const server = await analyzer((r) =>
      r.body.policyType === 'RESOURCE_POLICY'
        ? {
            status: 200,
            body: {
              findings: [
                {
                  findingType: 'ERROR',
                  issueCode: 'INVALID_ARN_PRINCIPAL',
                  findingDetails: 'The principal ARN is not valid.',
                  learnMoreLink: `${LINK}#access-analyzer-reference-policy-checks-error-invalid-arn-principal`,
                  locations: [{ path: [{ value: 'Statement' }, { index: 0 }, { value: 'Principal' }, { value: 'AWS' }], span }],
                },
              ],
            },
          }
        : { status: 200, body: { findings: [] } },
    );
    const { setup, saved } = setupWith(server.endpoint);
    const prepared = await setup.prepare(fields);
    assertDocumentsSent(server.received, setup.desired(fields, prepared.identity));
    assert.ok(prepared.checks.every((c) => c.passed), 'the offline checks pass: Access Analyzer alone blocks');
    assert.deepEqual(describeAnalyzer(prepared.analyzer).slice(0, 2), ['Access Analyzer (ValidatePolicy, eu-west-1):', '✗ Errors (block Create): 1']);
    await assert.rejects(
      setup.apply(prepared, { confirmedUnmanaged: false }),
      (error: Error) =>
        /^Nothing was changed: IAM Access Analyzer reported 1 error in the generated documents\. ERROR in the trust policy: INVALID_ARN_PRINCIPAL: The principal ARN is not valid\. \(at Statement\[0\]\.Principal\.AWS\)/.test(error.message) &&
        /Correct the Databend role ARN or the external ID \(trust policy\) and preview the plan again/.test(error.message),
    );
    assert.deepEqual(saved, []);
    const roles = await look.send(new ListRolesCommand({}));
    assert.deepEqual(roles.Roles?.map((r) => r.RoleName), [], 'nothing was created in AWS');
  });

  it('(d) HTTP 403 AccessDeniedException: "not checked" with the reason, and Create goes ahead', async () => {
    const server = await analyzer(() => ({
      status: 403,
      headers: { 'x-amzn-errortype': 'AccessDeniedException' },
      body: { message: `User: arn:aws:iam::${MOTO_ACCOUNT}:user/moto is not authorized to perform: access-analyzer:ValidatePolicy on resource: arn:aws:access-analyzer:eu-west-1:${MOTO_ACCOUNT}:*` },
    }));
    const { setup, saved } = setupWith(server.endpoint);
    const prepared = await setup.prepare(fields);
    assert.equal(server.received.length, 1, 'no retry of a denial, no second document');
    assert.equal(server.received[0].body.policyDocument, JSON.stringify(setup.desired(fields, prepared.identity).permissionPolicy));
    assert.equal(prepared.analyzer.status, 'notChecked');
    const lines = describeAnalyzer(prepared.analyzer);
    assert.equal(lines[0], 'Access Analyzer (ValidatePolicy): not checked');
    assert.match(lines[1], /^ {3}the profile may not call access-analyzer:ValidatePolicy in eu-west-1 \(AccessDeniedException: User: arn:aws:iam::123456789012:user\/moto is not authorized/);
    await setup.apply(prepared, { confirmedUnmanaged: false });
    assert.equal(saved.length, 1);
    assert.ok((await look.send(new GetRoleCommand({ RoleName: 'databend-analyzer' }))).Role);
  });

  it('an endpoint that does not implement Access Analyzer (moto itself) is "not checked", never a failed plan', async () => {
    const { setup } = setupWith(motoEndpoint);
    const prepared = await setup.prepare(fields);
    assert.equal(prepared.analyzer.status, 'notChecked');
    assert.match(describeAnalyzer(prepared.analyzer)[1], /is not Access Analyzer's JSON/);
    assert.deepEqual(prepared.plan.steps.map((s) => s.kind), ['createPolicy', 'createRole', 'attachPolicy']);
  });
});
