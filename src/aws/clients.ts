// The one place AWS clients are made: per profile, region and endpoint, cached, with a
// middleware that reports each call by name (never its parameters, which may hold secrets).
//
// Every client takes the profile's region as the SDK resolves it (region.ts), and its
// partition's endpoints from the SDK's endpoint rules: IAM picks its global endpoint for
// that partition itself (iam.amazonaws.com signed in us-east-1 for `aws`), STS and S3 go
// to the region (Access Analyzer too). A profile outside Databend's partition is refused by the region provider
// and the credential provider, so no request (not even an SSO token exchange) leaves for it.

import { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
import { IAMClient } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import type { InitializeMiddleware, MiddlewareStack } from '@smithy/types';
import { credentialProvider, CredentialOptions, RequestHandler } from './credentials';
import { AwsTarget, resolveTarget } from './region';

export interface AwsSettings {
  profile?: string;
  /** A region for every client over the profile's (tests against moto); unset: the profile's, as the SDK resolves it. */
  region?: string;
  /** databendIam.aws.endpointUrl: one endpoint for IAM, STS, S3 and Access Analyzer (moto, LocalStack). */
  endpoint?: string;
  mfaCodeProvider?: CredentialOptions['mfaCodeProvider'];
  /**
   * Names the shared files (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE) and the region
   * variables; default process.env. The SDK's SSO provider still reads the files named by
   * process.env (fromIni does not pass its file paths on to fromSSO), as does the token cache (HOME).
   */
  env?: NodeJS.ProcessEnv;
  /** Told of every AWS call, e.g. "IAM CreateRole". */
  onCall?: (service: string, command: string) => void;
  /** The HTTP handler of every client, the SDK's inner SSO and STS clients included; unset: the SDK's own. */
  requestHandler?: RequestHandler;
}

type AnyClient = IAMClient | STSClient | S3Client | AccessAnalyzerClient;

export class AwsClients {
  private readonly clients = new Map<string, AnyClient>();
  private readonly credentials;
  private resolved: Promise<AwsTarget> | undefined;

  /** The region provider of every client (the SDK's region resolver validates what it returns). */
  private readonly region = async (): Promise<string> => (await this.target()).region;

  constructor(readonly settings: AwsSettings) {
    this.credentials = credentialProvider({
      profile: settings.profile,
      mfaCodeProvider: settings.mfaCodeProvider,
      env: settings.env,
      endpoint: settings.endpoint || undefined,
      region: this.region,
      requestHandler: settings.requestHandler,
      check: () => this.target(),
    });
  }

  /**
   * Where this profile's calls go (region, where it came from, partition). Read from the
   * files once for these clients, as the SDK reads a client's region once (loadConfig is
   * memoized); a failure is not kept, so a fixed file is read again on the next call.
   * @throws AwsProfileError for a profile outside Databend's partition.
   */
  target(): Promise<AwsTarget> {
    if (!this.resolved) {
      const resolving = resolveTarget({ profile: this.settings.profile, region: this.settings.region, env: this.settings.env });
      this.resolved = resolving;
      resolving.catch(() => {
        if (this.resolved === resolving) this.resolved = undefined;
      });
    }
    return this.resolved;
  }

  iam(): IAMClient {
    return this.client('IAM', () => new IAMClient(this.config()));
  }

  sts(): STSClient {
    return this.client('STS', () => new STSClient(this.config()));
  }

  /** IAM Access Analyzer in the profile's region (its ValidatePolicy checks the generated documents). */
  accessAnalyzer(): AccessAnalyzerClient {
    return this.client('AccessAnalyzer', () => new AccessAnalyzerClient(this.config()));
  }

  /** S3 in `region` (a bucket's), else the profile's; a request to another region's bucket follows S3's redirect. */
  s3(region?: string): S3Client {
    return this.client(`S3 ${region ?? ''}`, () =>
      new S3Client({
        ...this.config(),
        ...(region && { region }),
        forcePathStyle: Boolean(this.settings.endpoint),
        followRegionRedirects: true,
      }),
    );
  }

  destroy(): void {
    for (const client of this.clients.values()) {
      client.destroy();
    }
    this.clients.clear();
  }

  private config() {
    return {
      region: this.region,
      // Profile-level settings the SDK reads itself (use_fips_endpoint, use_dualstack_endpoint …) come from this profile.
      profile: this.settings.profile,
      credentials: this.credentials,
      endpoint: this.settings.endpoint || undefined,
      ...(this.settings.requestHandler && { requestHandler: this.settings.requestHandler }),
      // The SDK retries throttling and network errors itself (standard mode, 3 attempts).
      maxAttempts: 3,
    };
  }

  private client<C extends AnyClient>(key: string, make: () => C): C {
    let client = this.clients.get(key) as C | undefined;
    if (!client) {
      client = make();
      const service = key.split(' ')[0];
      const onCall = this.settings.onCall;
      if (onCall) {
        const callLog: InitializeMiddleware<object, object> = (next, context) => (args) => {
          onCall(service, String(context.commandName ?? 'unknown').replace(/Command$/, ''));
          return next(args);
        };
        // The clients' stacks differ only in their input and output types.
        (client.middlewareStack as unknown as MiddlewareStack<object, object>).add(callLog, { step: 'initialize', name: 'databendIamCallLog' });
      }
      this.clients.set(key, client);
    }
    return client;
  }
}

/** Clients cached by profile, region and endpoint; dropped when settings change. */
export class AwsClientCache {
  private readonly cache = new Map<string, AwsClients>();

  get(settings: AwsSettings): AwsClients {
    const key = JSON.stringify([settings.profile ?? '', settings.region ?? '', settings.endpoint ?? '']);
    let clients = this.cache.get(key);
    if (!clients) {
      clients = new AwsClients(settings);
      this.cache.set(key, clients);
    }
    return clients;
  }

  clear(): void {
    for (const clients of this.cache.values()) {
      clients.destroy();
    }
    this.cache.clear();
  }
}
