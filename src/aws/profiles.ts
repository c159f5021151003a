// The user's AWS profiles, read with the SDK's own loader from the shared config and
// credentials files (AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE honoured).

import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { homedir } from 'node:os';
import { join } from 'node:path';

export type ProfileKind = 'static' | 'sso' | 'assume-role' | 'process' | 'web-identity' | 'unknown';

export interface AwsProfile {
  name: string;
  kind: ProfileKind;
  region?: string;
  /** The profile AWS tools use when none is named (AWS_PROFILE, else "default"). */
  isDefault: boolean;
  /** Assuming its role asks for an MFA code. */
  needsMfa: boolean;
}

export interface SharedFiles {
  filepath: string;
  configFilepath: string;
}

export function sharedFiles(env: NodeJS.ProcessEnv = process.env): SharedFiles {
  return {
    filepath: env.AWS_SHARED_CREDENTIALS_FILE || join(homedir(), '.aws', 'credentials'),
    configFilepath: env.AWS_CONFIG_FILE || join(homedir(), '.aws', 'config'),
  };
}

function profileKind(settings: Record<string, string | undefined>): ProfileKind {
  if (settings.role_arn && (settings.source_profile || settings.credential_source)) return 'assume-role';
  if (settings.role_arn && settings.web_identity_token_file) return 'web-identity';
  if (settings.sso_session || settings.sso_start_url) return 'sso';
  if (settings.credential_process) return 'process';
  if (settings.aws_access_key_id) return 'static';
  return 'unknown';
}

export async function listProfiles(env: NodeJS.ProcessEnv = process.env): Promise<AwsProfile[]> {
  const { configFile, credentialsFile } = await loadSharedConfigFiles({ ...sharedFiles(env), ignoreCache: true });
  const defaultName = env.AWS_PROFILE || 'default';
  const names = new Set([...Object.keys(configFile), ...Object.keys(credentialsFile)]);
  return [...names]
    .filter((name) => !name.includes('.')) // "sso-session.x" and "services.x" sections are not profiles
    .sort((a, b) => (a === defaultName ? -1 : b === defaultName ? 1 : a.localeCompare(b)))
    .map((name) => {
      const settings = { ...configFile[name], ...credentialsFile[name] };
      return {
        name,
        kind: profileKind(settings),
        region: settings.region,
        isDefault: name === defaultName,
        needsMfa: Boolean(settings.mfa_serial),
      };
    });
}
