/**
 * What installing the workshop costs a laptop, from an empty npm cache: the student's install
 * (`npm ci --omit=dev`, the README's first line) and the developer's (`npm ci`), back to back.
 * For each: tarball bytes and registry-metadata bytes fetched (read from the npm cache's index,
 * which records every response it kept), node_modules' apparent size and size on disk, and the
 * time. Scripts are skipped (`--ignore-scripts`): this measures the install, not the first build.
 * Then the Docker runtime's image builds, counted alike (their `npm ci` runs).
 * Goals (issue 31): the student's ≤ 60 MB of tarballs on Linux and ≤ 250 MB apparent.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { line } from './support.js';

const repo = resolve(import.meta.dirname, '..');
const MB = 1024 * 1024;

interface Install {
  tarballs: number;
  metadata: number;
  apparent: number;
  onDisk: number;
  seconds: number;
}

/** Every entry the npm cache's index (cacache index-v5) holds, by kind: tarballs or metadata. */
function fetchedBytes(cache: string): { tarballs: number; metadata: number } {
  const sums = { tarballs: 0, metadata: 0 };
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else
        for (const row of readFileSync(path, 'utf8').split('\n')) {
          const json = row.slice(row.indexOf('\t') + 1);
          if (!json.startsWith('{')) continue;
          const entry = JSON.parse(json) as { key?: string; size?: number };
          const size = entry.size ?? 0;
          if (/\.tgz$/.test(entry.key ?? '')) sums.tarballs += size;
          else sums.metadata += size;
        }
    }
  };
  walk(join(cache, '_cacache', 'index-v5'));
  return sums;
}

/** The bytes of every file as a listing adds them up, and the blocks they take on disk (Windows: the same). */
function sizes(dir: string): { apparent: number; onDisk: number } {
  const total = { apparent: 0, onDisk: 0 };
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      const inner = sizes(path);
      total.apparent += inner.apparent;
      total.onDisk += inner.onDisk;
    } else if (e.isFile()) {
      const stat = lstatSync(path);
      total.apparent += stat.size;
      total.onDisk += stat.blocks === undefined ? stat.size : stat.blocks * 512;
    }
  }
  return total;
}

/** `npm ci` of the package in `from` (the workshop, or an image's folder) in a folder of its own. */
function install(args: string[], from = repo): Install {
  const dir = mkdtempSync(join(tmpdir(), 'ddw-install-'));
  const cache = join(dir, '.npm-cache');
  try {
    for (const f of ['package.json', 'package-lock.json']) copyFileSync(join(from, f), join(dir, f));
    const started = performance.now();
    const windows = process.platform === 'win32';
    execFileSync(
      windows ? 'npm.cmd' : 'npm',
      ['ci', ...args, '--ignore-scripts', '--no-audit', '--no-fund', '--cache', cache],
      { cwd: dir, stdio: 'ignore', shell: windows, env: { ...process.env, npm_config_cache: cache } },
    );
    const seconds = (performance.now() - started) / 1000;
    return { ...fetchedBytes(cache), ...sizes(join(dir, 'node_modules')), seconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const show = (name: string, r: Install) =>
  line(
    `${name.padEnd(10)} tarballs ${(r.tarballs / MB).toFixed(0)} MB, metadata ${(r.metadata / MB).toFixed(0)} MB; node_modules ${(r.apparent / MB).toFixed(0)} MB apparent, ${(r.onDisk / MB).toFixed(0)} MB on disk; ${r.seconds.toFixed(0)} s`,
  );

const student = install(['--omit=dev']);
show('student', student);
const developer = install([]);
show('developer', developer);
// The Docker runtime's first build: each image's build stage installs everything, its runtime stage
// the run-time packages again, each in its own container with an empty npm cache.
const images = ['webapp', 'intake'].map((image) => {
  const build = install([], join(repo, image));
  const runtime = install(['--omit=dev'], join(repo, image));
  line(
    `${image.padEnd(10)} image: build stage ${(build.tarballs / MB).toFixed(0)} MB of tarballs, runtime stage ${(runtime.tarballs / MB).toFixed(0)} MB`,
  );
  return build.tarballs + runtime.tarballs;
});
line(
  `docker     the first image builds fetch ${(images.reduce((a, b) => a + b, 0) / MB).toFixed(0)} MB of tarballs (once: Docker keeps the layers)`,
);
line(
  `student install: ${(student.tarballs / MB).toFixed(0)} MB of tarballs (goal ≤ 60), ${(student.apparent / MB).toFixed(0)} MB apparent (goal ≤ 250); ${((student.apparent / developer.apparent) * 100).toFixed(0)} % of the developer's`,
);
