/**
 * The room's npm cache, as `class start` and `class join` use it: verdaccio started beside the hub
 * and the hub's own store of the lock files' tarballs, warmed with progress, and a student's
 * question whether the hub serves one. The process and the network are in npm-cache.ts and
 * tarball-store.ts; what is planned, in npm-cache-plan.ts.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import chalk from 'chalk';
import type { NpmCache } from './npm-cache.js';
import { lockTarballs, NPM_REGISTRY, npmCachePrefix } from './npm-cache-plan.js';
import type { TarballStore } from './tarball-store.js';

/**
 * The workshop's lock files: the student's install, and the Docker runtime's two image builds
 * (whose build stage installs the development packages too).
 */
const LOCK_FILES = [
  { file: 'package-lock.json', withDev: false },
  { file: join('intake', 'package-lock.json'), withDev: true },
  { file: join('webapp', 'package-lock.json'), withDev: true },
];

/** Every tarball of the workshop's lock files, with its integrity. */
async function workshopTarballs(workshopDir: string): Promise<Map<string, string>> {
  const maps = await Promise.all(
    LOCK_FILES.map(({ file, withDev }) =>
      readFile(join(workshopDir, file), 'utf8').then(
        (text) => lockTarballs(JSON.parse(text), { withDev }),
        () => new Map<string, string>(),
      ),
    ),
  );
  return new Map(maps.flatMap((m) => [...m]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export interface RoomNpmCache extends NpmCache {
  tarballs: TarballStore;
  /** The registry paths of every tarball the store keeps. */
  paths: string[];
}

/** verdaccio and the tarball store, both kept under `<stateDir>/class-npm/`. */
export async function startRoomNpmCache(options: {
  stateDir: string;
  workshopDir: string;
  code: string;
  uplink?: string | undefined;
  say: (line: string) => void;
}): Promise<RoomNpmCache> {
  const [{ startNpmCache }, { createTarballStore }] = await Promise.all([
    import('./npm-cache.js'),
    import('./tarball-store.js'),
  ]);
  const uplink = options.uplink ?? NPM_REGISTRY;
  const known = await workshopTarballs(options.workshopDir);
  const verdaccio = await startNpmCache({ ...options, uplink });
  const dir = join(options.stateDir, 'class-npm', 'tarballs');
  const tarballs = createTarballStore({ dir, uplink, tarballs: known });
  return { ...verdaccio, tarballs, paths: [...known.keys()] };
}

/** Fills the hub's store with what students install while the laptop is online, and says what is missing. */
export async function warmRoomNpmCache(
  cache: RoomNpmCache,
  stop: AbortSignal,
  out: (line: string) => void,
): Promise<void> {
  const { warmTarballs } = await import('./tarball-store.js');
  const { paths } = cache;
  const started = Date.now();
  let shown = 0;
  const r = await warmTarballs(
    cache.tarballs,
    paths,
    (done) => {
      if (done - shown < 100) return;
      shown = done;
      out(chalk.dim(`npm cache: ${done} of ${paths.length} tarballs…`));
    },
    stop,
  );
  if (stop.aborted) return;
  const secs = ((Date.now() - started) / 1000).toFixed(0);
  if (r.failed.length === 0)
    out(
      `${chalk.green('✔')} npm cache: all ${paths.length} tarballs of the students' installs and image builds are ready (${secs} s).`,
    );
  else
    out(
      `${chalk.yellow('!')} npm cache: ${r.failed.length} of ${paths.length} tarballs could not be fetched (the first: ${r.failed[0]}); students' installs need the internet for them. Start the hub once while this laptop is online.`,
    );
}

/** Whether the hub serves the room's npm cache (verdaccio's ping, through the hub). */
export async function servesNpmCache(hub: URL, code: string): Promise<boolean> {
  try {
    const res = await fetch(new URL(`${npmCachePrefix(code.toUpperCase())}-/ping`, hub), {
      signal: AbortSignal.timeout(3_000),
    });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}
