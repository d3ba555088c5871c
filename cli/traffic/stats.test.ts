import { describe, expect, it } from 'vitest';
import { createRandom } from './random.js';
import { renderRequest } from './render-request.js';
import { liveLine, summaryTable } from './report.js';
import { Recorder } from './stats.js';

describe('Recorder', () => {
  it('keeps percentiles per endpoint and counts errors and failures apart', () => {
    const r = new Recorder();
    for (let i = 1; i <= 100; i++) r.record('GET /users', 200, i * 1000);
    r.record('GET /error', 500, 5000);
    r.record('GET /error', 'timeout', 30_000_000);
    const s = r.snapshot(10);
    expect(s.requests).toBe(102);
    expect(s.ratePerSec).toBeCloseTo(10.2);
    const users = s.endpoints.find((e) => e.endpoint === 'GET /users');
    expect(users?.p50Ms).toBeCloseTo(50, 0);
    expect(users?.p99Ms).toBeCloseTo(99, 0);
    const error = s.endpoints.find((e) => e.endpoint === 'GET /error');
    expect(error).toMatchObject({ count: 2, errors: 1, failures: 1, statuses: { 500: 1, timeout: 1 } });
  });

  it('never reports a percentile above the largest latency seen', () => {
    const r = new Recorder();
    // 1.96 s lands in an HDR bucket whose upper edge reads 1.97 s.
    for (const us of [1_000, 5_000, 1_960_123]) r.record('GET /delay', 200, us);
    const s = r.snapshot(1);
    const e = s.endpoints[0]!;
    expect(e.p99Ms).toBeLessThanOrEqual(e.maxMs);
    expect(s.p99Ms).toBeLessThanOrEqual(e.maxMs);
    expect(e.maxMs).toBeCloseTo(1960.1, 0);
  });

  it('reports live and at the end', () => {
    const r = new Recorder();
    r.record('GET /', 200, 2000);
    r.dropped = 3;
    const s = r.snapshot(2);
    expect(liveLine(s, 10)).toBe(
      'elapsed 2s · remaining 8s · 1 req · 0.5 req/s · p50 2.0ms p95 2.0ms p99 2.0ms · errors 0 (0%) · dropped 3',
    );
    const table = summaryTable(s, 'Done').replace(/\x1b\[[0-9;]*m/g, '');
    expect(table).toMatch(/GET \/\s+1\s+0\s+2\.0ms/);
    expect(table).toMatch(/total\s+1/);
  });
});

describe('renderRequest', () => {
  it('draws parameters in range, makes unique names and derives fields', () => {
    const ctx = { random: createRandom(3), runId: 'r', counter: { next: 1 } };
    const a = renderRequest(
      {
        method: 'POST',
        path: '/users',
        body: { username: { unique: 'user' } },
        derived: { email: '{username}@example.com' },
      },
      ctx,
    );
    const b = renderRequest(
      {
        method: 'POST',
        path: '/users',
        body: { username: { unique: 'user' } },
        derived: { email: '{username}@example.com' },
      },
      ctx,
    );
    expect(JSON.parse(a.body ?? '')).toEqual({ username: 'user_r_1', email: 'user_r_1@example.com' });
    expect(JSON.parse(b.body ?? '').username).toBe('user_r_2');
    const d = renderRequest({ method: 'GET', path: '/delay', query: { seconds: { int: [0, 3] } } }, ctx);
    expect(d.endpoint).toBe('GET /delay');
    expect(Number(new URLSearchParams(d.path.split('?')[1]).get('seconds'))).toSatisfy(
      (v: number) => v >= 0 && v <= 3,
    );
  });
});
