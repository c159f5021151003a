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

function codeOf(error: unknown): string {
  const e = error as { name?: string; Code?: string; code?: string };
  return e?.Code ?? e?.name ?? e?.code ?? 'Error';
}

/** `doing` completes "Could not …", e.g. "create the role databend-x". */
export function explainAwsError(error: unknown, doing: string, endpoint?: string): Error {
  if (error instanceof AwsActionError || (error as Error)?.name === 'AwsCredentialsError' || (error as Error)?.name === 'CancelledError') {
    return error as Error;
  }
  const code = codeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  const fail = (text: string) => new AwsActionError(`Could not ${doing}: ${text}`, code, error);

  if (/AccessDenied|UnauthorizedOperation|not authorized/i.test(code + message)) {
    const action = /perform: (\S+)/.exec(message)?.[1];
    return fail(
      action
        ? `your AWS identity lacks the permission ${action}. Ask your AWS administrator to grant it, or choose a profile that has it.`
        : `access denied (${message}). Ask your AWS administrator for the IAM permissions this step needs, or choose another profile.`,
    );
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
    return fail('AWS does not accept the access key of this profile. Check the profile\'s keys, or choose another profile.');
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
