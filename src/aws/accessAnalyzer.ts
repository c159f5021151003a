// IAM Access Analyzer's ValidatePolicy on the two generated documents, in the profile's
// region: the permission policy as an identity policy, the trust policy as a resource
// policy of type AWS::IAM::AssumeRolePolicyDocument (API reference, ValidatePolicy). Every
// page of findings is read. A profile that may not call it, an account or region without
// it, or an endpoint that does not answer gives "not checked" with the reason: the check
// is a help, never a reason for the plan to fail.

import { AccessAnalyzerClient, ValidatePolicyCommand, type ValidatePolicyFinding } from '@aws-sdk/client-accessanalyzer';
import type { AnalyzedDocument, AnalyzerFinding, AnalyzerReport, FindingPathElement } from '../core/analyzerFindings';

/** The documents as "Create in AWS" sends them (JSON.stringify, as iamGateway.ts does). */
export interface ValidatedDocuments {
  permissionPolicy: unknown;
  trustPolicy: unknown;
}

/** How long one ValidatePolicy call may take before the check is given up as not checked. */
const CALL_TIMEOUT_MS = 20_000;
/** Pages read per document at most (each up to 100 findings: more would not be read by anyone). */
const MAX_PAGES = 10;

const REQUESTS: { document: AnalyzedDocument; policyType: 'IDENTITY_POLICY' | 'RESOURCE_POLICY'; validatePolicyResourceType?: 'AWS::IAM::AssumeRolePolicyDocument' }[] = [
  { document: 'permissionPolicy', policyType: 'IDENTITY_POLICY' },
  { document: 'trustPolicy', policyType: 'RESOURCE_POLICY', validatePolicyResourceType: 'AWS::IAM::AssumeRolePolicyDocument' },
];

/**
 * Validates both documents with `client` (its region and endpoint as configured) and
 * resolves to every finding, or to `notChecked` with the reason when the call failed in
 * any way. Never rejects, except with a CancelledError (an MFA prompt dismissed), which
 * ends the whole flow as elsewhere. `endpoint` names databendIam.aws.endpointUrl in reasons.
 */
export async function validatePolicies(client: AccessAnalyzerClient, documents: ValidatedDocuments, endpoint?: string): Promise<AnalyzerReport> {
  let region = '';
  try {
    region = await client.config.region();
    const findings: AnalyzerFinding[] = [];
    for (const request of REQUESTS) {
      let nextToken: string | undefined;
      let pages = 0;
      do {
        const page = await client.send(
          new ValidatePolicyCommand({
            policyDocument: JSON.stringify(documents[request.document]),
            policyType: request.policyType,
            ...(request.validatePolicyResourceType && { validatePolicyResourceType: request.validatePolicyResourceType }),
            ...(nextToken && { nextToken }),
          }),
          { abortSignal: AbortSignal.timeout(CALL_TIMEOUT_MS) },
        );
        findings.push(...(page.findings ?? []).map((f) => toFinding(request.document, f)));
        nextToken = page.nextToken || undefined;
        pages += 1;
      } while (nextToken && pages < MAX_PAGES);
    }
    return { status: 'checked', region, findings };
  } catch (error) {
    if (error instanceof Error && error.name === 'CancelledError') throw error;
    return { status: 'notChecked', reason: whyNotChecked(error, region, endpoint) };
  }
}

function toFinding(document: AnalyzedDocument, f: ValidatePolicyFinding): AnalyzerFinding {
  return {
    document,
    findingType: String(f.findingType ?? 'WARNING'),
    issueCode: f.issueCode ?? 'UNKNOWN',
    details: f.findingDetails ?? '',
    learnMoreLink: f.learnMoreLink || undefined,
    locations: (f.locations ?? []).map((l) => (l.path ?? []).map(toPathElement)),
  };
}

function toPathElement(element: unknown): FindingPathElement {
  const e = element as FindingPathElement;
  return {
    ...(e.index !== undefined && { index: e.index }),
    ...(e.key !== undefined && { key: e.key }),
    ...(e.value !== undefined && { value: e.value }),
    ...(e.substring && { substring: { start: e.substring.start, length: e.substring.length } }),
  };
}

/** The reason a user reads after "not checked": what happened and what would let it run. */
export function whyNotChecked(error: unknown, region: string, endpoint?: string): string {
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const name = e?.name ?? 'Error';
  // The first line: the SDK appends hints for developers ("inspect the hidden field …").
  const message = (e?.message ?? String(error)).split('\n')[0].trim();
  const where = region ? ` in ${region}` : '';
  if (/AccessDenied|not authorized|UnauthorizedOperation/i.test(`${name} ${message}`)) {
    return `the profile may not call access-analyzer:ValidatePolicy${where} (${name}: ${message}). Grant it to the profile to have the documents checked; nothing else depends on it.`;
  }
  if (/SubscriptionRequired|OptInRequired|not subscribed|ServiceNotEnabled/i.test(`${name} ${message}`)) {
    return `IAM Access Analyzer is not available to this account${where} (${name}: ${message}).`;
  }
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|socket hang up|NetworkingError|TimeoutError|AbortError/i.test(`${name} ${message}`)) {
    return `IAM Access Analyzer could not be reached${endpoint ? ` at ${endpoint} (databendIam.aws.endpointUrl)` : where} (${name}: ${message}).`;
  }
  const status = e?.$metadata?.httpStatusCode;
  const at = endpoint ? ` at ${endpoint} (databendIam.aws.endpointUrl)` : where;
  if (name === 'SyntaxError' || /Deserialization/i.test(message)) {
    // moto, for one, answers an HTML page: the endpoint does not implement Access Analyzer.
    return `IAM Access Analyzer did not answer${at}: the answer${status ? ` (HTTP ${status})` : ''} is not Access Analyzer's JSON, so this endpoint does not seem to implement it.`;
  }
  return `IAM Access Analyzer did not answer the check${at}: ${name}${status ? ` (HTTP ${status})` : ''}: ${message}`;
}
