import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { lockTarballs, npmRegistryFor, strongestHash, verdaccioConfig } from './npm-cache-plan.js';

const R = 'https://registry.npmjs.org/';

describe('the npm cache plan', () => {
  it('warms what the student installs, for the room’s platforms', () => {
    const lock = {
      packages: {
        '': {},
        'node_modules/chalk': {
          resolved: `${R}chalk/-/chalk-5.6.2.tgz`,
          integrity: 'sha512-chalk-5.6.2.tgz',
        },
        'node_modules/@scope/a': { resolved: `${R}@scope/a/-/a-1.0.0.tgz`, integrity: 'sha512-a-1.0.0.tgz' },
        'node_modules/vitest': {
          resolved: `${R}vitest/-/vitest-4.0.0.tgz`,
          integrity: 'sha512-vitest-4.0.0.tgz',
          dev: true,
        },
        'node_modules/@esbuild/darwin-arm64': {
          resolved: `${R}@esbuild/darwin-arm64/-/darwin-arm64-0.25.0.tgz`,
          integrity: 'sha512-darwin',
          os: ['darwin'],
          cpu: ['arm64'],
        },
        'node_modules/@esbuild/aix-ppc64': {
          resolved: `${R}@esbuild/aix-ppc64/-/aix-ppc64-0.25.0.tgz`,
          integrity: 'sha512-aix',
          os: ['aix'],
          cpu: ['ppc64'],
        },
        'node_modules/not-windows': {
          resolved: `${R}not-windows/-/not-windows-1.0.0.tgz`,
          integrity: 'sha512-not-windows-1.0.0.tgz',
          os: ['!win32'],
        },
        'node_modules/local': { link: true, resolved: 'packages/local' },
        'node_modules/elsewhere': { resolved: 'https://git.example/elsewhere.tgz' },
        'node_modules/unchecked': { resolved: `${R}unchecked/-/unchecked-1.0.0.tgz` },
        'node_modules/chalk-again/node_modules/chalk': {
          resolved: `${R}chalk/-/chalk-5.6.2.tgz`,
          integrity: 'sha512-chalk-5.6.2.tgz',
        },
      },
    };
    expect([...lockTarballs(lock)]).toEqual([
      ['/@esbuild/darwin-arm64/-/darwin-arm64-0.25.0.tgz', 'sha512-darwin'],
      ['/@scope/a/-/a-1.0.0.tgz', 'sha512-a-1.0.0.tgz'],
      ['/chalk/-/chalk-5.6.2.tgz', 'sha512-chalk-5.6.2.tgz'],
      ['/not-windows/-/not-windows-1.0.0.tgz', 'sha512-not-windows-1.0.0.tgz'],
    ]);
    expect(
      lockTarballs(lock, { platforms: [{ os: 'win32', cpu: 'x64' }] }).has(
        '/not-windows/-/not-windows-1.0.0.tgz',
      ),
    ).toBe(false);
    expect(lockTarballs(lock, { withDev: true }).has('/vitest/-/vitest-4.0.0.tgz')).toBe(true);
  });

  it('checks a tarball by the strongest hash of the lock file’s integrity, as npm does', () => {
    expect(strongestHash('sha512-abc=')).toEqual({ algorithm: 'sha512', digest: 'abc=' });
    expect(strongestHash('sha1-weak= sha512-strong= sha256-middle=')).toEqual({
      algorithm: 'sha512',
      digest: 'strong=',
    });
    expect(strongestHash('sha1-weak= md5-unknown=')).toEqual({ algorithm: 'sha1', digest: 'weak=' });
    expect(strongestHash('md5-unknown=')).toBeUndefined();
    expect(strongestHash('sha512-')).toBeUndefined();
    expect(strongestHash('')).toBeUndefined();
  });

  it('gives npm the hub’s registry under the class code', () => {
    expect(npmRegistryFor('http://10.0.0.5:4321/', 'K7P2QX')).toBe('http://10.0.0.5:4321/npm/K7P2QX/');
  });

  it('configures verdaccio read-only on loopback, asking the uplink for abbreviated metadata', () => {
    const c = JSON.parse(
      verdaccioConfig({ storage: '/s', port: 4873, uplink: R, urlPrefix: '/npm/K7P2QX/' }),
    );
    expect(c.listen).toBe('127.0.0.1:4873');
    expect(c.auth.htpasswd.max_users).toBe(-1);
    expect(c.packages['**'].publish).toBe('$authenticated');
    expect(c.uplinks.npmjs.headers.Accept).toMatch(/^application\/vnd\.npm\.install-v1\+json/);
    expect(c.url_prefix).toBe('/npm/K7P2QX/');
  });

  it('writes a Windows storage path that a YAML reader (verdaccio reads its config as YAML) gives back whole', () => {
    const storage = 'C:\\Users\\Ada Lovelace\\ddworkshop\\.ddworkshop\\class-npm\\storage';
    const text = verdaccioConfig({ storage, port: 4873, uplink: R, urlPrefix: '/npm/K7P2QX/' });
    const c = parseYaml(text);
    expect(c.storage).toBe(storage);
    expect(c.auth.htpasswd.file).toBe(`${storage}/htpasswd`);
  });
});
