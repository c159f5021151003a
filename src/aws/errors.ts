import * as l10n from '@vscode/l10n';
// AWS failures in words a user can act on. The SDK has already retried what is retryable.

export class AwsActionError extends Error {
  constructor(
    message: string,
    readonly code: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'AwsActionError';
  }
}

/**
 * A profile refused before anything is sent: it cannot give credentials as written, or it
 * belongs to an AWS partition Databend Cloud cannot reach. The message says why and how to fix it.
 */
export class AwsProfileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AwsProfileError';
  }
}

/** Errors that already speak to the user: passed on unchanged. */
const EXPLAINED = new Set(['AwsActionError', 'AwsCredentialsError', 'AwsProfileError', 'CancelledError']);

export function isExplained(error: unknown): boolean {
  return error instanceof Error && EXPLAINED.has(error.name);
}

function codeOf(error: unknown): string {
  const e = error as { name?: string; Code?: string; code?: string };
  return e?.Code ?? e?.name ?? e?.code ?? 'Error';
}

/**
 * What an AccessDenied message says, in the shapes AWS writes them
 * (docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html):
 * `User: <principal> is not authorized to perform: <action> on resource: <resource>` then
 * nothing, `with an explicit deny`, `with an explicit deny in a service control policy`
 * (or a resource control policy, a permissions boundary, an identity-based, session,
 * VPC endpoint or resource-based policy, sometimes followed by `: <policy ARN>`), or
 * `because no <policy type> allows the <action> action`. S3 quotes the resource.
 */
export interface AccessDenial {
  principal?: string;
  action?: string;
  resource?: string;
  /** explicit: a Deny statement matched; implicit: a policy type that must allow did not. */
  deny?: 'explicit' | 'implicit';
  /** The policy type named by AWS, lower-case ("service control policy", "permissions boundary" …). */
  policyType?: string;
  policyArn?: string;
}

export function parseAccessDenial(message: string): AccessDenial {
  const principal = /User: (\S+) is not authorized/i.exec(message)?.[1];
  const action = /to perform: ([\w-]+:[\w*-]+)/i.exec(message)?.[1];
  const resource = /on resource: "?([^"\s]+)"?/i.exec(message)?.[1];
  const explicit = /with an explicit deny(?: in (?:a|an|the) ((?:[\w-]+ )*?(?:policy|permissions boundary)))?(?::\s*(arn:\S+?))?\.?(?:\s|$)/i.exec(message);
  if (explicit) {
    return { principal, action, resource, deny: 'explicit', policyType: explicit[1]?.toLowerCase(), policyArn: explicit[2] };
  }
  const implicit = /because no ((?:[\w-]+ )*?(?:policy|permissions boundary)) allows/i.exec(message);
  if (implicit) {
    return { principal, action, resource, deny: 'implicit', policyType: implicit[1].toLowerCase() };
  }
  return { principal, action, resource };
}

/** Policy types set above the user, by the organization or an administrator: more permissions do not lift them. */
function guardrailOf(denial: AccessDenial): string | undefined {
  const who = denial.principal ? `of ${denial.principal}` : 'of your identity';
  const type = denial.policyType ?? '';
  if (denial.deny === 'explicit') {
    if (type.includes('service control')) return l10n.t('an explicit deny in a service control policy (SCP) of your AWS Organization');
    if (type.includes('resource control')) return l10n.t('an explicit deny in a resource control policy (RCP) of your AWS Organization');
    if (type.includes('permissions boundary')) return l10n.t('an explicit deny in the permissions boundary {0}', who);
    if (type.includes('identity')) return l10n.t('an explicit deny in a policy attached to the identity {0} (or its group or permission set)', who.replace(/^of /, ''));
    if (type.includes('session')) return l10n.t('an explicit deny in the session policy of this role session');
    if (type.includes('vpc endpoint')) return l10n.t('an explicit deny in the policy of the VPC endpoint the request went through');
    if (type.includes('resource-based')) return l10n.t('an explicit deny in the policy of the resource itself');
    return l10n.t('an explicit deny (a service control policy of your AWS Organization, a permissions boundary or a policy on your identity)');
  }
  if (denial.deny === 'implicit') {
    if (type.includes('service control')) return l10n.t('no service control policy (SCP) of your AWS Organization allows it');
    if (type.includes('resource control')) return l10n.t('no resource control policy (RCP) of your AWS Organization allows it');
    if (type.includes('permissions boundary')) return l10n.t('the permissions boundary {0} does not allow it', who);
  }
  return undefined;
}

