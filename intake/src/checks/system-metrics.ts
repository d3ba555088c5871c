/**
 * The agent's system check, computed from two readings of the machine: `system.cpu.*` (percent
 * of the interval), `system.load.*`, `system.mem.*` (MiB, as the agent reports them),
 * `system.disk.*` for the root filesystem (KiB, and `in_use` as a fraction) and
 * `system.net.bytes_rcvd/sent` (bytes per second, per device). What a platform does not offer
 * (iowait and network counters outside Linux) is left out rather than made up. Pure.
 */
import type { MetricSample } from '../metrics-seam.js';

export interface CpuTimes {
  user: number;
  nice: number;
  sys: number;
  idle: number;
  irq: number;
  /** From /proc/stat where it exists. */
  iowait?: number;
}

export interface SystemReading {
  atMs: number;
  cpu: CpuTimes;
  /** Left out on Windows, which has no load average. */
  load?: [number, number, number];
  /** `freeBytes`: MemFree where /proc/meminfo says it (Node's freemem() is MemAvailable on Linux). */
  mem: { totalBytes: number; freeBytes: number; availableBytes?: number };
  /** `device`: what the root filesystem is mounted from (/proc/mounts), when it can be told. */
  disk?: { totalBytes: number; freeBytes: number; availableBytes: number; device?: string };
  net?: Record<string, { rxBytes: number; txBytes: number }>;
}

const MIB = 1024 * 1024;

function gauge(name: string, value: number, tags: string[]): MetricSample {
  return { name, type: 'g', value, sampleRate: 1, tags };
}

export function systemSamples(
  prev: SystemReading | undefined,
  now: SystemReading,
  host: string,
): MetricSample[] {
  const tags = [`host:${host}`];
  const out: MetricSample[] = [
    ...(now.load
      ? [
          gauge('system.load.1', now.load[0], tags),
          gauge('system.load.5', now.load[1], tags),
          gauge('system.load.15', now.load[2], tags),
        ]
      : []),
    gauge('system.mem.total', now.mem.totalBytes / MIB, tags),
    gauge('system.mem.free', now.mem.freeBytes / MIB, tags),
    gauge('system.mem.used', (now.mem.totalBytes - now.mem.freeBytes) / MIB, tags),
  ];
  if (now.mem.availableBytes !== undefined) {
    out.push(gauge('system.mem.usable', now.mem.availableBytes / MIB, tags));
    out.push(gauge('system.mem.pct_usable', now.mem.availableBytes / now.mem.totalBytes, tags));
  }
  if (now.disk) {
    // The agent's disk check tags device (what is mounted) and device_name (its last part).
    const device = now.disk.device ?? '/';
    const tagsDisk = [...tags, `device:${device}`, `device_name:${device.split('/').at(-1) || device}`];
    const used = now.disk.totalBytes - now.disk.freeBytes;
    out.push(gauge('system.disk.total', now.disk.totalBytes / 1024, tagsDisk));
    out.push(gauge('system.disk.used', used / 1024, tagsDisk));
    out.push(gauge('system.disk.free', now.disk.availableBytes / 1024, tagsDisk));
    out.push(gauge('system.disk.in_use', now.disk.totalBytes ? used / now.disk.totalBytes : 0, tagsDisk));
  }
  if (!prev) return out;
  const d = (k: keyof CpuTimes) => (now.cpu[k] ?? 0) - (prev.cpu[k] ?? 0);
  const total = d('user') + d('nice') + d('sys') + d('idle') + d('irq') + d('iowait');
  if (total > 0) {
    out.push(gauge('system.cpu.user', (100 * (d('user') + d('nice'))) / total, tags));
    out.push(gauge('system.cpu.system', (100 * (d('sys') + d('irq'))) / total, tags));
    out.push(gauge('system.cpu.idle', (100 * d('idle')) / total, tags));
    if (now.cpu.iowait !== undefined) out.push(gauge('system.cpu.iowait', (100 * d('iowait')) / total, tags));
  }
  const seconds = (now.atMs - prev.atMs) / 1000;
  if (now.net && prev.net && seconds > 0) {
    for (const [device, n] of Object.entries(now.net)) {
      const p = prev.net[device];
      if (!p) continue;
      const tagsNet = [...tags, `device:${device}`];
      // A counter that went back (an interface reset) gives no point rather than a negative rate.
      if (n.rxBytes >= p.rxBytes)
        out.push(gauge('system.net.bytes_rcvd', (n.rxBytes - p.rxBytes) / seconds, tagsNet));
      if (n.txBytes >= p.txBytes)
        out.push(gauge('system.net.bytes_sent', (n.txBytes - p.txBytes) / seconds, tagsNet));
    }
  }
  return out;
}

/** `/proc/net/dev`: bytes received and sent per interface. */
export function parseNetDev(text: string): Record<string, { rxBytes: number; txBytes: number }> {
  const out: Record<string, { rxBytes: number; txBytes: number }> = {};
  for (const line of text.split('\n').slice(2)) {
    const m = /^\s*([^:]+):\s*(.*)$/.exec(line);
    if (!m) continue;
    const f = (m[2] ?? '').trim().split(/\s+/).map(Number);
    if (f.length >= 9 && Number.isFinite(f[0]) && Number.isFinite(f[8]))
      out[(m[1] ?? '').trim()] = { rxBytes: f[0] as number, txBytes: f[8] as number };
  }
  return out;
}

/** `/proc/stat`'s first line: the machine's cpu times, iowait included (in USER_HZ ticks). */
export function parseProcStat(text: string): CpuTimes | undefined {
  const m = /^cpu\s+(.*)$/m.exec(text);
  if (!m) return undefined;
  const [user = 0, nice = 0, sys = 0, idle = 0, iowait = 0, irq = 0, softirq = 0] = (m[1] ?? '')
    .trim()
    .split(/\s+/)
    .map(Number);
  return { user, nice, sys, idle, iowait, irq: irq + softirq };
}

/** `/proc/meminfo`'s MemFree and MemAvailable, in bytes (the agent's free and usable). */
export function parseMeminfo(text: string): { free?: number; available?: number } {
  const kib = (key: string) => {
    const m = new RegExp(`^${key}:\\s+(\\d+)\\s+kB`, 'm').exec(text);
    return m ? Number(m[1]) * 1024 : undefined;
  };
  const free = kib('MemFree');
  const available = kib('MemAvailable');
  return { ...(free !== undefined ? { free } : {}), ...(available !== undefined ? { available } : {}) };
}

/** The device the root filesystem is mounted from, in /proc/mounts' text (the last mount of `/` wins). */
export function parseRootDevice(mounts: string): string | undefined {
  let device: string | undefined;
  for (const line of mounts.split('\n')) {
    const [source, target] = line.split(' ');
    if (target === '/' && source) device = source;
  }
  return device;
}
