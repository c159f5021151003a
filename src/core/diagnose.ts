// What a failed `LIST @stage` after setup means, and whether waiting can help: a new role
// is not assumable for up to a minute while IAM propagates.

export interface Diagnosis {
  /** Worth another try after a pause (IAM propagation). */
  retry: boolean;
  text: string;
}

export function diagnoseStageError(message: string): Diagnosis {
  if (/AccessDenied|not authorized to perform: sts:AssumeRole|assume ?role|loading credential/i.test(message)) {
    return {
      retry: true,
      text:
        "Databend could not assume the role. Right after creation this is IAM propagation; if it persists, check that the trust policy's principal is exactly Databend's role ARN for your organization and that the connection's EXTERNAL_ID equals the trust policy's sts:ExternalId.",
    };
  }
  if (/NoSuchBucket|bucket.*(does not exist|not found)/i.test(message)) {
    return { retry: false, text: 'The bucket does not exist: check the bucket name in the stage URL.' };
  }
  if (/PermanentRedirect|AuthorizationHeaderMalformed|wrong region|region.*(mismatch|missing|expected)|301 Moved/i.test(message)) {
    return { retry: false, text: "The bucket is in another region: add REGION = '<bucket region>' to CREATE CONNECTION (the setup adds the region it found)." };
  }
  if (/PermissionDenied|privilege|\[1063\]/i.test(message)) {
    return { retry: false, text: 'Your Databend user lacks a privilege: creating a connection needs CREATE CONNECTION, creating a stage needs SUPER. Ask a Databend admin to grant them.' };
  }
  if (/Forbidden|403/i.test(message)) {
    return { retry: true, text: "S3 refused the request: check that the role's permission policy covers this bucket and prefix (s3:ListBucket on the bucket)." };
  }
  return { retry: false, text: `Databend reported: ${message}` };
}

/** Pause before attempt `attempt` (1-based): 2, 4, 8, 10, 10… seconds. */
export function backoffMs(attempt: number): number {
  return Math.min(10_000, 1000 * 2 ** attempt);
}
