// Looks for secrets in every file under a folder (settings, globalState, logs, storage).

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface SecretHit {
  file: string;
  secret: string;
}

export function scanForSecrets(root: string, secrets: string[]): { files: number; hits: SecretHit[] } {
  let files = 0;
  const hits: SecretHit[] = [];
  for (const entry of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
    const file = join(root, entry);
    let stat;
    try {
      stat = statSync(file);
    } catch {
      continue; // removed meanwhile
    }
    if (!stat.isFile() || stat.size > 50_000_000) continue;
    files += 1;
    const content = readFileSync(file).toString('latin1');
    for (const secret of secrets) {
      if (content.includes(secret)) hits.push({ file, secret: `${secret.slice(0, 4)}…` });
    }
  }
  return { files, hits };
}
