/**
 * The lock files carry each package's tarball URL, so `npm ci` — a student's install on venue
 * Wi-Fi, an image build — downloads the tarballs straight away, without first fetching every
 * package's metadata (bench:install). A lock file updated on a machine whose npm omits them
 * (`omit-lockfile-registry-resolved`) fails here; `node scripts/lock-resolved.mjs` mends it.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '../..');

interface Lock {
  packages: Record<
    string,
    { name?: string; version?: string; resolved?: string; link?: boolean; integrity?: string }
  >;
}

const readLock = (file: string) => JSON.parse(readFileSync(join(repo, file), 'utf8')) as Lock;

describe('the lock files', () => {
  for (const file of [
    'package-lock.json',
    'intake/package-lock.json',
    'webapp/package-lock.json',
    'cli/class/npm-cache/package-lock.json',
  ])
    it(`${file} names every package's tarball, on the public registry`, () => {
      const lock = readLock(file);
      const missing = Object.entries(lock.packages)
        .filter(([path, e]) => path.includes('node_modules/') && !e.link && e.version)
        .filter(([, e]) => !e.resolved?.startsWith('https://registry.npmjs.org/') || !e.integrity)
        .map(([path]) => path);
      expect(missing).toEqual([]);
    });
  it("names each package's own tarball, an alias's under the package's own name", () => {
    const lock = readLock('package-lock.json');
    const wrong = Object.entries(lock.packages)
      .filter(([path, e]) => path.includes('node_modules/') && !e.link && e.resolved)
      .filter(([path, e]) => {
        const name = e.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
        return (
          e.resolved !== `https://registry.npmjs.org/${name}/-/${name.split('/').at(-1)}-${e.version}.tgz`
        );
      })
      .map(([path]) => path);
    expect(wrong).toEqual([]);
  });
  it('stay so: the project tells npm to keep the tarball URLs', () => {
    for (const dir of ['.', 'intake', 'webapp', 'cli/class/npm-cache'])
      expect(readFileSync(join(repo, dir, '.npmrc'), 'utf8')).toMatch(
        /^omit-lockfile-registry-resolved=false$/m,
      );
  });
});
