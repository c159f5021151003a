// The one place AWS clients are made: per profile, region and endpoint, cached, with a
// middleware that reports each call by name (never its parameters, which may hold secrets).

import { IAMClient } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import type { InitializeMiddleware, MiddlewareStack } from '@smithy/types';
import { credentialProvider, CredentialOptions } from './credentials';

export interface AwsSettings {
  profile?: string;
  region?: string;
  /** databendIam.aws.endpointUrl: one endpoint for IAM, STS and S3 (moto, LocalStack). */
  endpoint?: string;
  mfaCodeProvider?: CredentialOptions['mfaCodeProvider'];
  env?: NodeJS.ProcessEnv;
  /** Told of every AWS call, e.g. "IAM CreateRole". */
  onCall?: (service: string, command: string) => void;
}

/** IAM and STS are global services; the SDK still needs a region to sign with. */
const DEFAULT_REGION = 'us-east-1';

type AnyClient = IAMClient | STSClient | S3Client;

export class AwsClients {
  private readonly clients = new Map<string, AnyClient>();
  private readonly credentials;

  constructor(readonly settings: AwsSettings) {
    this.credentials = credentialProvider({
      profile: settings.profile,
      mfaCodeProvider: settings.mfaCodeProvider,
      env: settings.env,
      clientConfig: { endpoint: settings.endpoint || undefined, region: this.region },
    });
  }

  get region(): string {
    return this.settings.region || DEFAULT_REGION;
  }

  iam(): IAMClient {
    return this.client('IAM', () => new IAMClient(this.config()));
  }

  sts(): STSClient {
    return this.client('STS', () => new STSClient(this.config()));
  }

  s3(region = this.region): S3Client {
    return this.client(`S3 ${region}`, () => new S3Client({ ...this.config(), region, forcePathStyle: Boolean(this.settings.endpoint) }));
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
      credentials: this.credentials,
      endpoint: this.settings.endpoint || undefined,
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
        // The three clients' stacks differ only in their input and output types.
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
