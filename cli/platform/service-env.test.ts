import { describe, expect, it } from 'vitest';
import type { Host } from './host.js';
import { serviceBaseEnv } from './service-env.js';

const WINDOWS_ENV = {
  Path: 'C:\\Windows\\system32;C:\\Program Files\\nodejs',
  SystemRoot: 'C:\\WINDOWS',
  windir: 'C:\\WINDOWS',
  TEMP: 'C:\\Users\\José\\AppData\\Local\\Temp',
  TMP: 'C:\\Users\\José\\AppData\\Local\\Temp',
  ComSpec: 'C:\\WINDOWS\\system32\\cmd.exe',
  USERPROFILE: 'C:\\Users\\José',
  DD_API_KEY: 'secret-key-never-passed',
  GITHUB_TOKEN: 'another-secret',
};

describe('serviceBaseEnv', () => {
  it('on Windows carries what sockets, temp files and the shell need, matching names without case', () => {
    const env = serviceBaseEnv({ os: 'win32', arch: 'x64', env: WINDOWS_ENV, root: false });
    expect(env).toMatchObject({
      PATH: WINDOWS_ENV.Path,
      SystemRoot: 'C:\\WINDOWS',
      windir: 'C:\\WINDOWS',
      TEMP: WINDOWS_ENV.TEMP,
      TMP: WINDOWS_ENV.TMP,
      COMSPEC: WINDOWS_ENV.ComSpec,
      USERPROFILE: 'C:\\Users\\José',
    });
    expect(env.HOME).toBeUndefined();
  });

  it('never carries the student’s keys or tokens', () => {
    for (const os of ['win32', 'linux', 'darwin'] as const) {
      const env = serviceBaseEnv({ os, arch: 'x64', env: { ...WINDOWS_ENV, PATH: '/bin' }, root: false });
      expect(JSON.stringify(env)).not.toMatch(/secret/);
    }
  });

  it('on Linux and macOS: PATH, HOME, LANG (and TMPDIR, USER where set), with defaults', () => {
    const mac: Host = {
      os: 'darwin',
      arch: 'arm64',
      env: {
        PATH: '/usr/bin',
        HOME: '/Users/ana',
        TMPDIR: '/var/folders/x/T/',
        USER: 'ana',
        SystemRoot: 'x',
      },
      root: false,
    };
    expect(serviceBaseEnv(mac)).toEqual({
      PATH: '/usr/bin',
      HOME: '/Users/ana',
      TMPDIR: '/var/folders/x/T/',
      USER: 'ana',
      LANG: 'C.UTF-8',
    });
    expect(serviceBaseEnv({ os: 'linux', arch: 'x64', env: {}, root: false })).toEqual({
      PATH: '/usr/bin:/bin',
      HOME: '/tmp',
      LANG: 'C.UTF-8',
    });
  });
});
