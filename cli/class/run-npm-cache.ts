/**
 * The room's npm cache, as `class start` and `class join` use it: verdaccio started beside the hub,
 * warmed from the workshop's lock files with progress, and a student's question whether the hub
 * serves one. The process and the network are in npm-cache.ts; what is planned, in npm-cache-plan.ts.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import chalk from 'chalk';
import { lockTarballPaths, NPM_REGISTRY, npmCachePrefix } from './npm-cache-plan.js';

export async function startRoomNpmCache(
  dir: string,
  code: string,
  uplink: string | undefined,
  out: (line: string) => void,
) {
  const { startNpmCache } = await import('./npm-cache.js');
  return startNpmCache({
    stateDir: dir,
    workshopDir: dirname(dir),
    code,
    uplink: uplink ?? NPM_REGISTRY,
    say: out,
  });
}

/**
 * The workshop's lock files: the student's install, and the Docker runtime's two image builds
 * (whose build stage installs the development packages too).
 */
const LOCK_FILES = [
  { file: 'package-lock.json', withDev: false },
  { file: join('intake', 'package-lock.json'), withDev: true },
  { file: join('webapp', 'package-lock.json'), withDev: true },
];

/** Fills the cache with what students install while the laptop is online, and says what is missing. */
export async function warmRoomNpmCache(
  workshopDir: string,
  port: number,
  stop: AbortSignal,
  out: (line: string) => void,
): Promise<void> {
  const { warmNpmCache } = await import('./npm-cache.js');
  const lists = await Promise.all(
    LOCK_FILES.map(({ file, withDev }) =>
      readFile(join(workshopDir, file), 'utf8').then(
        (text) => lockTarballPaths(JSON.parse(text), { withDev }),
        () => [],
      ),
    ),
  );
  const paths = [...new Set(lists.flat())].sort();
  const started = Date.now();
  let shown = 0;
  const r = await warmNpmCache(
    port,
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
