/**
 * The second round of attacks, each run against the intake as its own process while a student's
 * ordinary DogStatsD stream and a health probe keep going: the proof is in counts — every probe
 * answered, every count of the stream kept — and in the reads that must still work afterwards.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, freeUdpPort } from '../../support/free-port.js';
import { waitUntil } from '../../support/wait-until.js';

const repo = resolve(import.meta.dirname, '../../..');
const KEYS = { 'dd-api-key': 'k', 'dd-application-key': 'k', 'content-type': 'application/json' };
// Slow enough that only a stall of the intake (not this machine's noise) loses counts: the
// kernel's default receive buffer holds a few hundred datagrams.
const STREAM_PER_SEC = 200;
const PROBE_TIMEOUT_MS = 2_000;

let child: ChildProcess;
let dir: string;
let logFile: string;
let api = '';
let statsdPort = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ddw-attacks-'));
  logFile = join(dir, 'webapp.log');
  writeFileSync(logFile, '');
  const [apiPort, tracePort] = [await freePort(), await freePort()];
  statsdPort = await freeUdpPort();
  api = `http://127.0.0.1:${apiPort}`;
  child = spawn(process.execPath, [join(repo, 'intake/dist/main.js')], {
    env: {
      PATH: process.env.PATH,
      INTAKE_DOGSTATSD_PORT: String(statsdPort),
      INTAKE_TRACE_PORT: String(tracePort),
      INTAKE_API_PORT: String(apiPort),
      INTAKE_RATE_LIMITS: 'off',
      INTAKE_SYSTEM_CHECK: '0',
      INTAKE_MONITOR_INTERVAL_SEC: '1',
      INTAKE_LOG_FILES: JSON.stringify([{ path: logFile, service: 'webapp', source: 'nodejs' }]),
    },
    stdio: 'ignore',
  });
  await waitUntil(
    () =>
      fetch(`${api}/intake/health`).then(
        (r) => r.ok,
        () => false,
      ),
    Boolean,
    'the intake to answer',
  );
});

afterAll(() => {
  child?.kill();
  rmSync(dir, { recursive: true, force: true });
});

interface Witness {
  sent: number;
  probes: number;
  unanswered: number;
}

/**
 * Runs `attack` while a stream of counts (tagged with `phase`) goes to the intake and a health
 * probe asks every 100 ms; returns what the witnesses saw once the attack is over.
 */
