import { describe, expect, it } from 'vitest';
import {
  parseMeminfo,
  parseNetDev,
  parseProcStat,
  parseRootDevice,
  type SystemReading,
  systemSamples,
} from './system-metrics.js';

const reading = (atMs: number, cpu: Partial<SystemReading['cpu']>, rx: number): SystemReading => ({
  atMs,
  cpu: { user: 0, nice: 0, sys: 0, idle: 0, irq: 0, iowait: 0, ...cpu },
  load: [0.5, 0.4, 0.3],
  mem: { totalBytes: 8 * 1024 ** 3, freeBytes: 2 * 1024 ** 3, availableBytes: 4 * 1024 ** 3 },
  disk: {
    totalBytes: 100 * 1024 ** 3,
    freeBytes: 40 * 1024 ** 3,
    availableBytes: 35 * 1024 ** 3,
    device: '/dev/sda1',
  },
  net: { eth0: { rxBytes: rx, txBytes: 0 } },
});

const value = (samples: ReturnType<typeof systemSamples>, name: string) =>
  samples.find((s) => s.name === name)?.value;

describe('the system check', () => {
  it('reports the agent’s names in the agent’s units, cpu as percent of the interval', () => {
    const first = systemSamples(undefined, reading(0, { user: 100, idle: 900 }, 1000), 'laptop');
    expect(value(first, 'system.cpu.user')).toBeUndefined();
    expect(value(first, 'system.mem.total')).toBe(8192);
    expect(value(first, 'system.mem.used')).toBe(6144);
    expect(value(first, 'system.mem.usable')).toBe(4096);
    expect(value(first, 'system.disk.total')).toBe(100 * 1024 * 1024);
    expect(value(first, 'system.disk.in_use')).toBeCloseTo(0.6);
    // The agent's disk check: device and device_name tags.
    expect(first.find((s) => s.name === 'system.disk.in_use')?.tags).toEqual([
      'host:laptop',
      'device:/dev/sda1',
      'device_name:sda1',
    ]);
    expect(value(first, 'system.load.1')).toBe(0.5);
    expect(first.every((s) => s.tags.includes('host:laptop') && s.type === 'g')).toBe(true);
    const next = systemSamples(
      reading(0, { user: 100, idle: 900 }, 1000),
      reading(15_000, { user: 130, sys: 20, idle: 930, iowait: 20 }, 16_000),
      'laptop',
    );
    expect(value(next, 'system.cpu.user')).toBe(30);
    expect(value(next, 'system.cpu.system')).toBe(20);
    expect(value(next, 'system.cpu.idle')).toBe(30);
    expect(value(next, 'system.cpu.iowait')).toBe(20);
    expect(value(next, 'system.net.bytes_rcvd')).toBe(1000);
    expect(next.find((s) => s.name === 'system.net.bytes_rcvd')?.tags).toContain('device:eth0');
    const reset = systemSamples(reading(0, {}, 5000), reading(15_000, {}, 10), 'laptop');
    expect(value(reset, 'system.net.bytes_rcvd')).toBeUndefined();
  });
  it('reads /proc where it exists', () => {
    expect(parseProcStat('cpu  10 2 30 400 5 6 7 0 0 0\ncpu0 1 2 3 4 5 6 7')).toEqual({
      user: 10,
      nice: 2,
      sys: 30,
      idle: 400,
      iowait: 5,
      irq: 13,
    });
    // The agent's system.mem.free is MemFree; usable is MemAvailable (Node's freemem() on Linux).
    expect(parseMeminfo('MemTotal: 100 kB\nMemFree:  1024 kB\nMemAvailable:   2048 kB\n')).toEqual({
      free: 1024 * 1024,
      available: 2048 * 1024,
    });
    expect(parseMeminfo('MemTotal: 100 kB\n')).toEqual({});
    expect(
      parseRootDevice('sysfs /sys sysfs rw 0 0\n/dev/sda1 / ext4 rw 0 0\noverlay / overlay rw 0 0\n'),
    ).toBe('overlay');
    expect(parseRootDevice('/dev/nvme0n1p2 / ext4 rw 0 0\n')).toBe('/dev/nvme0n1p2');
    expect(parseRootDevice('proc /proc proc rw 0 0\n')).toBeUndefined();
    expect(
      parseNetDev(
        'Inter-|   Receive\n face |bytes    packets\n  eth0: 1000 10 0 0 0 0 0 0 2000 20 0 0 0 0 0 0\n    lo: 5 1 0 0 0 0 0 0 5 1 0 0 0 0 0 0\n',
      ),
    ).toEqual({ eth0: { rxBytes: 1000, txBytes: 2000 }, lo: { rxBytes: 5, txBytes: 5 } });
    expect(parseProcStat('nothing')).toBeUndefined();
  });
});

describe('the system check on Windows', () => {
  it('leaves system.load.* out: Windows has no load average (Node answers 0, 0, 0)', async () => {
    const { loadAverages } = await import('./read-system.js');
    expect(loadAverages('win32', [0, 0, 0])).toBeUndefined();
    expect(loadAverages('darwin', [1.5, 1, 0.5])).toEqual([1.5, 1, 0.5]);
    const { load: _none, ...windows } = reading(0, { user: 1, idle: 9 }, 0);
    const samples = systemSamples(undefined, windows, 'laptop');
    expect(samples.filter((s) => s.name.startsWith('system.load'))).toEqual([]);
    expect(value(samples, 'system.mem.total')).toBe(8192);
  });
});
