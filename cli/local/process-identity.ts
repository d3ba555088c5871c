/**
 * Is this pid still the process we started? A pid number can be reused by another program once
 * ours has gone, so a live pid is not enough: the process start time, as the OS reports it
 * (pidusage: /proc on Linux, `ps` on macOS and other Unixes; one PowerShell query on Windows), must match the
 * one recorded when we started it.
 */
import { existsSync, readFileSync } from 'node:fs';
import pidusage from 'pidusage';
import { currentHost, type Host } from '../platform/host.js';
import { windowsProcessTable } from './windows-processes.js';

/** Start times read through `ps` have one-second resolution, and are measured a moment apart. */
const TOLERANCE_MS = 3_000;

export interface IdentityOptions {
  /** Read through `ps` even where /proc exists: how the macOS path is tested on Linux. */
  usePs?: boolean;
  host?: Host;
}

/** Start time not knowable here (Windows without PowerShell): the pid alone decides. */
export const UNKNOWN_START = -1;

function forcedPs(options: IdentityOptions): boolean {
  return options.usePs ?? process.env.DDWORKSHOP_PROCESS_IDENTITY === 'ps';
}

/** When the process started (epoch ms), or undefined when there is no such process. */
export async function processStartMs(
  pid: number,
  options: IdentityOptions = {},
): Promise<number | undefined> {
  if ((options.host ?? currentHost()).os === 'win32') {
    const table = await windowsProcessTable();
    if (!table) return alive(pid) ? UNKNOWN_START : undefined;
    return table.get(pid);
  }
  try {
    for (let attempt = 0; ; attempt++) {
      // (maxage 0 would make pidusage re-read forever: it samples twice for CPU when it has no history.)
      const stat = await pidusage(pid, { usePs: forcedPs(options) });
      const start = stat.timestamp - stat.elapsed;
      if (plausibleStart(start, stat.timestamp)) return start;
      // `ps` has been seen (CI) to report an elapsed time of millions of years for a process it
      // caught as it started: ask again; if it insists, the pid alone decides.
      if (attempt === 2) return UNKNOWN_START;
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch {
    return undefined;
  }
}

/** After 2000 and not in the future: what a process's start time can be. */
export const plausibleStart = (startMs: number, nowMs: number) =>
  Number.isFinite(startMs) && startMs > 946_684_800_000 && startMs <= nowMs + TOLERANCE_MS;

/** A zombie has exited but not been reaped: /proc says so where it exists; elsewhere it is gone soon. */
function isZombie(pid: number): boolean {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return false;
  try {
    return / Z /.test(readFileSync(stat, 'utf8').replace(/^.*\)/, ''));
  } catch {
    return false;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The same process as the one started at `startedMs`: alive, not a zombie, same start time. */
export async function isSameProcess(
  pid: number,
  startedMs: number | undefined,
  options: IdentityOptions = {},
): Promise<boolean> {
  if (!alive(pid) || isZombie(pid)) return false;
  const start = await processStartMs(pid, options);
  if (start === undefined) return false;
  if (start === UNKNOWN_START || startedMs === UNKNOWN_START) return true;
  return startedMs === undefined || Math.abs(start - startedMs) <= TOLERANCE_MS;
}
