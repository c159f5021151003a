// Profile files pointing at moto, for VS Code runs (the extension reads them as a user's).

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeAtExit } from './processes';
import { ownedTempDir } from './tempDirs';

/** The fake secret of the "moto" profile: it must show up in no file and no log. */
export const MOTO_PROFILE_SECRET = 'MotoProfileSecretNeverLogged/0123456789abcd';

/**
 * Writes the profile files into `dir`, or into a temp folder of their own removed when
 * this process exits (a killed run's is swept at the next start).
 */
export function writeMotoProfiles(dir?: string): { AWS_CONFIG_FILE: string; AWS_SHARED_CREDENTIALS_FILE: string } {
  if (dir) {
    mkdirSync(dir, { recursive: true });
  } else {
    dir = ownedTempDir('vscode-aws-');
    removeAtExit(dir);
  }
  const credentials = join(dir, 'credentials');
  const config = join(dir, 'config');
  writeFileSync(credentials, `[moto]\naws_access_key_id = moto-vscode-access-key\naws_secret_access_key = ${MOTO_PROFILE_SECRET}\n`);
  writeFileSync(config, '[profile moto]\nregion = us-east-1\n');
  return { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials };
}