function explainAccessDenied(message: string): string {
  const denial = parseAccessDenial(message);
  const action = denial.action;
  const guardrail = guardrailOf(denial);
  if (guardrail) {
    const what = `${action ?? 'this action'}${denial.resource ? ` on ${denial.resource}` : ''}`;
    const policy = denial.policyArn ? ` (${denial.policyArn})` : '';
    const roleHint = /^iam:(CreateRole|CreatePolicy|TagRole|TagPolicy|PutRolePermissionsBoundary)$/i.test(action ?? '')
      ? ' Organizations often allow new roles only with a permissions boundary, a role path or tags they prescribe: once you know them, enter them under "Organization requirements" in the setup form (for Create IAM Role for Databend…, turn on the setting databendIam.setup.askOrganizationRequirements).'
      : '';
    return (
      `an organization rule blocks ${what}: ${guardrail}${policy}. More permissions for your identity will not lift it.${roleHint} ` +
      `Ask your AWS administrator which rule this is and what it requires for ${action ?? 'this action'}, or to let them create the role ` +
      'and policy for you from what "Generate SQL only" shows.'
    );
  }
  if (denial.deny === 'implicit' && denial.policyType?.includes('session')) {
    return `the session policy of this role session does not allow ${action ?? 'this action'}. Use a profile whose role session allows it, or ask your AWS administrator.`;
  }
  return action
    ? `your AWS identity lacks the permission ${action}. Ask your AWS administrator to grant it, or choose a profile that has it.`
    : `access denied (${message}). Ask your AWS administrator for the IAM permissions this step needs, or choose another profile.`;
}

/** `doing` completes "Could not …", e.g. "create the role databend-x". */
export function explainAwsError(error: unknown, doing: string, endpoint?: string): Error {
  if (isExplained(error)) {
    return error as Error;
  }
  const code = codeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  const fail = (text: string) => new AwsActionError(`Could not ${doing}: ${text}`, code, error);

  if (/AccessDenied|UnauthorizedOperation|not authorized/i.test(code + message)) {
    return fail(explainAccessDenied(message));
  }
  if (/MalformedPolicyDocument/i.test(code) && /principal/i.test(message)) {
    return fail('IAM rejected the trust policy\'s principal: the Databend role ARN is wrong or that role does not exist. Copy the ARN again from Databend Cloud and retry.');
  }
  if (/MalformedPolicyDocument/i.test(code)) {
    return fail(`IAM rejected the policy document: ${message}`);
  }
  if (/Throttl|TooManyRequests|Rate exceeded|RequestLimitExceeded/i.test(code + message)) {
    return fail('AWS kept throttling the requests and the retries ran out. Wait a minute, then run it again: it continues where it stopped.');
  }
  if (/ExpiredToken|TokenRefreshRequired/i.test(code + message)) {
    return fail('the credentials have expired. Refresh them (for example `aws sso login --profile <name>`) and run it again.');
  }
  if (/InvalidClientTokenId|SignatureDoesNotMatch|UnrecognizedClient/i.test(code)) {
    return fail(
      'AWS does not accept the access key of this profile. Check the profile\'s keys, or choose another profile. ' +
        'Keys of an AWS GovCloud or AWS China account are not valid in commercial AWS, where Databend Cloud runs.',
    );
  }
  if (/EntityAlreadyExists/i.test(code)) {
    return fail(`it already exists (${message}). It was probably created meanwhile: run the command again to refresh the plan.`);
  }
  if (/DeleteConflict/i.test(code)) {
    return fail(`it is still in use (${message}). Detach it from other roles or users first.`);
  }
  if (/LimitExceeded/i.test(code)) {
    return fail(`an IAM limit was reached: ${message}`);
  }
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|TimeoutError|socket hang up|NetworkingError/i.test(code + message)) {
    return fail(`AWS could not be reached${endpoint ? ` at ${endpoint}` : ''} (${message}). Check the network${endpoint ? ' and the databendIam.aws.endpointUrl setting' : ''}.`);
  }
  return fail(`${code}: ${message}`);
}
