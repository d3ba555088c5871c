/**
 * DogStatsD ingest, ours vs the npm `statsd` daemon on the same machine, in one run: each runs
 * in its own process and gets one-second bursts at rising rates; the highest rate with no
 * packet lost is its figure. Goals: ratio ≥ 2, and 0 loss at 50,000 packets/s for ours.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, freeUdpPort } from '../test/support/free-port.js';
import { line, waitFor } from './support.js';

const repo = resolve(import.meta.dirname, '..');
const RATES = [5_000, 10_000, 25_000, 50_000, 75_000, 100_000, 150_000, 200_000];
const PACKET = Buffer.from('bench.requests:1|c|#endpoint:/users,status:200');

interface Daemon {
  port: number;
  apiPort?: number;
  received(): Promise<number>;
  stop(): void;
}

async function ours(): Promise<Daemon> {
  const [port, trace, api] = [await freeUdpPort(), await freePort(), await freePort()];
  const child = spawn(process.execPath, [join(repo, 'intake/dist/main.js')], {
    env: {
      PATH: process.env.PATH,
      INTAKE_DOGSTATSD_PORT: String(port),
      INTAKE_TRACE_PORT: String(trace),
      INTAKE_API_PORT: String(api),
    },
    stdio: 'ignore',
  });
  await waitFor(`http://127.0.0.1:${api}/intake/health`);
  return {
    port,
    apiPort: api,
    received: async () =>
      (
        (await (await fetch(`http://127.0.0.1:${api}/intake/status`)).json()) as {
          dogstatsd: { packets: number };
        }
      ).dogstatsd.packets,
    stop: () => child.kill(),
  };
}

async function statsdDaemon(dir: string): Promise<Daemon> {
  const port = await freeUdpPort();
  const backend = join(dir, 'count-backend.cjs');
  writeFileSync(
    backend,
    `exports.init = (t, c, events) => { events.on('flush', (ts, m) => process.stdout.write(JSON.stringify({ packets: m.counters['statsd.packets_received'] || 0 }) + '\\n')); return true; };\n`,
  );
  const config = join(dir, 'config.js');
  writeFileSync(
    config,
    `({ port: ${port}, address: '127.0.0.1', mgmt_port: ${await freePort()}, flushInterval: 250, backends: [${JSON.stringify(backend)}] })\n`,
  );
  const child: ChildProcess = spawn(process.execPath, [join(repo, 'node_modules/statsd/stats.js'), config], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let total = 0;
  let buffered = '';
  child.stdout?.on('data', (d: Buffer) => {
    buffered += d.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const l of lines) {
      try {
        total += (JSON.parse(l) as { packets: number }).packets;
      } catch {}
    }
  });
  await new Promise((r) => setTimeout(r, 1000));
  return {
    port,
    received: async () => {
      await new Promise((r) => setTimeout(r, 600)); // let a flush report
      return total;
    },
    stop: () => child.kill(),
  };
}

/** Sends `rate` packets spread over one second; resolves when the last is handed to the kernel. */
async function burst(port: number, rate: number): Promise<void> {
  const socket = createSocket('udp4');
  const perMs = rate / 1000;
  const start = performance.now();
  let sent = 0;
  await new Promise<void>((done) => {
    const tick = () => {
      const due = Math.min(rate, Math.floor((performance.now() - start) * perMs));
      for (; sent < due; sent++) socket.send(PACKET, port, '127.0.0.1');
      if (sent >= rate) return done();
      setImmediate(tick);
    };
    tick();
  });
  await new Promise<void>((r) => socket.send(PACKET.subarray(0, 0), port, '127.0.0.1', () => r()));
  socket.close();
}

async function lossFree(daemon: Daemon, name: string): Promise<{ best: number; at50k: number }> {
  let best = 0;
  let at50k = -1;
  for (const rate of RATES) {
    const before = await daemon.received();
    await burst(daemon.port, rate);
    await new Promise((r) => setTimeout(r, 1000));
    // The empty datagram that marks the end counts as a packet for both daemons.
    const got = (await daemon.received()) - before - 1;
    const lost = Math.max(0, rate - got);
    line(`${name}: ${rate} packets/s -> ${got} received, ${lost} lost`);
    if (rate === 50_000) at50k = lost;
    if (lost === 0) best = rate;
    else break;
  }
  return { best, at50k };
}

/**
 * The hostile mix: a normal stream of 10,000 counts over two seconds, alone and then beside
 * 300 packets/s of 8 KiB tag lists (2,351 tags each, the attack that once starved the intake);
 * the figure is how much of the normal stream arrives — read back through the query API.
 */
async function hostileMix(
  apiPort: number,
  port: number,
): Promise<{ alone: number; attacked: number; hostileSent: number }> {
  const hostile = Buffer.from(
    `bench.hostile:1|c|#${Array.from({ length: 2351 }, (_, i) => `t${i}:v`).join(',')}`.slice(0, 8190),
  );
  const socket = createSocket('udp4');
  const stream = async (phase: string, withHostile: boolean) => {
    const normal = Buffer.from(`bench.normal:1|c|#phase:${phase}`);
    let hostileSent = 0;
    const start = performance.now();
    for (let sent = 0; sent < 10_000; ) {
      const due = Math.min(10_000, Math.floor((performance.now() - start) * 5));
      for (; sent < due; sent++) socket.send(normal, port, '127.0.0.1');
      if (withHostile) {
        const hostileDue = Math.floor((performance.now() - start) * 0.3);
        for (; hostileSent < hostileDue; hostileSent++) socket.send(hostile, port, '127.0.0.1');
      }
      await new Promise((r) => setImmediate(r));
    }
    await new Promise((r) => setTimeout(r, 1500));
    const now = Math.floor(Date.now() / 1000);
    const q = encodeURIComponent(`sum:bench.normal{phase:${phase}}.as_count()`);
    const res = (await (
      await fetch(`http://127.0.0.1:${apiPort}/api/v1/query?from=${now - 120}&to=${now + 10}&query=${q}`, {
        headers: { 'dd-api-key': 'b', 'dd-application-key': 'b' },
      })
    ).json()) as { series: Array<{ pointlist: Array<[number, number]> }> };
    const got = res.series[0]?.pointlist.reduce((sum, p) => sum + p[1], 0) ?? 0;
    return { got, hostileSent };
  };
  const alone = await stream('alone', false);
  const attacked = await stream('attacked', true);
  socket.close();
  return { alone: alone.got, attacked: attacked.got, hostileSent: attacked.hostileSent };
}

const dir = mkdtempSync(join(tmpdir(), 'ddw-bench-'));
const a = await ours();
const b = await statsdDaemon(dir);
try {
  const mix = await hostileMix(a.apiPort ?? 0, a.port);
  line(
    `hostile mix: normal stream ${mix.alone}/10000 alone, ${mix.attacked}/10000 beside ${mix.hostileSent} 8 KiB tag-list packets (300/s) — goal: no loss`,
  );
  const mine = await lossFree(a, 'ddworkshop intake');
  const theirs = await lossFree(b, 'statsd 0.9');
  line(
    `loss-free: intake ${mine.best} packets/s, statsd ${theirs.best} packets/s; intake loss at 50,000/s: ${mine.at50k < 0 ? 'not reached' : mine.at50k}`,
  );
  line(`ratio ${theirs.best ? (mine.best / theirs.best).toFixed(2) : 'n/a'} (goal ≥ 2.0)`);
} finally {
  a.stop();
  b.stop();
  rmSync(dir, { recursive: true, force: true });
}
