/**
 * The webapp's telemetry on the wire: DogStatsD lines on a real UDP socket, and dd-trace's
 * msgpack payloads on a real HTTP trace intake, for every endpoint.
 */
import { createSocket, type Socket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Intake } from '../../../intake/src/index.js';
import { startTestIntake } from '../../support/intake.js';
import { startPostgres, type TestPostgres } from '../../support/postgres.js';
import { startWebapp, type WebappProcess } from '../../support/webapp-process.js';

interface Line {
  name: string;
  value: number;
  type: string;
  tags: string[];
}

let pg: TestPostgres;
let intake: Intake;
let udp: Socket;
let app: WebappProcess;
const lines: Line[] = [];

function parse(raw: string): Line {
  const [head = '', type = '', ...rest] = raw.split('|');
  const [name = '', value = ''] = head.split(':');
  const tags =
    rest
      .find((f) => f.startsWith('#'))
      ?.slice(1)
      .split(',') ?? [];
  return { name, value: Number(value), type, tags };
}

async function until<T>(probe: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function metricsFor(endpoint: string, status?: number): Line[] {
  return lines.filter(
    (l) =>
      l.tags.includes(`endpoint:${endpoint}`) &&
      (status === undefined || l.tags.includes(`status:${status}`)),
  );
}

beforeAll(async () => {
  [pg, intake] = await Promise.all([startPostgres(), startTestIntake()]);
  udp = createSocket('udp4');
  udp.on('message', (m) => {
    for (const raw of m.toString().split('\n')) if (raw) lines.push(parse(raw));
  });
  await new Promise<void>((r) => udp.bind(0, '127.0.0.1', r));
  app = await startWebapp({
    ...pg.env,
    DD_AGENT_HOST: '127.0.0.1',
    DD_TRACE_AGENT_PORT: String(intake.ports.trace),
    DD_DOGSTATSD_PORT: String(udp.address().port),
    DD_TRACE_FLUSH_INTERVAL: '100',
    DD_ENV: 'test',
  });
}, 120_000);

afterAll(async () => {
  await app?.stop();
  udp?.close();
  await intake?.stop();
  await pg?.stop();
});

describe('DogStatsD metrics', () => {
  it('sends latency, count and database metrics tagged with the route pattern', async () => {
    await fetch(`${app.url}/users`);
    const users = await until(
      () => (metricsFor('/users', 200).length >= 3 ? metricsFor('/users', 200) : undefined),
      '/users metrics',
    );
    const byName = Object.fromEntries(users.map((l) => [l.name, l]));
    expect(byName.request_latency_seconds_hist?.type).toBe('h');
    expect(byName.request_latency_seconds_hist?.value).toBeGreaterThan(0);
    expect(byName.request_latency_seconds_hist?.value).toBeLessThan(5);
    expect(byName.request_count).toMatchObject({ type: 'c', value: 1 });
    expect(byName.database_queries_total).toMatchObject({ type: 'c', value: 1 });
    for (const l of users)
      expect(l.tags).toEqual(expect.arrayContaining(['service:webapp', 'method:GET', 'status:200']));
    expect(users.some((l) => l.name === 'error_count')).toBe(false);
  });

  it('counts errors for 4xx and 5xx only, and never tags raw paths', async () => {
    await fetch(`${app.url}/error?rate=100`);
    await fetch(`${app.url}/no/such/path/123`);
    const err = await until(
      () => metricsFor('/error', 500).find((l) => l.name === 'error_count'),
      '/error error_count',
    );
    expect(err).toMatchObject({ type: 'c', value: 1 });
    const unmatched = await until(
      () => metricsFor('unmatched', 404).find((l) => l.name === 'error_count'),
      '404 error_count',
    );
    expect(unmatched.tags).toContain('method:GET');
    expect(lines.some((l) => l.tags.some((t) => t.includes('/no/such')))).toBe(false);
  });

  it('sends the route gauges with their values', async () => {
    await fetch(`${app.url}/delay?seconds=0.2`);
    await fetch(`${app.url}/memory-usage?size=3`);
    await fetch(`${app.url}/cpu-intensive?iterations=2000000`);
    const business = await until(() => lines.find((l) => l.name === 'business_value'), 'business_value');
    expect(business).toMatchObject({ type: 'g', value: 2 });
    expect(business.tags).toEqual(expect.arrayContaining(['service:webapp', 'metric_type:performance']));
    const memory = await until(
      () => lines.find((l) => l.name === 'memory_usage_bytes'),
      'memory_usage_bytes',
    );
    expect(memory).toMatchObject({ type: 'g', value: 3 * 1048576 });
    expect(memory.tags).toContain('operation:memory_allocation');
    const cpu = await until(() => lines.find((l) => l.name === 'cpu_usage_seconds'), 'cpu_usage_seconds');
    expect(cpu.type).toBe('g');
    expect(cpu.tags).toContain('operation:cpu_intensive');
    // Really measured: two million iterations take some CPU time, and far less than a minute.
    expect(cpu.value).toBeGreaterThan(0.001);
    expect(cpu.value).toBeLessThan(60);
  });

  it('counts database queries for /health and /database-query', async () => {
    await fetch(`${app.url}/database-query?type=complex`);
    const query = await until(
      () => metricsFor('/database-query').find((l) => l.name === 'database_queries_total'),
      '/database-query',
    );
    expect(query).toMatchObject({ name: 'database_queries_total', type: 'c', value: 1 });
    expect(query.tags).toEqual(expect.arrayContaining(['service:webapp', 'endpoint:/database-query']));
    const health = await until(
      () => metricsFor('/health').find((l) => l.name === 'database_queries_total'),
      '/health',
    );
    expect(health).toMatchObject({ type: 'c', value: 1 });
    expect(health.tags).toContain('endpoint:/health');
  });
});

describe('traces', () => {
  it('sends an express.request span per request and pg.query spans for database endpoints', async () => {
    const before = Date.now() - 1000;
    await fetch(`${app.url}/users`);
    await fetch(`${app.url}/database-query?type=simple`);
    await fetch(`${app.url}/`);
    const find = (q: string) => intake.spans.search(q, before, Date.now() + 60_000, 100);
    const users = await until(() => find('service:webapp resource_name:"GET /users"')[0], 'GET /users span');
    expect(users.name).toBe('express.request');
    expect(users.meta.env).toBe('test');
    expect(users.meta['http.status_code']).toBe('200');
    const pgSpans = await until(() => {
      const spans = find(`trace_id:${users.traceId}`).filter((s) => s.name === 'pg.query');
      return spans.length > 0 ? spans : undefined;
    }, 'pg.query span in the /users trace');
    expect(pgSpans[0]?.resource).toContain('FROM users');
    await until(() => find('resource_name:"GET /database-query"')[0], 'GET /database-query span');
    // dd-trace names the root route's resource plain "GET".
    const home = await until(() => find('service:webapp resource_name:GET')[0], 'GET / span');
    expect(find(`trace_id:${home.traceId}`).some((s) => s.name === 'pg.query')).toBe(false);
  });

  it('marks /error failures as errors', async () => {
    const before = Date.now() - 1000;
    await fetch(`${app.url}/error?rate=100`);
    const span = await until(
      () =>
        intake.spans.search('resource_name:"GET /error" status:error', before, Date.now() + 60_000, 10)[0],
      'an error span',
    );
    expect(span.meta['http.status_code']).toBe('500');
  });
});
