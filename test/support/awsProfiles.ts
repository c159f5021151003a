// Profile files pointing at moto, for VS Code runs (the extension reads them as a user's).

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The fake secret of the "moto" profile: it must show up in no file and no log. */
export const MOTO_PROFILE_SECRET = 'MotoProfileSecretNeverLogged/0123456789abcd';

export function writeMotoProfiles(): { AWS_CONFIG_FILE: string; AWS_SHARED_CREDENTIALS_FILE: string } {
  const dir = mkdtempSync(join(tmpdir(), 'vscode-aws-'));
  const credentials = join(dir, 'credentials');
  const config = join(dir, 'config');
  writeFileSync(credentials, `[moto]\naws_access_key_id = moto-vscode-access-key\naws_secret_access_key = ${MOTO_PROFILE_SECRET}\n`);
  writeFileSync(config, '[profile moto]\nregion = us-east-1\n');
  return { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials };
}
