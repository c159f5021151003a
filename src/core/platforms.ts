// The platforms VS Code runs on, and the native build of databend-driver each one needs.
// Pure: the package script reads what to fetch from it, the UI what to tell a user whose
// build has no driver.

export interface PlatformTarget {
  /** vsce's --target, the Marketplace's name for the platform. */
  target: string;
  /** The npm package holding databend-driver's native binary for it. */
  driverPackage: string;
  /** How a user names the platform. */
  label: string;
  /** Node's process.platform and process.arch there, and whether its C library is musl. */
  platform: 'darwin' | 'linux' | 'win32';
  arch: 'x64' | 'arm64';
  musl: boolean;
}

const DRIVER_SCOPE = '@databend-driver/lib-';

/** The eight platforms databend-driver publishes a build for, in vsce's names. */
export const TARGETS: readonly PlatformTarget[] = [
  { target: 'darwin-arm64', driverPackage: `${DRIVER_SCOPE}darwin-arm64`, label: 'macOS on Apple silicon', platform: 'darwin', arch: 'arm64', musl: false },
  { target: 'darwin-x64', driverPackage: `${DRIVER_SCOPE}darwin-x64`, label: 'macOS on Intel', platform: 'darwin', arch: 'x64', musl: false },
  { target: 'linux-x64', driverPackage: `${DRIVER_SCOPE}linux-x64-gnu`, label: 'Linux x64 (glibc)', platform: 'linux', arch: 'x64', musl: false },
  { target: 'linux-arm64', driverPackage: `${DRIVER_SCOPE}linux-arm64-gnu`, label: 'Linux arm64 (glibc)', platform: 'linux', arch: 'arm64', musl: false },
  { target: 'alpine-x64', driverPackage: `${DRIVER_SCOPE}linux-x64-musl`, label: 'Alpine Linux x64 (musl)', platform: 'linux', arch: 'x64', musl: true },
  { target: 'alpine-arm64', driverPackage: `${DRIVER_SCOPE}linux-arm64-musl`, label: 'Alpine Linux arm64 (musl)', platform: 'linux', arch: 'arm64', musl: true },
  { target: 'win32-x64', driverPackage: `${DRIVER_SCOPE}win32-x64-msvc`, label: 'Windows x64', platform: 'win32', arch: 'x64', musl: false },
  { target: 'win32-arm64', driverPackage: `${DRIVER_SCOPE}win32-arm64-msvc`, label: 'Windows arm64', platform: 'win32', arch: 'arm64', musl: false },
];

/** The target of a vsce name, or undefined. */
export function findTarget(target: string): PlatformTarget | undefined {
  return TARGETS.find((t) => t.target === target);
}

/** The target a machine needs (Node's platform and arch, musl or not), or undefined when there is none. */
export function targetFor(platform: string, arch: string, musl: boolean): PlatformTarget | undefined {
  return TARGETS.find((t) => t.platform === platform && t.arch === arch && t.musl === (platform === 'linux' && musl));
}

/** The native binary's file name inside its package, e.g. databend-driver.linux-x64-gnu.node. */
export function driverBinary(target: PlatformTarget): string {
  return `databend-driver.${target.driverPackage.slice(DRIVER_SCOPE.length)}.node`;
}

/** The file `npm run package -- --target <target>` writes, and the one a user installs. */
export function vsixFileName(target: PlatformTarget): string {
  return `databend-iam-role-${target.target}.vsix`;
}

/**
 * What a user reads when the driver cannot be loaded: which platform, what does not work,
 * what still does, and which file to install. `summary` fits a tree item.
 */
export function driverMissingMessage(host: { platform: string; arch: string; musl: boolean }): { summary: string; message: string } {
  const wanted = targetFor(host.platform, host.arch, host.musl);
  const where = wanted ? wanted.label : `${host.platform} ${host.arch}${host.musl ? ' (musl)' : ''}`;
  const still = 'The IAM setup, the policy previews and Generate SQL work without it.';
  if (!wanted) {
    return {
      summary: `No Databend driver exists for ${where}`,
      message: `databend-driver publishes no build for ${where}, so this extension cannot connect to Databend here: Databend logins, the explorer and running SQL are unavailable. ${still}`,
    };
  }
  return {
    summary: `No Databend driver for ${where} in this build: install ${vsixFileName(wanted)}`,
    message: `This build of the extension has no Databend driver for ${where}, so Databend logins, the explorer and running SQL are unavailable. Install the build for ${wanted.target} (${vsixFileName(wanted)}, which holds ${wanted.driverPackage}); the Marketplace picks it by itself. ${still}`,
  };
}

/**
 * Whether an error from loading the driver means its native part is missing or unusable
 * here (no package for this platform, the wrong libc, an unsupported platform), as opposed
 * to any other failure.
 */
export function isDriverLoadFailure(error: { code?: unknown; message?: unknown }): boolean {
  const message = String(error.message ?? '');
  if (error.code === 'MODULE_NOT_FOUND') return /databend-driver/.test(message);
  return error.code === 'ERR_DLOPEN_FAILED' || /^Unsupported (OS|architecture)|Failed to load native binding/.test(message);
}
