/** The trace agent side of the intake over real HTTP, and its `agent` command as a real process. */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { encode } from '@msgpack/msgpack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Intake } from '../../../intake/src/index.js';
import { startTestIntake } from '../../support/intake.js';
import { waitUntil } from '../../support/wait-until.js';

const repo = resolve(import.meta.dirname, '../../..');
let intake: Intake;
let base: string;

beforeAll(async () => {
  intake = await startTestIntake();
  base = `http://127.0.0.1:${intake.ports.trace}`;
});
afterAll(() => intake.stop());

const now = BigInt(Date.now()) * 1_000_000n;

describe('trace intake', () => {
  it('GET /info looks like the trace agent’s', async () => {
    const info = (await (await fetch(`${base}/info`)).json()) as Record<string, unknown>;
    expect(info.version).toEqual(expect.any(String));
    expect(info.endpoints).toEqual(
      expect.arrayContaining([
        '/v0.4/traces',
        '/v0.5/traces',
        '/v0.7/config',
        '/telemetry/proxy/',
        '/v0.6/stats',
      ]),
    );
    expect(info.client_drop_p0s).toBe(true);
    expect(info.feature_flags).toEqual([]);
    expect(info.config).toMatchObject({
      receiver_port: intake.ports.trace,
      statsd_port: intake.ports.dogstatsd,
    });
  });

  it('stores v0.4 spans and derives trace metrics', async () => {
    const span = (id: bigint, parent: bigint, name: string, resource: string, error = 0) => ({
      trace_id: id === 3n ? 43n : 42n,
      span_id: id,
      parent_id: parent,
      service: 'svc',
      name,
      resource,
      type: 'web',
      start: now,
      duration: 250_000_000n,
      error,
      meta: { env: 'test', 'http.status_code': error ? '500' : '200' },
      metrics: { _sampling_priority_v1: 1 },
    });
    const body = encode(
      [
        [span(1n, 0n, 'express.request', 'GET /a'), span(2n, 1n, 'pg.query', 'SELECT 1')],
        [span(3n, 0n, 'express.request', 'GET /b', 1)],
      ],
      { useBigInt64: true },
    );
    const res = await fetch(`${base}/v0.4/traces`, {
      method: 'PUT',
      headers: { 'content-type': 'application/msgpack' },
      body,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toHaveProperty('rate_by_service');
    const stored = intake.spans.search('service:svc', 0, Date.now() + 60_000, 10);
    expect(stored.map((s) => s.name).sort()).toEqual(['express.request', 'express.request', 'pg.query']);
    expect(intake.spans.search('status:error', 0, Date.now() + 60_000, 10).map((s) => s.resource)).toEqual([
      'GET /b',
    ]);
    const t = Math.floor(Date.now() / 1000);
    const hits = intake.engine.query(
      'sum:trace.express.request.hits{service:svc} by {resource_name}.as_count()',
      t - 60,
      t + 10,
    );
    expect(Object.fromEntries(hits.map((h) => [h.tagSet[0], h.points[0]?.[1]]))).toEqual({
      'resource_name:get_/a': 1,
      'resource_name:get_/b': 1,
    });
    expect(
      intake.engine.query('sum:trace.express.request.errors{*}.as_count()', t - 60, t + 10)[0]
        ?.points[0]?.[1],
    ).toBe(1);
    expect(
      intake.engine.query('max:trace.express.request.duration{*}', t - 60, t + 10)[0]?.points[0]?.[1],
    ).toBeCloseTo(0.25, 2);
    // The latency distribution named after the span, with percentiles as Datadog computes them.
    expect(
      intake.engine.query('p95:trace.express.request{service:svc}', t - 60, t + 10)[0]?.points[0]?.[1],
    ).toBeCloseTo(0.25, 1);
    expect(intake.engine.query('sum:trace.pg.query.hits{*}.as_count()', t - 60, t + 10)).toEqual([]);
  });

  it('/info advertises only endpoints it answers', async () => {
    const info = (await (await fetch(`http://127.0.0.1:${intake.ports.trace}/info`)).json()) as {
      endpoints: string[];
    };
    for (const endpoint of info.endpoints) {
      const path = endpoint.endsWith('/') ? `${endpoint}x` : endpoint;
      const method = /traces|stats|proxy|input|diagnostics|config|flare/.test(path) ? 'POST' : 'GET';
      // (DogStatsD proxies get an empty body: a line would count in the parse errors below.)
      const body = path.includes('/traces') ? new Uint8Array([0x90]) : path.includes('dogstatsd') ? '' : '{}';
      const res = await fetch(`http://127.0.0.1:${intake.ports.trace}${path}`, {
        method,
        body,
        headers: { 'content-type': path.includes('/traces') ? 'application/msgpack' : 'application/json' },
      });
      expect(res.status, `${method} ${path}`).not.toBe(404);
    }
  });

  it('decodes v0.5 (string table) payloads', async () => {
    const strings = ['', 'v5svc', 'op', 'GET /v5', 'env', 'prod', 'web'];
    const payload = encode([strings, [[[1, 2, 3, 7n, 8n, 0n, now, 1_000_000n, 0, { 4: 5 }, {}, 6]]]], {
      useBigInt64: true,
    });
    const res = await fetch(`${base}/v0.5/traces`, { method: 'POST', body: payload });
    expect(res.status).toBe(200);
    const [span] = intake.spans.search('service:v5svc', 0, Date.now() + 60_000, 10);
    expect(span).toMatchObject({
      service: 'v5svc',
      name: 'op',
      resource: 'GET /v5',
      traceId: '7',
      spanId: '8',
      parentId: '0',
      type: 'web',
      meta: { env: 'prod' },
    });
  });

  it('answers malformed payloads with 400 and keeps going', async () => {
    const res = await fetch(`${base}/v0.4/traces`, { method: 'PUT', body: Buffer.from([0xc1, 0x00, 0xff]) });
    expect(res.status).toBe(400);
    const bad = await fetch(`${base}/v0.5/traces`, { method: 'PUT', body: encode([['a'], [[[9, 9, 9]]]]) });
    expect(bad.status).toBe(400);
    expect((await fetch(`${base}/info`)).status).toBe(200);
  });

  it('refuses hostile payloads at once with 400, and stays up', async () => {
    // Five million empty maps in 5 MiB: refused from their headers, before anything is built.
    const maps = Buffer.alloc(5_000_005, 0x80);
    maps.set([0xdd, 0x00, 0x4c, 0x4b, 0x40], 0);
    const started = performance.now();
    const flood = await fetch(`${base}/v0.4/traces`, { method: 'PUT', body: maps });
    expect(flood.status).toBe(400);
    expect(await flood.text()).toContain('more than 1000000 elements');
    expect(performance.now() - started).toBeLessThan(3_000);
    // An id that is not an unsigned integer is the payload's fault: 400 with the reason, not 500.
    const fraction = await fetch(`${base}/v0.4/traces`, {
      method: 'PUT',
      body: encode([
        [{ trace_id: 1.5, span_id: 1, name: 'x', service: 's', resource: 'r', start: 1, duration: 1 }],
      ]),
    });
    expect(fraction.status).toBe(400);
    expect(await fraction.text()).toContain('not an unsigned integer');
    // Names are cut to the trace agent's limits (service 100 characters).
    const long = await fetch(`${base}/v0.4/traces`, {
      method: 'PUT',
      body: encode(
        [
          [
            {
              trace_id: 77n,
              span_id: 78n,
              name: 'op',
              service: 'x'.repeat(1 << 20),
              resource: 'r',
              start: now,
              duration: 1n,
            },
          ],
        ],
        { useBigInt64: true },
      ),
    });
    expect(long.status).toBe(200);
    const [span] = intake.spans.search('trace_id:77', 0, Date.now() + 60_000, 10);
    expect(span?.service).toBe('x'.repeat(100));
    expect((await fetch(`${base}/info`)).status).toBe(200);
  });

  it('answers the other routes a tracer calls as the agent does', async () => {
    expect((await fetch(`${base}/v0.7/config`, { method: 'POST', body: '{}' })).status).toBe(200);
    expect(
      (await fetch(`${base}/telemetry/proxy/api/v2/apmtelemetry`, { method: 'POST', body: '{}' })).status,
    ).toBe(202);
    expect((await fetch(`${base}/v0.6/stats`, { method: 'PUT', body: encode({}) })).status).toBe(200);
    expect(
      (await fetch(`${base}/evp_proxy/v2/api/v2/citestcycle`, { method: 'POST', body: '{}' })).status,
    ).toBe(202);
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  });
});

describe('the agent command', () => {
  const agent = (...args: string[]) =>
    promisify(execFile)(process.execPath, [resolve(repo, 'intake/dist/agent-cli.js'), ...args], {
      env: { PATH: process.env.PATH, INTAKE_API_PORT: String(intake.ports.api) },
    });

  it('status reports DogStatsD and the APM receiver by service', async () => {
    const { createSocket } = await import('node:dgram');
    const udp = createSocket('udp4');
    await new Promise<void>((r) =>
      udp.send('agent.test:1|c\nbad-line', intake.ports.dogstatsd, '127.0.0.1', () => r()),
    );
    udp.close();
    // UDP is asynchronous: counted once the intake has read the datagram.
    await waitUntil(
      () =>
        intake.engine.counters.parseErrors['bad line'] ??
        Object.values(intake.engine.counters.parseErrors).reduce((a, b) => a + b, 0),
      (n) => n > 0,
      'the datagram to be read',
    );
    const { stdout } = await agent('status');
    expect(stdout).toMatch(/^=+\nAgent \(v7\.99\.0-ddworkshop-intake\)/);
    expect(stdout).toMatch(/DogStatsD\n=+\n[\s\S]*Udp Packets: [1-9]/);
    expect(stdout).toContain('Metric Parse Errors: 1');
    expect(stdout).toContain('no value: 1');
    expect(stdout).toMatch(/From service svc: 2 traces, 3 spans/);
  });

  it('health exits 0 when ready and 1 when the intake is gone', async () => {
    expect((await agent('health')).stdout).toContain('PASS');
    const error = await promisify(execFile)(
      process.execPath,
      [resolve(repo, 'intake/dist/agent-cli.js'), 'health'],
      { env: { PATH: process.env.PATH, INTAKE_API_PORT: '1' } },
    ).catch((e: unknown) => e);
    expect((error as { code: number }).code).toBe(1);
    expect((error as { stderr: string }).stderr).toContain('FAIL');
  });

  it('dogstatsd-stats lists metrics, as a table or JSON', async () => {
    expect((await agent('dogstatsd-stats')).stdout).toMatch(/Metric Name\s+\| Contexts \| Count/);
    const stats = JSON.parse((await agent('dogstatsd-stats', '--json')).stdout) as Array<{
      name: string;
      count: number;
    }>;
    expect(stats.find((m) => m.name === 'agent.test')?.count).toBe(1);
  });
});
