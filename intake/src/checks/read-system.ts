/**
 * Reads the machine for the system check: Node's os module everywhere (Linux, macOS, Windows),
 * /proc where it exists for what os does not give (iowait, available memory, network bytes),
 * statfs for the root filesystem. In a container the host's /proc is mounted at /host/proc, as
 * for the agent; its network counters are those of the host's first process (the container's
 * own /proc/net would show the container's network namespace), as the agent's network check reads.
 */
import { readFile, statfs } from 'node:fs/promises';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import {
  parseMeminfo,
  parseNetDev,
  parseProcStat,
  parseRootDevice,
  type SystemReading,
} from './system-metrics.js';

const optional = (path: string) => readFile(path, 'utf8').catch(() => undefined);

export async function readSystem(procRoot = '/proc', diskPath = '/'): Promise<SystemReading> {
  const [stat, meminfo, netdev, disk, mounts] = await Promise.all([
    optional(`${procRoot}/stat`),
    optional(`${procRoot}/meminfo`),
    optional(procRoot === '/proc' ? '/proc/net/dev' : `${procRoot}/1/net/dev`),
    statfs(diskPath).catch(() => undefined),
    optional(procRoot === '/proc' ? '/proc/mounts' : `${procRoot}/1/mounts`),
  ]);
  const fromOs = cpus().reduce(
    (t, c) => ({
      user: t.user + c.times.user,
      nice: t.nice + c.times.nice,
      sys: t.sys + c.times.sys,
      idle: t.idle + c.times.idle,
      irq: t.irq + c.times.irq,
    }),
    { user: 0, nice: 0, sys: 0, idle: 0, irq: 0 },
  );
  const mem = meminfo ? parseMeminfo(meminfo) : {};
  const device = mounts ? parseRootDevice(mounts) : undefined;
  return {
    atMs: Date.now(),
    cpu: (stat && parseProcStat(stat)) || fromOs,
    ...withLoad(loadAverages(process.platform, loadavg())),
    mem: {
      totalBytes: totalmem(),
      freeBytes: mem.free ?? freemem(),
      ...(mem.available !== undefined ? { availableBytes: mem.available } : {}),
    },
    ...(disk
      ? {
          disk: {
            totalBytes: disk.blocks * disk.bsize,
            freeBytes: disk.bfree * disk.bsize,
            availableBytes: disk.bavail * disk.bsize,
            ...(device ? { device } : {}),
          },
        }
      : {}),
    ...(netdev ? { net: parseNetDev(netdev) } : {}),
  };
}

/** Windows has no load average: Node answers [0, 0, 0] there, which is not a measurement. */
export function loadAverages(os: NodeJS.Platform, load: number[]): [number, number, number] | undefined {
  return os === 'win32' ? undefined : (load.slice(0, 3) as [number, number, number]);
}

function withLoad(load: [number, number, number] | undefined): { load?: [number, number, number] } {
  return load ? { load } : {};
}
