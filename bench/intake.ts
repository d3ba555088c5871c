/**
 * DogStatsD ingest, ours vs the npm `statsd` daemon on the same machine, in one run: each runs
 * in its own process and gets one-second bursts at rising rates; the highest rate with no
 * packet lost is its figure. Goals: ratio ≥ 2, and 0 loss at 50,000 packets/s for ours.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

async function ours(logFile: string): Promise<Daemon> {
  const [port, trace, api] = [await freeUdpPort(), await freePort(), await freePort()];
  const child = spawn(process.execPath, [join(repo, 'intake/dist/main.js')], {
    env: {
      PATH: process.env.PATH,
      INTAKE_DOGSTATSD_PORT: String(port),
      INTAKE_TRACE_PORT: String(trace),
      INTAKE_API_PORT: String(api),
      INTAKE_RATE_LIMITS: 'off',
      INTAKE_MONITOR_INTERVAL_SEC: '1',
      INTAKE_LOG_FILES: JSON.stringify([{ path: logFile, service: 'webapp', source: 'nodejs' }]),
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
 * The hostile mix: a normal stream of 10,000 counts over two seconds, alone, then beside 300
 * packets/s of 8 KiB tag lists (2,351 tags each, the attack that once starved the intake), then
 * beside the second round's attacks on monitors and logs (ten `by {id}` monitors over 30,000
 * series evaluated every second, and a 100,000-line error flood into a followed log file); the
 * figure is how much of the normal stream arrives — read back through the query API.
 */
async function hostileMix(
  apiPort: number,
  port: number,
  logFile: string,
): Promise<{ alone: number; attacked: number; hostileSent: number; monitorsAndLogs: number }> {
  const hostile = Buffer.from(
    `bench.hostile:1|c|#${Array.from({ length: 2351 }, (_, i) => `t${i}:v`).join(',')}`.slice(0, 8190),
  );
  const socket = createSocket('udp4');
  const stream = async (phase: string, beside: (elapsedMs: number) => void = () => {}) => {
    const normal = Buffer.from(`bench.normal:1|c|#phase:${phase}`);
    const start = performance.now();
    for (let sent = 0; sent < 10_000; ) {
      const due = Math.min(10_000, Math.floor((performance.now() - start) * 5));
      for (; sent < due; sent++) socket.send(normal, port, '127.0.0.1');
      beside(performance.now() - start);
      await new Promise((r) => setImmediate(r));
    }
    await new Promise((r) => setTimeout(r, 1500));
    return sumOf(apiPort, `sum:bench.normal{phase:${phase}}.as_count()`);
  };
  const alone = await stream('alone');
  let hostileSent = 0;
  const attacked = await stream('attacked', (elapsed) => {
    for (; hostileSent < Math.floor(elapsed * 0.3); hostileSent++) socket.send(hostile, port, '127.0.0.1');
  });
  await monitorAttack(apiPort, socket, port);
  let flooded = 0;
  const floodLine = (i: number) => `{"level":"error","msg":"retrying payment","attempt":${i}}`;
  const monitorsAndLogs = await stream('monitors-logs', (elapsed) => {
    for (; flooded < Math.min(100_000, Math.floor(elapsed * 50)); flooded += 1_000)
      appendFileSync(
        logFile,
        `${Array.from({ length: 1_000 }, (_, i) => floodLine(flooded + i)).join('\n')}\n`,
      );
  });
  socket.close();
  // The loss-free runs that follow measure ingestion alone, as they always have.
  await deleteMonitors(apiPort);
  return { alone, attacked, hostileSent, monitorsAndLogs };
}

const HEADERS = { 'dd-api-key': 'b', 'dd-application-key': 'b', 'content-type': 'application/json' };

async function sumOf(apiPort: number, query: string): Promise<number> {
  const now = Math.floor(Date.now() / 1000);
  const res = (await (
    await fetch(
      `http://127.0.0.1:${apiPort}/api/v1/query?from=${now - 120}&to=${now + 10}&query=${encodeURIComponent(query)}`,
      { headers: HEADERS },
    )
  ).json()) as { series: Array<{ pointlist: Array<[number, number]> }> };
  return res.series[0]?.pointlist.reduce((sum, p) => sum + p[1], 0) ?? 0;
}

async function deleteMonitors(apiPort: number): Promise<void> {
  const api = `http://127.0.0.1:${apiPort}/api/v1/monitor`;
  const list = (await (await fetch(api, { headers: HEADERS })).json()) as Array<{ id: number }>;
  for (const { id } of list) await fetch(`${api}/${id}`, { method: 'DELETE', headers: HEADERS });
}

/** 30,000 series of one gauge, then ten monitors grouped by the tag that tells them apart. */
async function monitorAttack(apiPort: number, socket: Socket, port: number): Promise<void> {
  for (let start = 0; start < 30_000; start += 150) {
    const lines = Array.from({ length: 150 }, (_, i) => `bench.g:1|g|#id:${start + i}`).join('\n');
    await new Promise<void>((r) => socket.send(lines, port, '127.0.0.1', () => r()));
    if (start % 3_000 === 0) await new Promise((r) => setTimeout(r, 10));
  }
  for (let i = 0; i < 10; i++) {
    const monitor = {
      type: 'metric alert',
      query: `avg(last_1d):avg:bench.g{*} by {id} > ${i}`,
      name: `g${i}`,
      message: 'm',
    };
    await fetch(`http://127.0.0.1:${apiPort}/api/v1/monitor`, {
      method: 'POST',
      headers: HEADERS,
      body: JSON.stringify(monitor),
    });
  }
}

const dir = mkdtempSync(join(tmpdir(), 'ddw-bench-'));
const logFile = join(dir, 'webapp.log');
writeFileSync(logFile, '');
const a = await ours(logFile);
const b = await statsdDaemon(dir);
try {
  const mix = await hostileMix(a.apiPort ?? 0, a.port, logFile);
  line(
    `hostile mix: normal stream ${mix.alone}/10000 alone, ${mix.attacked}/10000 beside ${mix.hostileSent} 8 KiB tag-list packets (300/s), ${mix.monitorsAndLogs}/10000 beside ten by-{id} monitors over 30,000 series and a 100,000-line log flood — goal: no loss`,
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
