/**
 * A million datagrams, malformed lines mixed with good ones: the intake never crashes, keeps
 * every good metric and counts every bad line. Most go through the packet path directly (fast);
 * a share goes through the real UDP socket.
 */
import { createSocket } from 'node:dgram';
import prand from 'pure-rand';
import { describe, expect, it } from 'vitest';
import { ingestPacket, startDogStatsD } from '../../../intake/src/dogstatsd/server.js';
import { createMetricsEngine } from '../../../intake/src/metrics/engine.js';

const rng = prand.xoroshiro128plus(20261124);
const int = (min: number, max: number) => prand.unsafeUniformIntDistribution(min, max, rng);

const BAD_TEMPLATES = [
  () => ':1|c',
  () => 'name:1',
  () => 'name:1|zz',
  () => 'name:NaN|c',
  // (An unknown field or a sample rate above 1 is accepted, as the agent accepts them.)
  () => 'name:1|c|@0',
  () => 'name:1|c|Tlater',
  () => 'name:1|g|@x',
  () => '_e{99,1}:short|x',
  () => '_sc|name|9',
  // Garbage without ':' or newlines can never be a metric.
  () =>
    Array.from({ length: int(1, 40) }, () => String.fromCharCode(int(32, 126)))
      .join('')
      .replace(/[:\n]/g, '#'),
];

function packet(goodPerName: Map<string, number>): { text: string; good: number; bad: number } {
  const lines: string[] = [];
  let good = 0;
  let bad = 0;
  for (let i = int(1, 6); i > 0; i--) {
    if (int(0, 2) === 0) {
      lines.push((BAD_TEMPLATES[int(0, BAD_TEMPLATES.length - 1)] as () => string)());
      bad++;
    } else {
      const name = `fuzz.m${int(0, 19)}`;
      const value = int(1, 5);
      lines.push(`${name}:${value}|c|#k:${int(0, 3)}`);
      goodPerName.set(name, (goodPerName.get(name) ?? 0) + value);
      good++;
    }
  }
  return { text: lines.join('\n'), good, bad };
}

describe('a million datagrams', () => {
  it('keeps every good metric and counts every bad line', async () => {
    const engine = createMetricsEngine({ maxSeries: 10_000 });
    const expected = new Map<string, number>();
    let good = 0;
    let bad = 0;
    const server = await startDogStatsD({ host: '127.0.0.1', port: 0, engine });
    const client = createSocket('udp4');
    const viaSocket = 20_000;
    // Real socket first, in small bursts, each read before the next is sent: loopback UDP loses
    // only what overflows the receive buffer, and a loaded 2-core machine reads slowly.
    for (let i = 0; i < viaSocket; i++) {
      const p = packet(expected);
      good += p.good;
      bad += p.bad;
      client.send(p.text, server.port, '127.0.0.1');
      if (i % 200 === 199) {
        const burstDeadline = Date.now() + 2_000;
        while (engine.counters.packets < i + 1 && Date.now() < burstDeadline)
          await new Promise((r) => setTimeout(r, 2));
      }
    }
    const deadline = Date.now() + 20_000;
    while (engine.counters.packets < viaSocket && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    expect(engine.counters.packets).toBe(viaSocket);
    // Then the rest straight into the packet path, binary garbage included.
    for (let i = viaSocket; i < 1_000_000; i++) {
      if (i % 50_000 === 0) {
        const garbage = Buffer.from(
          Array.from({ length: 64 }, () => int(0, 255)).filter((b) => b !== 0x3a && b !== 0x0a),
        );
        ingestPacket(engine, garbage);
        bad++;
        continue;
      }
      const p = packet(expected);
      good += p.good;
      bad += p.bad;
      ingestPacket(engine, p.text);
    }
    client.close();
    await server.close();

    const stats = engine.stats();
    expect(stats.packets).toBe(1_000_000);
    expect(stats.metricSamples).toBe(good);
    expect(Object.values(stats.parseErrors).reduce((a, b) => a + b, 0)).toBe(bad);
    const now = Math.floor(Date.now() / 1000);
    for (const [name, total] of expected) {
      const series = engine.query(`sum:${name}{*}.as_count()`, now - 600, now + 10);
      const sum = series.flatMap((s) => s.points).reduce((n, p) => n + p[1], 0);
      expect(sum, name).toBe(total);
    }
  }, 120_000);

  it('drops an oversized packet whole and counts it', () => {
    const engine = createMetricsEngine();
    ingestPacket(engine, `big:1|c\n${'x'.repeat(9000)}`, 8192);
    ingestPacket(engine, `ok:1|c\n${'y:1|c\n'.repeat(10)}`, 8192);
    expect(engine.stats()).toMatchObject({
      packets: 2,
      parseErrors: { 'packet too large': 1 },
      metricSamples: 11,
    });
  });
});
