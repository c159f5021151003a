// Access Analyzer's ValidatePolicy findings as the plan shows them: grouped by severity, each
// with its document, issue code, details and location; ERROR and SECURITY_WARNING block
// Create (IamSetup.assertChecksPass, the path a failed offline check takes), the rest and a
// "not checked" report never do.
import * as assert from 'node:assert/strict';
import { whyNotChecked } from '../../src/aws/accessAnalyzer';
import {
  AnalyzerFinding,
  AnalyzerReport,
  analyzerBlocks,
  analyzerBlocksCreate,
  analyzerSummary,
  describeAnalyzer,
  groupFindings,
  pathText,
} from '../../src/core/analyzerFindings';
import type { AwsService } from '../../src/ui/awsService';
import type { Dialogs } from '../../src/ui/dialogs';
import { IamSetup, PreparedSetup } from '../../src/ui/iamSetup';
import type { RoleRecords } from '../../src/ui/roleRecords';

const finding = (findingType: string, issueCode: string, document: AnalyzerFinding['document'] = 'permissionPolicy', details = `${issueCode} details.`): AnalyzerFinding => ({
  document,
  findingType,
  issueCode,
  details,
  learnMoreLink: `https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#${issueCode}`,
  locations: [[{ key: 'Statement' }, { index: 0 }, { key: 'Action' }, { index: 1 }]],
});
const checked = (...findings: AnalyzerFinding[]): AnalyzerReport => ({ status: 'checked', region: 'eu-west-1', findings });

