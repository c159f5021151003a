// The platforms VS Code runs on, and the native build of databend-driver each one needs.
// Pure: the package script reads what to fetch from it.

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