async function beside(phase: string, attack: () => Promise<void>): Promise<Witness> {
  const socket = createSocket('udp4');
  const line = Buffer.from(`attack.stream:1|c|#phase:${phase}`);
  const witness: Witness = { sent: 0, probes: 0, unanswered: 0 };
  let running = true;
  const stream = (async () => {
    const start = performance.now();
    while (running || witness.sent < STREAM_PER_SEC) {
      const due = Math.floor(((performance.now() - start) / 1000) * STREAM_PER_SEC);
      for (; witness.sent < due; witness.sent++) socket.send(line, statsdPort, '127.0.0.1');
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  const probes = (async () => {
    while (running) {
      witness.probes++;
      const ok = await fetch(`${api}/intake/health`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) }).then(
        (r) => r.ok,
        () => false,
      );
      if (!ok) witness.unanswered++;
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  try {
    await attack();
  } finally {
    running = false;
    await Promise.all([stream, probes]);
  }
  socket.close();
  return witness;
}

async function counted(phase: string): Promise<number> {
  const now = Math.floor(Date.now() / 1000);
  const q = encodeURIComponent(`sum:attack.stream{phase:${phase}}.as_count()`);
  const res = await fetch(`${api}/api/v1/query?from=${now - 600}&to=${now + 60}&query=${q}`, {
    headers: KEYS,
  });
  const body = (await res.json()) as { series: Array<{ pointlist: Array<[number, number | null]> }> };
  return body.series[0]?.pointlist.reduce((sum, [, v]) => sum + (v ?? 0), 0) ?? 0;
}

async function expectUnharmed(phase: string, witness: Witness): Promise<void> {
  expect(witness.probes).toBeGreaterThan(0);
  expect(witness.unanswered, `health probes unanswered during ${phase}`).toBe(0);
  await waitUntil(
    () => counted(phase),
    (n) => n >= witness.sent,
    `${witness.sent} counts of ${phase}`,
    {
      timeoutMs: 5_000,
    },
  ).catch(async () =>
    expect(await counted(phase), `counts of the stream kept during ${phase}`).toBe(witness.sent),
  );
}

function post(path: string, body: string): Promise<Response> {
  return fetch(`${api}${path}`, { method: 'POST', headers: KEYS, body });
}

function nested(depth: number, leaf: string): string {
  return `${'['.repeat(depth)}${leaf}${']'.repeat(depth)}`;
}

describe('attacks beside a DogStatsD stream and a health probe', () => {
  it('quadratic-looking queries: answered at once, refused by their length', async () => {
    const statuses: number[] = [];
    const witness = await beside('parse', async () => {
      for (let i = 0; i < 5; i++) {
        const monitor = {
          type: 'metric alert',
          query: `avg(last_5m):${' '.repeat(200_000)}x > 1`,
          name: 'n',
          message: 'm',
        };
        statuses.push((await post('/api/v1/monitor/validate', JSON.stringify(monitor))).status);
        const dashboard = {
          title: 't',
          layout_type: 'ordered',
          widgets: [{ definition: { type: 'timeseries', requests: [{ q: '}'.repeat(40_000) }] } }],
        };
        statuses.push((await post('/api/v1/dashboard', JSON.stringify(dashboard))).status);
      }
    });
    expect(new Set(statuses)).toEqual(new Set([400]));
    await expectUnharmed('parse', witness);
  });

  it('5 MiB monitor messages: refused by the message cap, memory untouched', async () => {
    const statuses: number[] = [];
    const witness = await beside('messages', async () => {
      const message = `{{value}} ${'x'.repeat(5 * 1024 * 1024 - 100)}`;
      for (let i = 0; i < 8; i++) {
        const monitor = {
          type: 'metric alert',
          query: 'avg(last_5m):avg:attack.g{*} > 1',
          name: `m${i}`,
          message,
        };
        const res = await post('/api/v1/monitor', JSON.stringify(monitor));
        statuses.push(res.status);
        await res.arrayBuffer();
      }
    });
    // 5 MiB of message plus the rest is over the body limit (413) or over the message cap (400).
    expect(statuses.every((s) => s === 400 || s === 413)).toBe(true);
    await expectUnharmed('messages', witness);
    const list = (await (await fetch(`${api}/api/v1/monitor`, { headers: KEYS })).json()) as unknown[];
    expect(list).toHaveLength(0);
  });

  it('deep objects: refused where they come in, so every list still reads', async () => {
    const statuses: number[] = [];
    const witness = await beside('deep', async () => {
      const deepOptions = `{"type":"metric alert","query":"avg(last_5m):avg:a{*} > 1","name":"d","message":"m","options":${nested(50_000, '1')}}`;
      statuses.push((await post('/api/v1/monitor', deepOptions)).status);
      const deepVars = `{"title":"t","layout_type":"ordered","widgets":[],"template_variables":${nested(50_000, '1')}}`;
      statuses.push((await post('/api/v1/dashboard', deepVars)).status);
      // A 60 KB log line of nested arrays, written as the webapp would write it.
      appendFileSync(logFile, `{"level":30,"msg":"deep","data":${nested(30_000, '1')}}\n`);
    });
    expect(statuses).toEqual([400, 400]);
    await expectUnharmed('deep', witness);
    expect((await fetch(`${api}/api/v1/monitor`, { headers: KEYS })).status).toBe(200);
    expect((await fetch(`${api}/api/v1/dashboard`, { headers: KEYS })).status).toBe(200);
    const logs = await waitUntil(
      async () => {
        const res = await post(
          '/api/v2/logs/events/search',
          JSON.stringify({ filter: { query: 'deep', from: 'now-15m' } }),
        );
        return { status: res.status, body: (await res.json()) as { data?: unknown[] } };
      },
      (r) => r.status !== 200 || (r.body.data?.length ?? 0) > 0,
      'the deep log line to be searchable',
    );
    expect(logs.status).toBe(200);
  });

  it('a log flood: collected without stalling, and searches keep answering', async () => {
    const witness = await beside('log-flood', async () => {
      const chunk = Array.from(
        { length: 1_000 },
        (_, i) => `{"level":"error","msg":"retrying payment ${i}","attempt":${i},"order":"o-${i}"}`,
      ).join('\n');
      for (let i = 0; i < 100; i++) {
        appendFileSync(logFile, `${chunk}\n`);
        await new Promise((r) => setTimeout(r, 20));
      }
      const res = await post(
        '/api/v2/logs/events/search',
        JSON.stringify({ filter: { query: 'status:error' } }),
      );
      expect(res.status).toBe(200);
    });
    await expectUnharmed('log-flood', witness);
    // Every line of the flood is collected (the tailer reads on; the store keeps what fits).
    await waitUntil(
      async () =>
        ((await (await fetch(`${api}/intake/status`)).json()) as { logs: { received: number } }).logs
          .received,
      (n) => n >= 100_000,
      'the 100,000 lines of the flood to be collected',
    );
  });

  it('group-by monitors over many series: evaluated in rounds that leave ingestion alone', async () => {
    const socket = createSocket('udp4');
    // 30,000 series of one gauge, 150 lines to a datagram.
    for (let start = 0; start < 30_000; start += 150) {
      const lines = Array.from({ length: 150 }, (_, i) => `attack.g:1|g|#id:${start + i}`).join('\n');
      await new Promise<void>((r) => socket.send(lines, statsdPort, '127.0.0.1', () => r()));
      if (start % 3_000 === 0) await new Promise((r) => setTimeout(r, 10));
    }
    socket.close();
    await waitUntil(
      async () =>
        ((await (await fetch(`${api}/intake/status`)).json()) as { dogstatsd: { series: number } }).dogstatsd
          .series,
      (n) => n >= 30_000,
      'the 30,000 series to be kept',
    );
    const ids: number[] = [];
    const witness = await beside('evaluation', async () => {
      for (let i = 0; i < 10; i++) {
        const monitor = {
          type: 'metric alert',
          query: `avg(last_1d):avg:attack.g{*} by {id} > ${i}`,
          name: `g${i}`,
          message: 'm',
        };
        const res = await post('/api/v1/monitor', JSON.stringify(monitor));
        expect(res.status).toBe(200);
        ids.push(((await res.json()) as { id: number }).id);
      }
      // Several evaluation rounds (one a second) happen while the stream runs.
      await new Promise((r) => setTimeout(r, 6_000));
    });
    await expectUnharmed('evaluation', witness);
    const one = (await (
      await fetch(`${api}/api/v1/monitor/${ids[0]}?group_states=all`, { headers: KEYS })
    ).json()) as {
      overall_state: string;
      state?: { groups?: Record<string, unknown> };
    };
    expect(one.overall_state).toBe('Alert');
    expect(Object.keys(one.state?.groups ?? {}).length).toBeLessThanOrEqual(1_000);
  });
});
