/**
 * File modes in the tars sent to Docker (build contexts, `learn`'s reload of dist/). Windows has
 * no execute bits: Node reports 0666 for files and folders alike, so a context packed as read
 * would give the intake's `agent` script no execute bit (the intake never becomes healthy) and
 * the reloaded dist/ folders no search bit. The docker CLI on Windows makes every entry 0755
 * ("SECURITY WARNING: … will have '-rwxr-xr-x' permissions"); so do we. Elsewhere the modes
 * are the files' own.
 */
import type { Headers } from 'tar-fs';

export function tarModes(os: NodeJS.Platform): ((header: Headers) => Headers) | undefined {
  if (os !== 'win32') return undefined;
  return (header) => ({ ...header, mode: 0o755 });
}
