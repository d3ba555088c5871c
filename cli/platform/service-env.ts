/**
 * The environment a local service starts with: not the student's whole environment (their keys
 * and tokens stay out of the services' reach), but what the platform needs for a program to run.
 * Windows loads Winsock only with SystemRoot set; temp files, the shell and user folders need
 * TEMP, COMSPEC and USERPROFILE; macOS keeps a per-user TMPDIR.
 */
import type { Host } from './host.js';

const ALWAYS = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR'] as const;

const WINDOWS = [
  'SystemRoot',
  'SystemDrive',
  'windir',
  'TEMP',
  'TMP',
  'COMSPEC',
  'PATHEXT',
  'USERPROFILE',
  'HOMEDRIVE',
  'HOMEPATH',
  'APPDATA',
  'LOCALAPPDATA',
  'ProgramData',
  'ProgramFiles',
  'NUMBER_OF_PROCESSORS',
  'PROCESSOR_ARCHITECTURE',
] as const;

const MACOS = ['USER', 'LOGNAME'] as const;

/** Names compared without case on Windows (its environment is case-insensitive: Path, PATH). */
function lookup(host: Host, name: string): string | undefined {
  if (host.env[name] !== undefined) return host.env[name];
  if (host.os !== 'win32') return undefined;
  const key = Object.keys(host.env).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : host.env[key];
}

export function serviceBaseEnv(host: Host): Record<string, string> {
  const names: readonly string[] = [
    ...ALWAYS,
    ...(host.os === 'win32' ? WINDOWS : []),
    ...(host.os === 'darwin' ? MACOS : []),
  ];
  const env: Record<string, string> = {};
  for (const name of names) {
    const value = lookup(host, name);
    if (value !== undefined) env[name] = value;
  }
  env.PATH ??= host.os === 'win32' ? '' : '/usr/bin:/bin';
  if (host.os !== 'win32') env.HOME ??= '/tmp';
  env.LANG ??= 'C.UTF-8';
  return env;
}
