// The user's AWS profiles, read with the SDK's own loader from the shared config and
// credentials files (AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE honoured), and why a
// profile cannot give credentials, judged by the same rules the SDK applies.

import { partition } from '@aws-sdk/core/client';
import { getHomeDir, loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { join } from 'node:path';
import * as l10n from '@vscode/l10n';

export type ProfileKind = 'static' | 'sso' | 'assume-role' | 'process' | 'web-identity' | 'login' | 'unknown';

export interface AwsProfile {
  name: string;
  kind: ProfileKind;
  region?: string;
  /** The profile AWS tools use when none is named (AWS_PROFILE, else "default"). */
  isDefault: boolean;
  /** Assuming its role asks for an MFA code. */
  needsMfa: boolean;
  /** Why the SDK cannot get credentials from it as written, and how to fix that; undefined when it can. */
  problem?: string;
  /**
   * The AWS partition its region or SSO region is in, when not Databend's `aws` (e.g.
   * `aws-us-gov`): shown in the list, so the profile does not look usable (choosing it is
   * refused with the reason, see resolveTarget).
   */
  otherPartition?: string;
}

export interface SharedFiles {
  filepath: string;
  configFilepath: string;
}

export type Settings = Record<string, string | undefined>;

/** The two files, where the SDK looks for them (getConfigFilepath / getCredentialsFilepath in @smithy/core/config). */
export function sharedFiles(env: NodeJS.ProcessEnv = process.env): SharedFiles {
  return {
    filepath: env.AWS_SHARED_CREDENTIALS_FILE || join(getHomeDir(), '.aws', 'credentials'),
    configFilepath: env.AWS_CONFIG_FILE || join(getHomeDir(), '.aws', 'config'),
  };
}

/**
 * Sections the SDK's parser (parseIni / getConfigData in @smithy/core/config) keeps under a
 * prefix: `[sso-session x]` → "sso-session.x", `[services x]` → "services.x". Every other
 * key is a profile: `[profile a.b]` in config becomes "a.b", `[team.dev]` in credentials
 * stays "team.dev"; dots are part of names.
 */
const NOT_PROFILES = ['sso-session.', 'services.'];

export interface ProfileFiles {
  files: SharedFiles;
  /** Settings by profile name, config file then credentials file on top, as the SDK merges them (parseKnownFiles). */
  profiles: Map<string, Settings>;
  /** The file paths that define each profile. */
  definedIn: Map<string, string[]>;
  /** `[sso-session x]` sections of the config file, by name (loadSsoSessionData reads only that file). */
  ssoSessions: Map<string, Settings>;
}

export async function readProfiles(env: NodeJS.ProcessEnv = process.env): Promise<ProfileFiles> {
  const files = sharedFiles(env);
  const { configFile, credentialsFile } = await loadSharedConfigFiles({ ...files, ignoreCache: true });
  const profiles = new Map<string, Settings>();
  const definedIn = new Map<string, string[]>();
  const ssoSessions = new Map<string, Settings>();
  for (const [parsed, path] of [
    [configFile, files.configFilepath],
    [credentialsFile, files.filepath],
  ] as const) {
    for (const [key, settings] of Object.entries(parsed)) {
      if (key.startsWith('sso-session.') && parsed === configFile) {
        ssoSessions.set(key.slice('sso-session.'.length), settings);
      }
      if (NOT_PROFILES.some((prefix) => key.startsWith(prefix))) continue;
      profiles.set(key, { ...profiles.get(key), ...settings });
      definedIn.set(key, [...(definedIn.get(key) ?? []), path]);
    }
  }
  return { files, profiles, definedIn, ssoSessions };
}

/** The name the SDK uses when none is given (getProfileName in @smithy/core/config). */
export function defaultProfileName(env: NodeJS.ProcessEnv = process.env): string {
  return env.AWS_PROFILE || 'default';
}

const isSet = (value: string | undefined): value is string => value !== undefined && value !== '';

/**
 * The credential kind the SDK picks, in the order of resolveProfileData in
 * @aws-sdk/credential-provider-ini: assume-role (role_arn with exactly one of
 * source_profile / credential_source), static keys, web identity, credential_process, SSO
 * (any sso_* key), login session; anything else cannot give credentials.
 */
function profileKind(settings: Settings): ProfileKind {
  if (isSet(settings.role_arn) && isSet(settings.source_profile) !== isSet(settings.credential_source)) return 'assume-role';
  if (isSet(settings.aws_access_key_id) && isSet(settings.aws_secret_access_key)) return 'static';
  if (isSet(settings.web_identity_token_file) && isSet(settings.role_arn)) return 'web-identity';
  if (isSet(settings.credential_process)) return 'process';
  if (['sso_start_url', 'sso_account_id', 'sso_session', 'sso_region', 'sso_role_name'].some((key) => isSet(settings[key]))) return 'sso';
  if (isSet(settings.login_session)) return 'login';
  return 'unknown';
}

/** Keys the SDK reads for credentials, to recognise them under another spelling. */
const CREDENTIAL_KEYS = [
  'aws_access_key_id',
  'aws_secret_access_key',
  'aws_session_token',
  'role_arn',
  'source_profile',
  'credential_source',
  'credential_process',
  'web_identity_token_file',
  'role_session_name',
  'external_id',
  'mfa_serial',
  'sso_session',
  'sso_start_url',
  'sso_account_id',
  'sso_role_name',
  'sso_region',
];

const squash = (key: string) => key.toLowerCase().replace(/[^a-z0-9]/g, '');
const SPELLINGS = new Map<string, string>([
  ...CREDENTIAL_KEYS.map((key) => [squash(key), key] as [string, string]),
  ...CREDENTIAL_KEYS.filter((key) => key.startsWith('aws_')).map((key) => [squash(key.slice(4)), key] as [string, string]),
  // Names other tools use for the same two keys.
  ['accesskey', 'aws_access_key_id'],
  ['awsaccesskey', 'aws_access_key_id'],
  ['secretkey', 'aws_secret_access_key'],
  ['awssecretkey', 'aws_secret_access_key'],
]);

/** Keys written under a spelling AWS tools do not read (accessKeyId, aws-access-key-id …), with the name they need. */
function misspelledKeys(settings: Settings): [string, string][] {
  return Object.keys(settings).flatMap((key) => {
    const meant = SPELLINGS.get(squash(key));
    return meant && meant !== key && !(meant in settings) ? [[key, meant] as [string, string]] : [];
  });
}

/** The credential_source values resolveCredentialSource in @aws-sdk/credential-provider-ini accepts. */
const CREDENTIAL_SOURCES = ['EcsContainer', 'Ec2InstanceMetadata', 'Environment'];

interface Lack {
  lacks: string;
  fix: string;
}

function setUp(name: string): string {
  return (
    `Give it credentials: access keys (\`aws configure --profile ${name}\`), an IAM Identity Center sign-in ` +
    `(\`aws configure sso --profile ${name}\`), role_arn with source_profile, or credential_process.`
  );
}

/** Why the SDK cannot get credentials from `name` (which exists), or undefined when it can. */
function lackOf(name: string, all: ProfileFiles, visited: string[]): Lack | undefined {
  const settings = all.profiles.get(name) ?? {};
  const kind = profileKind(settings);
  const misspelled = misspelledKeys(settings);
  const renames = misspelled.map(([key, meant]) => `${key} → ${meant}`).join(', ');
  const config = all.files.configFilepath;

  if (kind === 'assume-role') {
    if (isSet(settings.credential_source)) {
      return CREDENTIAL_SOURCES.includes(settings.credential_source)
        ? undefined
        : { lacks: `its credential_source "${settings.credential_source}" is none of ${CREDENTIAL_SOURCES.join(', ')}`, fix: `Set credential_source to one of them, or use source_profile instead.` };
    }
    const source = settings.source_profile as string;
    if (source === name || visited.includes(source)) {
      return { lacks: `its source_profile chain comes back to "${source}"`, fix: 'Point source_profile at a profile that has credentials of its own.' };
    }
    const sourceSettings = all.profiles.get(source);
    if (!sourceSettings) {
      return { lacks: `its source_profile "${source}" is not defined in ${config} or ${all.files.filepath}`, fix: `Add a profile "${source}" with credentials, or point source_profile at an existing one.` };
    }
    // A source profile with static keys is used as is; one with only credential_source is
    // resolved by it (resolveProfileData's first two checks); anything else fully.
    if (isSet(sourceSettings.aws_access_key_id) && isSet(sourceSettings.aws_secret_access_key)) return undefined;
    if (!isSet(sourceSettings.role_arn) && isSet(sourceSettings.credential_source)) {
      return CREDENTIAL_SOURCES.includes(sourceSettings.credential_source)
        ? undefined
        : { lacks: `the credential_source "${sourceSettings.credential_source}" of its source_profile "${source}" is none of ${CREDENTIAL_SOURCES.join(', ')}`, fix: 'Set it to one of them.' };
    }
    const inner = lackOf(source, all, [...visited, name]);
    return inner && { lacks: `its source_profile "${source}" cannot give credentials: ${inner.lacks}`, fix: inner.fix };
  }

  if (kind === 'sso') {
    const merged = { ...settings };
    if (isSet(settings.sso_session)) {
      const session = all.ssoSessions.get(settings.sso_session);
      if (!session) {
        return {
          lacks: `its sso_session "${settings.sso_session}" has no [sso-session ${settings.sso_session}] section in ${config}`,
          fix: `Add that section (\`aws configure sso-session\`) or correct the name.`,
        };
      }
      const missing = ['sso_start_url', 'sso_region'].filter((key) => !isSet(session[key]));
      if (missing.length > 0) {
        return { lacks: `its [sso-session ${settings.sso_session}] section lacks ${missing.join(' and ')}`, fix: `Run \`aws configure sso-session\` to write them.` };
      }
      // fromSSO takes the session's start URL and region over the profile's.
      merged.sso_start_url = session.sso_start_url;
      merged.sso_region = session.sso_region;
    }
    // validateSsoProfile in @aws-sdk/credential-provider-sso needs all four.
    const missing = ['sso_start_url', 'sso_account_id', 'sso_region', 'sso_role_name'].filter((key) => !isSet(merged[key]));
    if (missing.length === 0) return undefined;
    return {
      lacks: `it is an IAM Identity Center (SSO) profile without ${missing.join(', ')}${renames ? ` (it has ${renames.replace(/ → /g, ' instead of ')})` : ''}`,
      fix: `Run \`aws configure sso --profile ${name}\`, which writes them${renames ? `, or rename ${renames}` : ''}.`,
    };
  }

  if (kind !== 'unknown') return undefined;

  if (misspelled.length > 0) {
    return {
      lacks: `its ${misspelled.map(([key]) => key).join(' and ')} ${misspelled.length > 1 ? 'are not names' : 'is not a name'} AWS tools read`,
      fix: `Rename ${misspelled.length > 1 ? 'them' : 'it'}: ${renames}.`,
    };
  }
  if (isSet(settings.role_arn)) {
    return isSet(settings.source_profile) && isSet(settings.credential_source)
      ? { lacks: 'it sets both source_profile and credential_source', fix: 'Keep one: source_profile names the profile whose credentials assume the role; credential_source is Environment, Ec2InstanceMetadata or EcsContainer.' }
      : { lacks: 'it has role_arn but no source_profile or credential_source to assume the role with', fix: 'Add source_profile = <a profile with credentials>.' };
  }
  if (isSet(settings.aws_access_key_id) !== isSet(settings.aws_secret_access_key)) {
    const [has, lacks] = isSet(settings.aws_access_key_id) ? ['aws_access_key_id', 'aws_secret_access_key'] : ['aws_secret_access_key', 'aws_access_key_id'];
    return { lacks: `it has ${has} but no ${lacks}`, fix: `Add ${lacks} (\`aws configure --profile ${name}\`).` };
  }
  if (isSet(settings.web_identity_token_file)) {
    return { lacks: 'it has web_identity_token_file but no role_arn', fix: 'Add the role_arn to assume with that token.' };
  }
  // (A section without any key is not a profile for the SDK's parser: it reports it as not defined.)
  return { lacks: `it only sets ${Object.keys(settings).join(', ')}, no credentials`, fix: setUp(name) };
}

/**
 * Why `name` cannot give credentials, in a sentence that says the profile exists, what it
 * lacks and how to fix it ("not defined" when neither file has it); undefined when the SDK
 * can resolve it (it may still fail later: an expired SSO session, a rejected key).
 */
export function profileProblem(name: string, all: ProfileFiles): string | undefined {
  const where = all.definedIn.get(name);
  if (!where) {
    return l10n.t('The AWS profile "{0}" is not defined in {1} or {2}. Check its name, or pick another profile.', name, all.files.configFilepath, all.files.filepath);
  }
  const lack = lackOf(name, all, []);
  return lack && `The AWS profile "${name}" exists in ${where.join(' and ')} but cannot give credentials: ${lack.lacks}. ${lack.fix}`;
}

/** The partition (by the SDK's own endpoint rules) of a profile's region or SSO region, when it is not `aws`. */
function otherPartitionOf(settings: Settings): { otherPartition?: string } {
  for (const region of [settings.region, settings.sso_region]) {
    const name = typeof region === 'string' && region !== '' ? partition(region).name : 'aws';
    if (name !== 'aws') return { otherPartition: name };
  }
  return {};
}

export async function listProfiles(env: NodeJS.ProcessEnv = process.env): Promise<AwsProfile[]> {
  const all = await readProfiles(env);
  const defaultName = defaultProfileName(env);
  return [...all.profiles.keys()]
    .sort((a, b) => (a === defaultName ? -1 : b === defaultName ? 1 : a.localeCompare(b)))
    .map((name) => {
      const settings = all.profiles.get(name) ?? {};
      const problem = profileProblem(name, all);
      return {
        name,
        kind: profileKind(settings),
        region: settings.region,
        isDefault: name === defaultName,
        needsMfa: isSet(settings.mfa_serial),
        ...(problem && { problem }),
        ...otherPartitionOf(settings),
      };
    });
}
