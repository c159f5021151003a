// Is the bucket there, reachable with this profile, and in which region (for REGION in the SQL)?

import { GetBucketLocationCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { isExplained } from './errors';

export interface BucketCheck {
  status: 'ok' | 'missing' | 'forbidden' | 'unreachable';
  region?: string;
  message?: string;
}

/**
 * GetBucketLocation's answer, as the S3 API defines it: no LocationConstraint means
 * us-east-1, "EU" is the old name of eu-west-1. (HeadBucket's BucketRegion, asked first,
 * names the region outright.)
 */
function regionFromLocation(location: string | undefined): string {
  if (!location) return 'us-east-1';
  if (location === 'EU') return 'eu-west-1';
  return location;
}

/**
 * Checks `bucket` with an S3 client in the profile's region; the client follows S3's
 * redirect to the bucket's own region (followRegionRedirects), so "forbidden" and "ok" are
 * judged there. @throws the profile's own failures (refused profile, credentials, a
 * cancelled MFA prompt): they are not about the bucket.
 */
export async function checkBucket(s3: S3Client, bucket: string): Promise<BucketCheck> {
  try {
    const head = await s3.send(new HeadBucketCommand({ Bucket: bucket }));
    let region = head.BucketRegion;
    if (!region) {
      const location = await s3.send(new GetBucketLocationCommand({ Bucket: bucket }));
      region = regionFromLocation(location.LocationConstraint);
    }
    return { status: 'ok', region };
  } catch (error) {
    if (isExplained(error)) {
      throw error;
    }
    const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number }; $response?: { headers?: Record<string, string> } };
    const status = e.$metadata?.httpStatusCode;
    const region = e.$response?.headers?.['x-amz-bucket-region'];
    if (status === 404 || e.name === 'NotFound' || e.name === 'NoSuchBucket') {
      return { status: 'missing', message: `The bucket ${bucket} does not exist (or not in this account's partition). Check its name.` };
    }
    if (status === 403) {
      return {
        status: 'forbidden',
        region,
        message: `The bucket ${bucket} exists but this profile may not read it (403). That is fine if Databend's role will have access; otherwise check the name.`,
      };
    }
    if (status === 301 && region) {
      return { status: 'ok', region };
    }
    return { status: 'unreachable', message: `Could not check the bucket ${bucket}: ${e.message ?? String(error)}` };
  }
}
