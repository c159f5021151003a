// Credentials for a profile through the SDK's providers (static keys, SSO, assume-role,
// credential_process), with the MFA code asked by the caller (the UI's input box).

import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { CancelledError } from '../core/errors';
import { sharedFiles } from './profiles';

export interface CredentialOptions {
  /** A profile name; undefined uses the SDK's default chain (environment, AWS_PROFILE, default). */
  profile?: string;
  /** Asks the user for an MFA code; rejects with CancelledError when they cancel. */
  mfaCodeProvider?: (mfaSerial: string) => Promise<string>;
  /** Client settings for the SDK's inner STS/SSO clients (endpoint for moto or LocalStack). */
  clientConfig?: { endpoint?: string; region?: string };
  env?: NodeJS.ProcessEnv;
}

export function credentialProvider(options: CredentialOptions): AwsCredentialIdentityProvider {
  const files = sharedFiles(options.env);
  const common = { ...files, ignoreCache: true, clientConfig: options.clientConfig, mfaCodeProvider: options.mfaCodeProvider };
  const provider = options.profile ? fromIni({ ...common, profile: options.profile }) : fromNodeProviderChain(common);
  return async (identityProperties) => {
    try {
      return await provider(identityProperties);
    } catch (error) {
      throw explainCredentialError(error, options.profile, files);
    }
  };
}

/** Turns the SDK's credential failures into a sentence that says what to do. */
export function explainCredentialError(error: unknown, profile: string | undefined, files = sharedFiles()): Error {
  if (error instanceof CancelledError) {
    return error;
  }
  const message = error instanceof Error ? error.message : String(error);
  const name = profile ? `"${profile}"` : 'the default profile';
  const flag = profile ? ` --profile ${profile}` : '';
  let text: string;
  if (/MFA|mfa code/i.test(message) && /callback|provider|cancel/i.test(message)) {
    text = `The profile ${name} needs an MFA code and none was entered. Run the command again and enter the code from your MFA device.`;
  } else if (/sso/i.test(message) && /(expired|refresh|token|login|not found|invalid)/i.test(message)) {
    text = `The AWS SSO session of ${name} has expired or was never started. Run \`aws sso login${flag}\` in a terminal, then try again.`;
  } else if (/Could not resolve credentials using profile|Profile .* (could not be found|not found)|does not exist/i.test(message)) {
    text = `The AWS profile ${name} is not defined in ${files.configFilepath} or ${files.filepath}. Check its name, or pick another profile.`;
  } else if (/ExpiredToken|expired/i.test(message)) {
    text = `The credentials of ${name} have expired. Refresh them (for example \`aws sso login${flag}\` or a new session token) and try again.`;
  } else if (/Could not load credentials from any providers|Unable to find|no credentials/i.test(message)) {
    text = 'No AWS credentials were found. Configure a profile with `aws configure` or `aws configure sso`, or choose a profile that has credentials.';
  } else {
    text = `Could not get AWS credentials for ${name}: ${message}`;
  }
  const explained = new Error(text);
  explained.name = 'AwsCredentialsError';
  return explained;
}
