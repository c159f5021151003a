// Credentials for a profile through the SDK's providers (static keys, SSO, assume-role,
// credential_process, web identity), with the MFA code asked by the caller (the UI's input box).
//
// Regions are the SDK's: no region is given to its inner clients. fromSSO exchanges the
// token in the profile's (or its sso-session's) sso_region (`region: clientConfig?.region ??
// ssoRegion` in @aws-sdk/credential-provider-sso), the token refresh runs in that region too
// (getSsoOidcClient in @aws-sdk/token-providers), and fromIni's role assumer uses the
// profile's `region`, else the calling client's (resolveAssumeRoleCredentials in
// @aws-sdk/credential-provider-ini, then resolveRegion in @aws-sdk/nested-clients/sts).
// Passing a region in `clientConfig` would override all three.

import { getDefaultRoleAssumer, getDefaultRoleAssumerWithWebIdentity, STSClientConfig } from '@aws-sdk/client-sts';
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, Provider } from '@smithy/types';
import { CancelledError } from '../core/errors';
import { AwsProfileError } from './errors';
import { profileProblem, readProfiles, sharedFiles } from './profiles';

/** An HTTP handler for the SDK's clients (an object with `handle(request)`), as their `requestHandler` setting takes it. */
export type RequestHandler = NonNullable<STSClientConfig['requestHandler']>;

type RoleAssumerOptions = NonNullable<Parameters<typeof getDefaultRoleAssumer>[0]>;

export interface CredentialOptions {
  /** A profile name; undefined uses the SDK's default chain (environment, AWS_PROFILE, default). */
  profile?: string;
  /** Asks the user for an MFA code; rejects with CancelledError when they cancel. */
  mfaCodeProvider?: (mfaSerial: string) => Promise<string>;
  /**
   * databendIam.aws.endpointUrl (moto, LocalStack): where the inner STS client assumes
   * roles. Never given to the SSO portal or SSO-OIDC clients: an SSO token goes to AWS only.
   */
  endpoint?: string;
  /** The inner STS client's region when `endpoint` is set (without an endpoint the SDK picks it). */
  region?: Provider<string>;
  /** The HTTP handler of the SDK's inner clients; unset: the SDK's own (tests capture requests with it). */
  requestHandler?: RequestHandler;
  /** Awaited before any credential is fetched; throws to refuse the profile (another partition). */
  check?: () => Promise<unknown>;
  env?: NodeJS.ProcessEnv;
}

/** Temporary credentials this close to expiry are fetched again. */
const REFRESH_BEFORE_MS = 5 * 60 * 1000;

/**
 * One provider for all clients of a profile: the IAM, STS and S3 clients share its
 * credentials (one MFA prompt, one SSO exchange) until they are about to expire. A failure
 * is not kept: the next call tries again (after `aws sso login`, say).
 */
export function credentialProvider(options: CredentialOptions): AwsCredentialIdentityProvider {
  const files = sharedFiles(options.env);
  const clientConfig = options.requestHandler ? { requestHandler: options.requestHandler } : {};
  const innerSts = options.endpoint
    ? {
        // STSClient takes every client setting: getDefaultRoleAssumer spreads its options into `new STSClient`.
        ...clientConfig,
        endpoint: options.endpoint,
        region: options.region,
      }
    : undefined;
  const common = {
    ...files,
    ignoreCache: true,
    clientConfig,
    mfaCodeProvider: options.mfaCodeProvider,
    ...(innerSts && {
      roleAssumer: getDefaultRoleAssumer(innerSts as RoleAssumerOptions),
      roleAssumerWithWebIdentity: getDefaultRoleAssumerWithWebIdentity(innerSts as RoleAssumerOptions),
    }),
  };
  const sdkProvider = options.profile ? fromIni({ ...common, profile: options.profile }) : fromNodeProviderChain(common);

  const fetch: AwsCredentialIdentityProvider = async (identityProperties) => {
    try {
      await options.check?.();
      if (options.profile) {
        const problem = profileProblem(options.profile, await readProfiles(options.env));
        if (problem) throw new AwsProfileError(problem);
      }
      return await sdkProvider(identityProperties);
    } catch (error) {
      throw explainCredentialError(error, options.profile, files);
    }
  };

  let current: Promise<AwsCredentialIdentity> | undefined;
  return (identityProperties) => {
    current = current
      ? current.then((credentials) => (expiresSoon(credentials) ? fetch(identityProperties) : credentials))
      : fetch(identityProperties);
    const mine = current;
    mine.catch(() => {
      if (current === mine) current = undefined;
    });
    return mine;
  };
}

function expiresSoon(credentials: AwsCredentialIdentity): boolean {
  return credentials.expiration !== undefined && credentials.expiration.getTime() - Date.now() < REFRESH_BEFORE_MS;
}

/** Turns the SDK's credential failures into a sentence that says what to do. */
export function explainCredentialError(error: unknown, profile: string | undefined, files = sharedFiles()): Error {
  if (error instanceof CancelledError || error instanceof AwsProfileError) {
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
