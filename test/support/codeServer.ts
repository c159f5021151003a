// Starts code-server (a real VS Code, offline) with this extension installed from its
// folder, a fresh user-data-dir and workspace, and settings that keep trust prompts,
// welcome pages and chat away. Everything it starts runs in one process group, and
// everything it writes (its TMPDIR included) lives in one run folder removed with it.

import { copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { writeMotoProfiles } from './awsProfiles';
import { CodeServerRelease, codeServerEntry, ROOT } from './paths';
import { ensureCodeServer } from './prepare';
import { freePort, Service, startService, waitFor } from './processes';
import { registerEmptyLanguagePack } from './pseudoLocale';
import { ownedTempDir } from './tempDirs';

export interface CodeServer {
  url: string;
  /** The URL that opens the workspace folder. */
  workspaceUrl: string;
  userDataDir: string;
  workspaceDir: string;
  /** code-server's own output, for failure reports. */
  output(): string;
  stop(): Promise<void>;
}

export interface CodeServerOptions {
  release: CodeServerRelease;
  /** Extension folders to install by link, besides this extension. */
  extraExtensions?: string[];
  settings?: Record<string, unknown>;
  env?: NodeJS.ProcessEnv;
  /** Files to create in the workspace before start. */
  workspaceFiles?: Record<string, string>;
  /** A test build (see testBuilds.ts) to install as this extension's dist/extension.js. */
  extensionMain?: string;
  /** The folder to install as this extension (default: the repository itself). */
  extensionFolder?: string;
  /** Write the "moto" AWS profile into the run folder and point AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE at it. */
  motoProfiles?: boolean;
  /** The caller's own folders, removed with the server (also when the launcher is killed). */
  removeOnStop?: string[];
  /** Display language (`--locale`), registered as a language pack so code-server honours it without one. */
  locale?: string;
  /** Files to add to the installed copy of this extension (path inside it → content); the source folder is untouched. */
  extensionFiles?: Record<string, string>;
}

const BASE_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'git.enabled': false,
  'files.hotExit': 'off',
  'window.restoreWindows': 'none',
  'workbench.editor.enablePreview': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

function manifestId(folder: string): string {
  const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
  return `${manifest.publisher}.${manifest.name}-${manifest.version}`;
}

/**
 * VS Code skips a linked extension folder (its scan wants a real directory), so the folder
 * is real and its entries link to the extension's files: no copy, and a rebuild shows.
 */
export function linkExtension(source: string, target: string, main?: string): void {
  mkdirSync(target);
  for (const entry of readdirSync(source)) {
    if (entry.startsWith('.') || entry === 'src' || entry === 'test' || (main && entry === 'dist')) continue;
    symlinkSync(join(source, entry), join(target, entry));
  }
  if (main) {
    // dist/ is real here: every product file linked, extension.js replaced by a copy of the
    // test build (a copy, so its require('./aws.js') resolves next to it).
    mkdirSync(join(target, 'dist'));
    for (const entry of readdirSync(join(source, 'dist'))) {
      if (entry !== 'extension.js' && entry !== 'extension.js.map') symlinkSync(join(source, 'dist', entry), join(target, 'dist', entry));
    }
    copyFileSync(main, join(target, 'dist', 'extension.js'));
  }
}

/**
 * Writes `content` at `path` inside a folder made by linkExtension: each folder on the way
 * that is a link into the source becomes a real one whose entries link to the source's,
 * so the new file lands in the copy and never in the source.
 */
export function addExtensionFile(target: string, path: string, content: string): void {
  const file = join(target, path);
  let dir = target;
  for (const part of relative(target, dirname(file)).split(sep).filter(Boolean)) {
    dir = join(dir, part);
    if (!existsSync(dir)) {
      mkdirSync(dir);
    } else if (lstatSync(dir).isSymbolicLink()) {
      const source = readlinkSync(dir);
      unlinkSync(dir);
      mkdirSync(dir);
      for (const entry of readdirSync(source)) symlinkSync(join(source, entry), join(dir, entry));
    }
  }
  writeFileSync(file, content);
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const node = ensureCodeServer(options.release);
  const base = ownedTempDir('vscode-run-');
  const userDataDir = join(base, 'user-data');
  const extensionsDir = join(base, 'extensions');
  const workspaceDir = join(base, 'workspace');
  // VS Code's sockets and temp files (kept short: a socket path has at most 107 characters).
  const tmp = join(base, 'tmp');
  for (const dir of [join(userDataDir, 'User'), extensionsDir, workspaceDir, tmp]) {
    mkdirSync(dir, { recursive: true });
  }
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...options.settings }, null, 2));
  for (const [name, content] of Object.entries(options.workspaceFiles ?? {})) {
    writeFileSync(join(workspaceDir, name), content);
  }
  const extension = options.extensionFolder ?? ROOT;
  const installed = join(extensionsDir, manifestId(extension));
  linkExtension(extension, installed, options.extensionMain);
  for (const [path, content] of Object.entries(options.extensionFiles ?? {})) addExtensionFile(installed, path, content);
  if (options.locale) registerEmptyLanguagePack(userDataDir, options.locale);
  for (const folder of options.extraExtensions ?? []) {
    linkExtension(folder, join(extensionsDir, manifestId(folder)));
  }

  const port = await freePort();
  let output = '';
  const service: Service = startService(
    node,
    [
      codeServerEntry(options.release),
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--extensions-dir',
      extensionsDir,
      '--user-data-dir',
      userDataDir,
      ...(options.locale ? ['--locale', options.locale] : []),
      workspaceDir,
    ],
    {
      env: { ...process.env, ...options.env, ...(options.motoProfiles ? writeMotoProfiles(join(base, 'aws')) : {}), RUST_LOG: 'off', TMPDIR: tmp },
      removeOnExit: [base, ...(options.removeOnStop ?? [])],
    },
  );
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  service.child.stdout?.on('data', collect);
  service.child.stderr?.on('data', collect);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(`code-server ${options.release.version} on ${url}`, async () => (await fetch(`${url}/healthz`)).ok, 60_000);
  } catch (error) {
    await service.stop();
    throw new Error(`${(error as Error).message}\n--- code-server output ---\n${output}`);
  }
  return {
    url,
    workspaceUrl: `${url}/?folder=${encodeURIComponent(workspaceDir)}`,
    userDataDir,
    workspaceDir,
    output: () => output,
    async stop() {
      await service.stop();
      for (const dir of [base, ...(options.removeOnStop ?? [])]) {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** VS Code's log files of a run (extension host, window, our output channel). */
export function logFiles(userDataDir: string): string[] {
  const logs = join(userDataDir, 'logs');
  try {
    return readdirSync(logs, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.log'))
      .map((f) => join(logs, f));
  } catch {
    return [];
  }
}
