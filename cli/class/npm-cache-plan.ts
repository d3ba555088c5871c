/**
 * The room's npm cache, planned: verdaccio's configuration, the hub path students' npm uses, which
 * tarballs the hub keeps and warms, and whether one is the lock file's. Pure: the process, the
 * files and the network are in npm-cache.ts and tarball-store.ts.
 */

/** The public registry: what lock files name, and the cache's default uplink. */
export const NPM_REGISTRY = 'https://registry.npmjs.org/';

/** Where the hub serves the cache: the class code is the path's token, as npm sends no other. */
export const npmCachePrefix = (code: string) => `/npm/${code}/`;

/**
 * The registry a student's npm is given. npm rewrites every lock file's
 * `https://registry.npmjs.org/…` tarball URL to it (`replace-registry-host`, npm's default), so
 * `npm ci` fetches each tarball from the hub and asks it for nothing else.
 */
export const npmRegistryFor = (hubUrl: string, code: string) =>
  `${hubUrl.replace(/\/+$/, '')}${npmCachePrefix(code)}`;

export interface VerdaccioPlan {
  storage: string;
  port: number;
  uplink: string;
  /** The path the hub serves it under: the tarball URLs verdaccio writes start with it. */
  urlPrefix: string;
}

/**
 * verdaccio's configuration, as JSON (which is YAML, what verdaccio reads). Read-only: nobody can
 * sign up or publish. The uplink is asked for abbreviated metadata (what npm itself asks for:
 * versions and their tarballs), not every version's readme; tarballs are kept for good, so a
 * room with no internet installs from what the instructor warmed.
 */
export function verdaccioConfig(plan: VerdaccioPlan): string {
  const rule = { access: '$all', publish: '$authenticated', unpublish: '$authenticated', proxy: 'npmjs' };
  return JSON.stringify(
    {
      storage: plan.storage,
      auth: { htpasswd: { file: `${plan.storage}/htpasswd`, max_users: -1 } },
      uplinks: {
        npmjs: {
          url: plan.uplink,
          cache: true,
          maxage: '30m',
          timeout: '30s',
          max_fails: 2,
          fail_timeout: '1m',
          headers: { Accept: 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8' },
        },
      },
      packages: { '@*/*': rule, '**': rule },
      listen: `127.0.0.1:${plan.port}`,
      url_prefix: plan.urlPrefix,
      web: { enable: false },
      server: { keepAliveTimeout: 60 },
      log: { type: 'stdout', format: 'json', level: 'warn' },
    },
    null,
    2,
  );
}

interface LockEntry {
  resolved?: string;
  integrity?: string;
  link?: boolean;
  dev?: boolean;
  os?: string[];
  cpu?: string[];
}

interface LockFile {
  packages?: Record<string, LockEntry>;
}

/** The laptops of a room: what a platform-specific package (esbuild's, PostgreSQL's binaries) is warmed for. */
export const ROOM_PLATFORMS: ReadonlyArray<{ os: string; cpu: string }> = [
  { os: 'darwin', cpu: 'arm64' },
  { os: 'darwin', cpu: 'x64' },
  { os: 'win32', cpu: 'x64' },
  { os: 'win32', cpu: 'arm64' },
  { os: 'linux', cpu: 'x64' },
  { os: 'linux', cpu: 'arm64' },
];

/** npm's reading of a package's `os`/`cpu` list: absent is everything, `!x` excludes x. */
function allows(list: string[] | undefined, value: string): boolean {
  if (!list?.length) return true;
  if (list.includes(`!${value}`)) return false;
  const positive = list.filter((v) => !v.startsWith('!'));
  return positive.length === 0 || positive.includes(value);
}

/**
 * Every tarball an install from a lock file can fetch, as a path under the registry
 * (`/@scope/name/-/name-1.0.0.tgz`) with the lock's integrity for it, for every laptop of the room:
 * what warming the cache fetches and what the hub keeps itself. Development-only packages unless
 * `withDev` (an image's build stage installs them; the student's `npm ci --omit=dev` does not),
 * packages for platforms no laptop uses and packages from anywhere but the public registry, or
 * without an integrity to check them by, are left out.
 */
export function lockTarballs(
  lock: LockFile,
  {
    withDev = false,
    platforms = ROOM_PLATFORMS,
  }: { withDev?: boolean; platforms?: typeof ROOM_PLATFORMS } = {},
): Map<string, string> {
  const found: Array<[string, string]> = [];
  for (const entry of Object.values(lock.packages ?? {})) {
    if (entry.link || (entry.dev && !withDev) || !entry.resolved?.startsWith(NPM_REGISTRY)) continue;
    if (!entry.integrity) continue;
    if (!platforms.some((p) => allows(entry.os, p.os) && allows(entry.cpu, p.cpu))) continue;
    found.push([`/${entry.resolved.slice(NPM_REGISTRY.length)}`, entry.integrity]);
  }
  return new Map(found.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The hashes an integrity string may hold, weakest first (npm's ssri checks by the strongest). */
const HASHES = ['sha1', 'sha256', 'sha384', 'sha512'];

/** The strongest hash of an integrity string (`sha1-… sha512-…`, as lock files write it) to check a tarball by. */
export function strongestHash(integrity: string): { algorithm: string; digest: string } | undefined {
  let best: { algorithm: string; digest: string } | undefined;
  for (const entry of integrity.split(/\s+/)) {
    const dash = entry.indexOf('-');
    const algorithm = entry.slice(0, dash);
    const digest = entry.slice(dash + 1).split('?')[0] ?? '';
    if (HASHES.indexOf(algorithm) > HASHES.indexOf(best?.algorithm ?? '') && digest)
      best = { algorithm, digest };
  }
  return best;
}
