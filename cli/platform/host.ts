/**
 * The one place that reads which platform this is. Everything that branches on the OS, the
 * architecture, the shell or the environment takes a `Host` as a parameter, so each branch is
 * unit-tested on any machine (Windows and macOS behaviour included) by passing another host.
 */
export interface Host {
  os: NodeJS.Platform;
  arch: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Effective uid 0 (undefined on Windows, which has no uids). */
  root: boolean;
}

export function currentHost(): Host {
  return {
    os: process.platform,
    arch: process.arch,
    env: process.env,
    root: process.getuid?.() === 0,
  };
}
