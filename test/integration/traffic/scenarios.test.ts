/** Each scenario against a real local HTTP server that records what it receives. */
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runScenario } from '../../../cli/traffic/runner.js';
import { findScenario } from '../../../cli/traffic/scenarios.js';
import { freePort } from '../../support/free-port.js';
import { waitUntil } from '../../support/wait-until.js';

interface Seen {
  method: string;
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown> | undefined;
  at: number;
}

const repo = resolve(import.meta.dirname, '../../..');
let server: Server;
let target: string;
let seen: Seen[] = [];
let inflight = 0;
let maxInflight = 0;
/** Latency the server adds, by request index. */
let delayFor: (i: number) => number = () => 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const i = seen.length;
      const text = Buffer.concat(chunks).toString();
      seen.push({
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        body: text ? JSON.parse(text) : undefined,
        at: performance.now(),
      });
      inflight++;
      maxInflight = Math.max(maxInflight, inflight);
      setTimeout(() => {
        inflight--;
        const status = url.pathname === '/nonexistent' ? 404 : 200;
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end('{}');
      }, delayFor(i));
    });
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  target = `http://127.0.0.1:${port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  seen = [];
  maxInflight = 0;
  delayFor = () => 0;
});

function run(
  name: string,
  args: Record<string, number> = {},
  extra: Partial<Parameters<typeof runScenario>[0]> = {},
) {
  const scenario = findScenario(name);
  if (!scenario) throw new Error(name);
  return runScenario({
    target,
    scenario,
    args,
    seed: 42,
    concurrency: 5,
    timeoutMs: 5000,
    timeScale: 0,
    ...extra,
  });
}

const int = (q: URLSearchParams, k: string) => Number(q.get(k));

describe('the original scenarios', () => {
  it('quick: 50 requests cycling over the 8 targets with the original parameter ranges', async () => {
    const result = await run('quick');
    expect(seen).toHaveLength(50);
    const order = [
      '/health',
      '/users',
      '/users',
      '/delay',
      '/error',
      '/cpu-intensive',
      '/memory-usage',
      '/database-query',
    ];
    seen.forEach((s, i) => expect(s.path, `request ${i}`).toBe(order[i % 8]));
    const posts = seen.filter((s) => s.method === 'POST');
    expect(posts).toHaveLength(6);
    const names = posts.map((p) => p.body?.username as string);
    expect(new Set(names).size).toBe(6);
    for (const p of posts) expect(p.body?.email).toBe(`${p.body?.username}@example.com`);
    for (const s of seen.filter((s) => s.path === '/delay'))
      expect(int(s.query, 'seconds')).toSatisfy((v: number) => Number.isInteger(v) && v >= 0 && v <= 3);
    for (const s of seen.filter((s) => s.path === '/error'))
      expect(int(s.query, 'rate')).toSatisfy((v: number) => v >= 0 && v <= 99);
    for (const s of seen.filter((s) => s.path === '/cpu-intensive'))
      expect(int(s.query, 'iterations')).toSatisfy((v: number) => v >= 10_000 && v <= 59_999);
    for (const s of seen.filter((s) => s.path === '/memory-usage'))
      expect(int(s.query, 'size')).toSatisfy((v: number) => v >= 5 && v <= 24);
    for (const s of seen.filter((s) => s.path === '/database-query'))
      expect(['simple', 'complex']).toContain(s.query.get('type'));
    expect(maxInflight).toBe(1);
    expect(result.recorder.snapshot(result.elapsedSec).requests).toBe(50);
  });

  it('errors: 20 × /error?rate=80, then 10 × /nonexistent, counted as errors', async () => {
    const result = await run('errors');
    expect(seen.map((s) => `${s.path}?${s.query}`)).toEqual([
      ...Array(20).fill('/error?rate=80'),
      ...Array(10).fill('/nonexistent?'),
    ]);
    const snap = result.recorder.snapshot(result.elapsedSec);
    expect(snap.errors).toBe(10);
    expect(snap.endpoints.find((e) => e.endpoint === 'GET /nonexistent')?.statuses).toEqual({ 404: 10 });
  });

  it('sustained: batches of 5 parallel requests over the original targets, paced', async () => {
    delayFor = () => 20;
    await run('sustained', { seconds: 10 }, { timeScale: 0.1 });
    const allowed = new Set([
      '/',
      '/health',
      '/users',
      '/delay?seconds=0.5',
      '/error?rate=20',
      '/database-query?type=simple',
      '/database-query?type=complex',
    ]);
    for (const s of seen) expect(allowed).toContain(`${s.path}${s.query.size ? `?${s.query}` : ''}`);
    expect(seen.length % 5).toBe(0);
    expect(maxInflight).toBe(5);
    // 1 s at (20 ms + 50 ms pause) per batch: about 14 batches, never more than the pacing allows.
    expect(seen.length / 5).toBeGreaterThan(5);
    expect(seen.length / 5).toBeLessThanOrEqual(16);
  });

  it('the counted extras send their count with the original parameters', async () => {
    await run('cpu', { count: 4 });
    expect(seen.map((s) => int(s.query, 'iterations'))).toSatisfy(
      (v: number[]) => v.length === 4 && v.every((x) => x >= 50_000 && x <= 150_000),
    );
    seen = [];
    await run('database', { count: 4 });
    expect(seen.map((s) => s.query.get('type'))).toEqual(['simple', 'complex', 'simple', 'complex']);
    seen = [];
    await run('users', { count: 6 });
    expect(seen.map((s) => s.method)).toEqual(['GET', 'GET', 'POST', 'GET', 'GET', 'POST']);
    seen = [];
    await run('delay', { count: 5 });
    for (const s of seen)
      expect(Number(s.query.get('seconds'))).toSatisfy((v: number) => v >= 0.5 && v <= 5.5);
    seen = [];
    await run('error-test');
    expect(seen).toHaveLength(30);
    for (const s of seen) expect(int(s.query, 'rate')).toSatisfy((v: number) => v >= 20 && v <= 99);
  });

  it('purchase: random purchase bodies like the seed’s exercise loop', async () => {
    await run('purchase', { count: 30 });
    expect(seen).toHaveLength(30);
    for (const s of seen) {
      expect(s).toMatchObject({ method: 'POST', path: '/purchase' });
      const b = s.body as Record<string, number>;
      expect(b.user_id).toSatisfy((v: number) => Number.isInteger(v) && v >= 1 && v <= 50);
      expect(b.product_id).toSatisfy((v: number) => Number.isInteger(v) && v >= 1 && v <= 10);
      expect(b.quantity).toSatisfy((v: number) => Number.isInteger(v) && v >= 1 && v <= 5);
      expect(b.price).toSatisfy(
        (v: number) => v >= 5 && v <= 104.99 && Math.abs(Math.round(v * 100) - v * 100) < 1e-6,
      );
    }
    expect(new Set(seen.map((s) => (s.body as Record<string, number>).product_id)).size).toBeGreaterThan(3);
  });

  it('replays the same choices for the same seed', async () => {
    await run('quick', {}, { seed: 7 });
    const first = seen.map((s) => `${s.path}?${s.query}`);
    seen = [];
    await run('quick', {}, { seed: 7 });
    expect(seen.map((s) => `${s.path}?${s.query}`)).toEqual(first);
    seen = [];
    await run('quick', {}, { seed: 8 });
    expect(seen.map((s) => `${s.path}?${s.query}`)).not.toEqual(first);
  });
});

describe('the open model', () => {
  it('holds the requested rate', async () => {
    const result = await run('sustained', {}, { rate: 200, durationSec: 2, concurrency: 50 });
    expect(seen.length).toBeGreaterThanOrEqual(396);
    expect(seen.length).toBeLessThanOrEqual(401);
    const span = (seen.at(-1)?.at ?? 0) - (seen[0]?.at ?? 0);
    expect(span).toBeGreaterThan(1900);
    expect(span).toBeLessThan(2300);
    expect(result.recorder.dropped).toBe(0);
  });

  it('measures a known latency distribution and counts from the intended start', async () => {
    // 90% answer in 5 ms, 10% in 100 ms.
    delayFor = (i) => (i % 10 === 9 ? 100 : 5);
    const result = await run('sustained', {}, { rate: 100, durationSec: 2, concurrency: 50 });
    const snap = result.recorder.snapshot(result.elapsedSec);
    expect(snap.p50Ms).toBeGreaterThan(4);
    expect(snap.p50Ms).toBeLessThan(30);
    expect(snap.p95Ms).toBeGreaterThan(95);
    expect(snap.p95Ms).toBeLessThan(160);
  });

  it('drops starts that find every slot busy, and says so', async () => {
    delayFor = () => 300;
    const result = await run('sustained', {}, { rate: 100, durationSec: 1, concurrency: 2 });
    expect(result.recorder.dropped).toBeGreaterThan(80);
    expect(maxInflight).toBe(2);
  });
});

describe('the command', () => {
  const cli = resolve(repo, 'bin/ddworkshop.js');

  it('fails fast with the next step when the target is unreachable', async () => {
    const port = await freePort();
    const started = Date.now();
    const error = await promisify(execFile)(process.execPath, [
      cli,
      'traffic',
      'quick',
      '--target',
      `http://127.0.0.1:${port}`,
    ]).catch((e: unknown) => e);
    expect((error as { code?: number }).code).toBe(1);
    expect((error as { stderr: string }).stderr).toMatch(
      /Cannot reach the webapp at http:\/\/127\.0\.0\.1:\d+/,
    );
    expect((error as { stderr: string }).stderr).toContain('./ddw setup');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('stops on Ctrl-C and prints the summary so far', async () => {
    const child = spawn(process.execPath, [cli, 'traffic', 'sustained', '60', '--target', target], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    // Running (its handlers installed) once its requests arrive: then Ctrl-C.
    await waitUntil(
      () => seen.length,
      (n) => n > 5,
      'the run to send requests',
    );
    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    expect(code).toBe(130);
    expect(out).toContain('Stopped early');
    expect(out).toMatch(/total\s+\d+/);
    expect(seen.length).toBeGreaterThan(5);
  });

  it('SIGTERM stops it too, with the summary, exit 143', async () => {
    const child = spawn(process.execPath, [cli, 'traffic', 'sustained', '60', '--target', target], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const already = seen.length;
    await waitUntil(
      () => seen.length,
      (n) => n > already + 2,
      'the run to send requests',
    );
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(143);
    expect(out).toContain('Stopped early');
  });

  it('after purchases, names the verify command that checks them', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [
      cli,
      'traffic',
      'purchase',
      '3',
      '--target',
      target,
      '--time-scale',
      '0',
    ]);
    expect(stdout).toContain('Next: ./ddw verify metrics --ecommerce');
  });

  it('prints JSON for scripts', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [
      cli,
      'traffic',
      'errors',
      '--target',
      target,
      '--json',
      '--time-scale',
      '0',
    ]);
    const report = JSON.parse(stdout) as { requests: number; errors: number; scenario: string };
    expect(report).toMatchObject({ scenario: 'errors', requests: 30, errors: 10 });
  });
});
