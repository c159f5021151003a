// IAM Access Analyzer's findings in "Create IAM Role for Databend…", in the extension host.
// databendIam.aws.endpointUrl points at a loopback server of this test that answers
// Access Analyzer's ValidatePolicy (REST JSON, as AWS does) and passes every other AWS call
// (IAM, STS, S3: told apart by the service in the SigV4 Authorization header, as moto does)
// on to moto unchanged.
import { IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import * as assert from 'node:assert/strict';
import { createServer, IncomingMessage, request as httpRequest, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import { Commands } from '../../src/ui/ids';
import { MOTO_ENDPOINT, answer, api, cleanSlate, emptyMotoWithBucket, expectScriptUsed, roleAnswers } from './helpers';

const KEY = 'databendIam.aws.endpointUrl';
const LINK = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html';

interface Finding {
  findingType: string;
  issueCode: string;
  findingDetails: string;
  learnMoreLink: string;
  locations: unknown[];
}

/** Access Analyzer here, everything else forwarded to moto. `findings` answers per policy type. */
async function startFront(findings: (policyType: string) => Finding[]) {
  const validated: { policyType: string; policyDocument: string }[] = [];
  const moto = new URL(MOTO_ENDPOINT);
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (/\/access-analyzer\/aws4_request/.test(String(req.headers.authorization ?? ''))) {
        const input = JSON.parse(body.toString('utf8')) as { policyType: string; policyDocument: string };
        validated.push(input);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ findings: findings(input.policyType) }));
        return;
      }
      const forward = httpRequest({ host: moto.hostname, port: moto.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      forward.on('error', () => res.destroy());
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, validated, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function useEndpoint(endpoint: string): Promise<void> {
  await vscode.workspace.getConfiguration().update(KEY, endpoint, vscode.ConfigurationTarget.Global);
}

describe('IAM Access Analyzer in Create IAM Role for Databend (moto behind a loopback Access Analyzer)', function () {
  this.timeout(60_000);
  const iam = new IAMClient({ endpoint: MOTO_ENDPOINT, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  let front: Awaited<ReturnType<typeof startFront>> | undefined;

  beforeEach(async () => {
    await cleanSlate();
    await emptyMotoWithBucket();
  });

  afterEach(async () => {
    await useEndpoint(MOTO_ENDPOINT);
    await front?.stop();
    front = undefined;
    await expectScriptUsed();
    await cleanSlate();
  });

  after(() => iam.destroy());

  it('shows a SUGGESTION after the offline checks in the plan, and creates the role', async () => {
    front = await startFront((type) =>
      type === 'IDENTITY_POLICY'
        ? [{ findingType: 'SUGGESTION', issueCode: 'REDUNDANT_ACTION', findingDetails: 'The action is listed twice.', learnMoreLink: LINK, locations: [{ path: [{ value: 'Statement' }, { index: 1 }, { value: 'Action' }] }] }]
        : [],
    );
    await useEndpoint(front.endpoint);
    await answer(...roleAnswers(), { question: /Apply 3 changes in AWS account 123456789012/, answer: 'Apply' });
    const outcome = await vscode.commands.executeCommand<{ roleArn: string }>(Commands.createRole);
    assert.ok(outcome, 'the role was created');
    const plan = (await api()).dialogs.shown.find((s) => /Apply 3 changes/.test(s.text));
    assert.match(
      plan?.detail ?? '',
      /✓ Nothing outside the bucket[^\n]*\nAccess Analyzer \(ValidatePolicy, us-east-1\):\n· Suggestions: 1\n {3}the permission policy: REDUNDANT_ACTION: The action is listed twice\. \(at Statement\[1\]\.Action\)/,
    );
    assert.deepEqual(front.validated.map((v) => v.policyType), ['IDENTITY_POLICY', 'RESOURCE_POLICY']);
    assert.match(front.validated[1].policyDocument, /"sts:ExternalId":"vscode-external-id-1"/);
  });

  it('an ERROR blocks Create: the message names the finding, and nothing is created', async () => {
    front = await startFront((type) =>
      type === 'RESOURCE_POLICY'
        ? [{ findingType: 'ERROR', issueCode: 'INVALID_ARN_PRINCIPAL', findingDetails: 'The principal ARN is not valid.', learnMoreLink: LINK, locations: [] }]
        : [],
    );
    await useEndpoint(front.endpoint);
    await answer(...roleAnswers());
    assert.equal(await vscode.commands.executeCommand(Commands.createRole), undefined);
    const errors = (await api()).dialogs.messages('error');
    assert.ok(
      errors.some((m) => /Nothing was changed: IAM Access Analyzer reported 1 error in the generated documents\. ERROR in the trust policy: INVALID_ARN_PRINCIPAL: The principal ARN is not valid\./.test(m)),
      `error messages: ${JSON.stringify(errors)}`,
    );
    assert.equal((await iam.send(new ListRolesCommand({}))).Roles?.length, 0);
  });

  it('a SECURITY_WARNING blocks the CloudFormation export too: no template opens', async () => {
    front = await startFront((type) =>
      type === 'IDENTITY_POLICY'
        ? [{ findingType: 'SECURITY_WARNING', issueCode: 'PASS_ROLE_WITH_STAR_IN_RESOURCE', findingDetails: 'Using iam:PassRole with a wildcard is overly permissive.', learnMoreLink: LINK, locations: [] }]
        : [],
    );
    await useEndpoint(front.endpoint);
    await answer({ question: /AWS profile of the account the template is for/, answer: 'moto' }, ...roleAnswers().slice(1));
    assert.equal(await vscode.commands.executeCommand(Commands.exportCloudFormation), undefined);
    const errors = (await api()).dialogs.messages('error');
    assert.ok(
      errors.some((m) => /Nothing was changed: IAM Access Analyzer reported 1 security warning in the generated documents\. SECURITY_WARNING in the permission policy: PASS_ROLE_WITH_STAR_IN_RESOURCE/.test(m)),
      `error messages: ${JSON.stringify(errors)}`,
    );
    assert.ok(!vscode.window.visibleTextEditors.some((e) => /\.cloudformation\.json$/.test(e.document.uri.path)), 'no template opened');
  });

  it('moto alone (no Access Analyzer there): the plan says "not checked" and Create goes ahead', async () => {
    await answer(...roleAnswers(), { question: /Apply 3 changes/, answer: 'Apply' });
    assert.ok(await vscode.commands.executeCommand(Commands.createRole));
    const plan = (await api()).dialogs.shown.find((s) => /Apply 3 changes/.test(s.text));
    assert.match(plan?.detail ?? '', /\nAccess Analyzer \(ValidatePolicy\): not checked\n {3}IAM Access Analyzer did not answer at http:\/\/127\.0\.0\.1:\d+ \(databendIam\.aws\.endpointUrl\)/);
  });
});
