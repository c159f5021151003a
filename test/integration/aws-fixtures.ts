// A moto account reached through real profile files, the way users have them.

import { IAMClient } from '@aws-sdk/client-iam';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AwsClients, AwsSettings } from '../../src/aws/clients';
import { MOTO_ACCOUNT } from '../support/moto';

/** A fake secret that must never show up in any output. */
export const FAKE_SECRET = 'FakeSecretKeyDoNotLeak/1234567890abcdefGHIJ';

export function profileFiles(extraConfig = ''): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), 'aws-profiles-'));
  writeFileSync(
    join(dir, 'credentials'),
    `[moto]\naws_access_key_id = moto-test-access-key-1\naws_secret_access_key = ${FAKE_SECRET}\n\n[default]\naws_access_key_id = testing\naws_secret_access_key = testing\n`,
  );
  writeFileSync(
    join(dir, 'config'),
    `[default]\nregion = us-east-1\n\n[profile moto]\nregion = eu-west-1\n\n` +
      `[profile admin]\nrole_arn = arn:aws:iam::${MOTO_ACCOUNT}:role/admin\nsource_profile = moto\nregion = us-east-1\n\n` +
      `[profile corp-sso]\nsso_session = corp\nsso_account_id = ${MOTO_ACCOUNT}\nsso_role_name = Admin\nregion = us-east-1\n\n` +
      `[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n\n` +
      `[profile tool]\ncredential_process = /bin/false\n\n${extraConfig}`,
  );
  return { AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'), AWS_CONFIG_FILE: join(dir, 'config') };
}

export interface CountingClients {
  clients: AwsClients;
  calls: string[];
}

export function motoClients(endpoint: string, settings: Partial<AwsSettings> = {}): CountingClients {
  const calls: string[] = [];
  const clients = new AwsClients({
    profile: 'moto',
    region: 'us-east-1',
    endpoint,
    env: profileFiles(),
    onCall: (service, command) => calls.push(`${service} ${command}`),
    ...settings,
  });
  return { clients, calls };
}

/** A plain SDK client to look at moto's state, outside the code under test. */
export function inspector(endpoint: string): IAMClient {
  return new IAMClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
}
