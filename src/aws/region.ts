// Where a profile's calls go: the region the SDK resolves for it, and the partition of
// everything the profile names (regions, SSO region, role ARNs), checked before any call.
//
// Databend Cloud's organization role lives in the commercial partition, `aws`. IAM
// partitions are separate: a role in aws-cn or aws-us-gov cannot trust a principal of
// `aws` (and an `aws` principal cannot reach a bucket there), so Databend could never
// assume a role created with such a profile. Those profiles are refused with that reason
// before anything is sent, instead of creating a role that can never work.

import { partition } from '@aws-sdk/core/client';
import { AwsProfileError } from './errors';
import { defaultProfileName, ProfileFiles, readProfiles, Settings } from './profiles';

/** The partition of Databend Cloud's organization role (arn:aws:iam::…). */
export const DATABEND_PARTITION = 'aws';

/**
 * The SDK's own last resort: stsRegionDefaultResolver in @aws-sdk/core (used by the
 * credential providers' inner STS client) takes AWS_REGION, then the profile's region,
 * then us-east-1, which is also the `aws` partition's implicitGlobalRegion where IAM's
 * global endpoint signs. Only used when nothing sets a region. (A plain SDK client would
 * ask EC2 instance metadata first, then fail with "Region is missing"; like that STS
 * default, this does not wait on instance metadata on a developer's machine.)
 */
const SDK_DEFAULT_REGION = 'us-east-1';

export interface AwsTarget {
  /** The region of every client of the profile (IAM picks its global endpoint from it). */
  region: string;
  /** Where the region came from ("AWS_REGION", "the profile \"x\"" …), for messages and the log. */
  regionFrom: string;
  /** Always DATABEND_PARTITION: other partitions are refused. */
  partition: string;
}

export interface TargetOptions {
  /** undefined: the SDK's default profile (AWS_PROFILE, else "default"). */
  profile?: string;
  /** An explicit region over the profile's (tests against moto). */
  region?: string;
  env?: NodeJS.ProcessEnv;
}

/** The partition the SDK's endpoint rules put a region in (`partition` of @aws-sdk/core, from its partitions.json). */
function partitionOfRegion(region: string): string {
  return partition(region).name;
}

/** arn:<partition>:… */
export function partitionOfArn(arn: string): string | undefined {
  return /^arn:([\w-]+):/.exec(arn)?.[1];
}

/**
 * The region as the SDK resolves it for a client of `profile`: AWS_REGION
 * (NODE_REGION_CONFIG_OPTIONS.environmentVariableSelector in @smithy/core/config), else the
 * profile's `region`, credentials file over config file (NODE_REGION_CONFIG_FILE_OPTIONS:
 * preferredFile "credentials"). The SDK does not read AWS_DEFAULT_REGION (the AWS CLI
 * does); it is taken only where the SDK would fall back, before that fallback.
 */
function regionOf(name: string, settings: Settings, options: TargetOptions, env: NodeJS.ProcessEnv): { region: string; regionFrom: string } {
  if (options.region) return { region: options.region, regionFrom: 'the clients\' settings' };
  if (env.AWS_REGION) return { region: env.AWS_REGION, regionFrom: 'AWS_REGION' };
  if (settings.region) return { region: settings.region, regionFrom: `the profile "${name}"` };
  if (env.AWS_DEFAULT_REGION) return { region: env.AWS_DEFAULT_REGION, regionFrom: 'AWS_DEFAULT_REGION' };
  return { region: SDK_DEFAULT_REGION, regionFrom: 'the SDK\'s default (no region set)' };
}

interface Finding {
  partition: string;
  from: string;
}

/** Every partition the profile points into: its region, SSO region, role ARN, and those of its source profiles. */
function partitionsOf(name: string, all: ProfileFiles, seen: string[] = []): Finding[] {
  const settings = all.profiles.get(name);
  if (!settings || seen.includes(name)) return [];
  const whose = seen.length === 0 ? 'its' : `the source_profile "${name}"'s`;
  const found: Finding[] = [];
  if (settings.region) found.push({ partition: partitionOfRegion(settings.region), from: `${whose} region ${settings.region}` });
  const session = settings.sso_session ? all.ssoSessions.get(settings.sso_session) : undefined;
  // fromSSO exchanges the token in the sso-session's sso_region, else the profile's.
  const ssoRegion = session?.sso_region ?? settings.sso_region;
  if (ssoRegion) {
    const place = session?.sso_region ? `the sso_region ${ssoRegion} of ${whose} sso-session "${settings.sso_session}"` : `${whose} sso_region ${ssoRegion}`;
    found.push({ partition: partitionOfRegion(ssoRegion), from: place });
  }
  const arnPartition = settings.role_arn ? partitionOfArn(settings.role_arn) : undefined;
  if (arnPartition) found.push({ partition: arnPartition, from: `${whose} role_arn ${settings.role_arn}` });
  if (settings.source_profile) found.push(...partitionsOf(settings.source_profile, all, [...seen, name]));
  return found;
}

const PARTITION_NAMES: Record<string, string> = {
  'aws-cn': 'AWS China',
  'aws-us-gov': 'AWS GovCloud (US)',
  'aws-eusc': 'the AWS European Sovereign Cloud',
};

/** The refusal of a profile outside Databend's partition. */
function otherPartitionMessage(profile: string, found: Finding): string {
  const label = PARTITION_NAMES[found.partition] ?? `the isolated AWS partition ${found.partition}`;
  return (
    `The AWS profile "${profile}" is in ${label} (partition ${found.partition}: ${found.from}). Databend Cloud's role is in the ` +
    `commercial partition "${DATABEND_PARTITION}", and an IAM role can only trust principals of its own partition, so Databend ` +
    `could never assume a role created there (nor read a bucket there). Nothing was sent to AWS. Choose a profile for an account ` +
    'in a commercial AWS region, and check AWS_REGION if it is set.'
  );
}

/**
 * Where `profile`'s calls go, read from the files now.
 * @throws AwsProfileError when the profile, its SSO region, its role or the region points
 * outside the `aws` partition.
 */
export async function resolveTarget(options: TargetOptions): Promise<AwsTarget> {
  const env = options.env ?? process.env;
  const files = await readProfiles(env);
  const name = options.profile || defaultProfileName(env);
  const { region, regionFrom } = regionOf(name, files.profiles.get(name) ?? {}, options, env);
  const findings = [{ partition: partitionOfRegion(region), from: `region ${region} from ${regionFrom}` }, ...partitionsOf(name, files)];
  const outside = findings.find((f) => f.partition !== DATABEND_PARTITION);
  if (outside) {
    throw new AwsProfileError(otherPartitionMessage(name, outside));
  }
  return { region, regionFrom, partition: DATABEND_PARTITION };
}