describe('Access Analyzer findings', () => {
  it('shows no findings as one passed line after the heading with the region', () => {
    assert.deepEqual(describeAnalyzer(checked()), ['Access Analyzer (ValidatePolicy, eu-west-1):', '✓ No findings in the permission policy or the trust policy']);
    assert.equal(analyzerBlocksCreate(checked()), undefined);
    assert.equal(analyzerBlocks(checked()), false);
  });

  it('groups findings by severity, most severe first, each with its document, issue code, details, location and link', () => {
    const report = checked(
      finding('SUGGESTION', 'EMPTY_ARRAY_ACTION'),
      finding('WARNING', 'MISSING_PAIRED_ACTION', 'permissionPolicy'),
      finding('ERROR', 'INVALID_ARN_PRINCIPAL', 'trustPolicy', 'The principal ARN is not valid.'),
      finding('SECURITY_WARNING', 'PASS_ROLE_WITH_STAR_IN_RESOURCE'),
    );
    const lines = describeAnalyzer(report);
    assert.deepEqual(
      lines.filter((l) => !l.startsWith('   ')),
      ['Access Analyzer (ValidatePolicy, eu-west-1):', '✗ Errors (block Create): 1', '✗ Security warnings (block Create): 1', '· Warnings: 1', '· Suggestions: 1'],
    );
    assert.equal(
      lines[2],
      '   the trust policy: INVALID_ARN_PRINCIPAL: The principal ARN is not valid. (at Statement[0].Action[1]) See https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#INVALID_ARN_PRINCIPAL',
    );
    assert.match(lines[4], /^ {3}the permission policy: PASS_ROLE_WITH_STAR_IN_RESOURCE: /);
    assert.deepEqual(
      groupFindings(report.status === 'checked' ? report.findings : []).map((g) => g.type),
      ['ERROR', 'SECURITY_WARNING', 'WARNING', 'SUGGESTION'],
    );
    assert.equal(analyzerSummary(report), 'IAM Access Analyzer: 1 error, 1 security warning, 1 warning, 1 suggestion.');
  });

  it('writes location paths as they read in the JSON', () => {
    assert.equal(pathText([{ key: 'Statement' }, { index: 2 }, { key: 'Condition' }, { key: 'StringEquals' }, { key: 'sts:ExternalId' }]), 'Statement[2].Condition.StringEquals.sts:ExternalId');
    assert.equal(pathText([{ key: 'Statement' }, { index: 0 }, { key: 'Resource' }, { value: 'arn:aws:s3:::b' }, { substring: { start: 4, length: 3 } }]), 'Statement[0].Resource = "arn:aws:s3:::b" (characters 4–7)');
    // As AWS's examples write keys.
    assert.equal(pathText([{ value: 'Statement' }, { index: 0 }, { value: 'Resource' }]), 'Statement[0].Resource');
    assert.equal(pathText([]), '');
  });

  it('blocks Create on an ERROR or a SECURITY_WARNING, naming the finding and what to correct', () => {
    const error = analyzerBlocksCreate(checked(finding('SUGGESTION', 'S'), finding('ERROR', 'INVALID_ARN_PRINCIPAL', 'trustPolicy')));
    assert.match(error ?? '', /^Nothing was changed: IAM Access Analyzer reported 1 error in the generated documents\. ERROR in the trust policy: INVALID_ARN_PRINCIPAL: INVALID_ARN_PRINCIPAL details\./);
    assert.match(error ?? '', /Correct the Databend role ARN or the external ID \(trust policy\) and preview the plan again/);
    assert.doesNotMatch(error ?? '', /\bS\b:/, 'a suggestion is not named as a reason');

    const warning = analyzerBlocksCreate(checked(finding('SECURITY_WARNING', 'PASS_ROLE_WITH_STAR_IN_RESOURCE'), finding('SECURITY_WARNING', 'X'), finding('ERROR', 'Y')));
    assert.match(warning ?? '', /reported 1 error and 2 security warnings/);
    assert.match(warning ?? '', /\(and 1 more\)/);
    assert.match(warning ?? '', /the bucket, the path prefix or the KMS key ARN \(permission policy\)/);
  });

  it('never blocks on warnings, suggestions, a type it does not know, or a report that is not checked', () => {
    assert.equal(analyzerBlocksCreate(checked(finding('WARNING', 'W'), finding('SUGGESTION', 'S'), finding('NEW_KIND', 'N'))), undefined);
    assert.deepEqual(describeAnalyzer(checked(finding('NEW_KIND', 'N'))).slice(1, 2), ['· Warnings: 1']);
    const notChecked: AnalyzerReport = { status: 'notChecked', reason: 'the profile may not call access-analyzer:ValidatePolicy.' };
    assert.equal(analyzerBlocksCreate(notChecked), undefined);
    assert.equal(analyzerBlocksCreate(undefined), undefined);
    assert.deepEqual(describeAnalyzer(notChecked), ['Access Analyzer (ValidatePolicy): not checked', '   the profile may not call access-analyzer:ValidatePolicy.']);
    assert.equal(analyzerSummary(notChecked), 'IAM Access Analyzer: not checked (the profile may not call access-analyzer:ValidatePolicy).');
  });

  it('IamSetup.apply refuses, before any AWS call, when Access Analyzer reports an ERROR, and applies on a suggestion or "not checked"', async () => {
    const calls: string[] = [];
    const aws = { load: () => ({ applyPlan: async () => calls.push('applyPlan') }) } as unknown as AwsService;
    const records = { save: async () => calls.push('record'), all: () => [] } as unknown as RoleRecords;
    const setup = new IamSetup(aws, records, {} as Dialogs);
    const prepared = (analyzer: AnalyzerReport) =>
      ({ fields: { roleName: 'r' }, identity: {}, bucket: { status: 'ok' }, plan: { roleArn: 'a', policyArn: 'p', steps: [], unmanaged: [] }, checks: [], analyzer, gateway: {} }) as unknown as PreparedSetup;
    await assert.rejects(setup.apply(prepared(checked(finding('ERROR', 'MISSING_VERSION'))), { confirmedUnmanaged: false }), /^Error: Nothing was changed: IAM Access Analyzer reported 1 error/);
    assert.deepEqual(calls, []);
    await setup.apply(prepared(checked(finding('SUGGESTION', 'S'))), { confirmedUnmanaged: false });
    await setup.apply(prepared({ status: 'notChecked', reason: 'no' }), { confirmedUnmanaged: false });
    assert.deepEqual(calls, ['applyPlan', 'record', 'applyPlan', 'record']);
  });

  it('says why the documents were not checked, in words a user acts on', () => {
    const denied = Object.assign(new Error('User: arn:aws:iam::123456789012:user/me is not authorized to perform: access-analyzer:ValidatePolicy'), { name: 'AccessDeniedException' });
    assert.match(whyNotChecked(denied, 'eu-west-1'), /^the profile may not call access-analyzer:ValidatePolicy in eu-west-1 \(AccessDeniedException: User: .* Grant it to the profile/);
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    assert.equal(whyNotChecked(refused, 'us-east-1', 'http://127.0.0.1:1'), 'IAM Access Analyzer could not be reached at http://127.0.0.1:1 (databendIam.aws.endpointUrl) (Error: connect ECONNREFUSED 127.0.0.1:1).');
    const html = Object.assign(new SyntaxError('Unexpected token \'<\'\n  Deserialization error: to see the raw response …'), { $metadata: { httpStatusCode: 500 } });
    assert.match(whyNotChecked(html, 'us-east-1', 'http://127.0.0.1:5000'), /the answer \(HTTP 500\) is not Access Analyzer's JSON/);
    const optIn = Object.assign(new Error('The AWS Access Key Id needs a subscription for the service'), { name: 'SubscriptionRequiredException' });
    assert.match(whyNotChecked(optIn, 'ap-east-1'), /^IAM Access Analyzer is not available to this account in ap-east-1/);
  });
});
