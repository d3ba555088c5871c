/**
 * Datagrams the kernel dropped because the socket's receive buffer was full: what a flood costs,
 * which no packet counter can see. Linux counts them per socket in /proc/net/udp(6) (the last
 * column, `drops`); other systems offer no per-socket figure (undefined). Parsing is pure.
 */
import { readFileSync } from 'node:fs';

/** The `drops` of the sockets bound to `port` in a /proc/net/udp or udp6 table. */
export function dropsForPort(table: string, port: number): number | undefined {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  let found: number | undefined;
  for (const line of table.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    const local = cols[1];
    if (!local || local.slice(local.lastIndexOf(':') + 1).toUpperCase() !== hexPort) continue;
    const drops = Number(cols.at(-1));
    if (Number.isFinite(drops)) found = (found ?? 0) + drops;
  }
  return found;
}

export function kernelDrops(port: number, os: NodeJS.Platform = process.platform): number | undefined {
  if (os !== 'linux' || port === 0) return undefined;
  let total: number | undefined;
  for (const file of ['/proc/net/udp', '/proc/net/udp6']) {
    try {
      const n = dropsForPort(readFileSync(file, 'utf8'), port);
      if (n !== undefined) total = (total ?? 0) + n;
    } catch {}
  }
  return total;
}
