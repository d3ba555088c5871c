/**
 * `ddworkshop verify` end to end: real hot-shots metrics and real dd-trace spans into the
 * intake, the real CLI reading them back through the Datadog API client; and the error paths
 * against a local server answering as Datadog does.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { StatsD } from 'hot-shots';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Intake } from '../../../intake/src/index.js';
import { freePort } from '../../support/free-port.js';
import { startTestIntake } from '../../support/intake.js';
import { waitUntil } from '../../support/wait-until.js';

const repo = resolve(import.meta.dirname, '../../..');
const cli = resolve(repo, 'bin/ddworkshop.js');
let project: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function ddworkshop(args: string[], env: Record<string, string>): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [cli, '-C', project, ...args], {
      env: { PATH: process.env.PATH, HOME: project, ...env },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'ddw-verify-'));
  writeFileSync(join(project, 'docker-compose.yml'), 'services: {}\n');
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('against the local intake', () => {
  let intake: Intake;
  let env: Record<string, string>;

  beforeAll(async () => {
    intake = await startTestIntake();
    env = {
      DDWORKSHOP_OFFLINE: '1',
      INTAKE_API_PORT: String(intake.ports.api),
      DD_TRACE_AGENT_PORT: String(intake.ports.trace),
    };
  });
  afterAll(() => intake.stop());

  it('fails with no traffic and names what is missing', async () => {
    const run = await ddworkshop(['verify', 'metrics', '--timeout', '3s', '--ecommerce'], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('ecommerce.purchase_amount: not reported in the window');
    expect(run.stdout).toContain('./ddw traffic purchase');
  });

  it('finds the ecommerce metrics with values and tags once they arrive', async () => {
    const statsd = new StatsD({
      host: '127.0.0.1',
      port: intake.ports.dogstatsd,
      globalTags: ['service:webapp'],
      maxBufferSize: 0,
    });
    const send = (fn: (cb: () => void) => void) => new Promise<void>((r) => fn(() => r()));
    // Percentiles are off until enabled, and Datadog configures only a metric it has received.
    const early = await ddworkshop(['metrics', 'percentiles', 'ecommerce.processing_time'], env);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('has not arrived yet');
    await send((cb) => statsd.distribution('ecommerce.processing_time', 7, ['operation:purchase'], cb));
    await waitUntil(
      () => intake.engine.metricType('ecommerce.processing_time'),
      Boolean,
      'the distribution to arrive',
    );
    const enable = await ddworkshop(['metrics', 'percentiles', 'ecommerce.processing_time'], env);
    expect(enable.code, enable.stderr).toBe(0);
    expect(enable.stdout).toContain(
      'Percentiles enabled for ecommerce.processing_time (every tag stays queryable)',
    );
    for (const [amount, range, product, qty] of [
      [59.98, 'large', 456, 2],
      [5, 'small', 7, 1],
    ] as const) {
      await send((cb) =>
        statsd.gauge(
          'ecommerce.purchase_amount',
          amount,
          ['currency:USD', `amount_range:${range}`, `product_id:${product}`],
          cb,
        ),
      );
      await send((cb) =>
        statsd.increment(
          'ecommerce.purchase_count',
          qty,
          ['transaction_type:purchase', `product_id:${product}`],
          cb,
        ),
      );
      await send((cb) =>
        statsd.distribution('ecommerce.processing_time', 0.5 * qty, ['operation:purchase'], cb),
      );
    }
    statsd.close();
    const run = await ddworkshop(
      ['verify', 'metrics', '--ecommerce', '--expect-tag', 'product_id', '--json', '--timeout', '20s'],
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as {
      ok: boolean;
      metrics: Array<{ metric: string; found: boolean; latest: Record<string, number>; tags: string[] }>;
    };
    expect(report.ok).toBe(true);
    const byName = Object.fromEntries(report.metrics.map((m) => [m.metric, m]));
    expect(byName['ecommerce.purchase_count']?.latest.count).toBe(3);
    expect(byName['ecommerce.processing_time']?.latest.p50).toBeCloseTo(0.5, 1);
    expect(byName['ecommerce.purchase_amount']?.tags).toEqual(
      expect.arrayContaining(['amount_range:large', 'amount_range:small', 'currency:usd', 'product_id:456']),
    );
  });

  it('fails when an expected tag is missing', async () => {
    const run = await ddworkshop(
      ['verify', 'metrics', 'ecommerce.processing_time', '--expect-tag', 'region', '--timeout', '2s'],
      env,
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('missing tags: region');
  });

  it('verify traces: resources, errors and database spans from a real dd-trace', async () => {
    const script = `
      const tracer = require('dd-trace').init({ service: 'webapp', port: ${intake.ports.trace}, hostname: '127.0.0.1', flushInterval: 50 });
      const root = tracer.startSpan('express.request', { tags: { 'resource.name': 'GET /users', 'span.kind': 'server' } });
      const db = tracer.startSpan('pg.query', { childOf: root, tags: { 'resource.name': 'SELECT 1', 'service.name': 'webapp-postgres', 'span.type': 'sql' } });
      db.finish(); root.finish();
      const bad = tracer.startSpan('express.request', { tags: { 'resource.name': 'GET /error', error: true } });
      bad.finish();
      setTimeout(() => process.exit(0), 1500);
    `;
    await promisify(execFile)(process.execPath, ['-e', script], {
      cwd: repo,
      env: { PATH: process.env.PATH, DD_TRACE_TELEMETRY_ENABLED: 'false' },
    });
    const run = await ddworkshop(['verify', 'traces', '--json', '--timeout', '20s'], env);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as {
      resources: Record<string, number>;
      errors: number;
      databaseSpans: number;
    };
    expect(report.resources).toMatchObject({ 'GET /users': 1, 'GET /error': 1 });
    expect(report.errors).toBe(1);
    expect(report.databaseSpans).toBe(1);
  });
});

describe('against a server answering as Datadog does', () => {
  let server: Server;
  let url: string;
  let handler: (req: IncomingMessage, res: ServerResponse, n: number) => void;
  let calls = 0;
  const seenKeys: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seenKeys.push(String(req.headers['dd-api-key']));
      handler(req, res, ++calls);
    });
    const port = await freePort();
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    url = `http://127.0.0.1:${port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const datadogEnv = () => ({
    DD_API_KEY: 'fake-api-key-for-verify-tests-1234',
    DD_APP_KEY: 'fake-app-key-for-verify-tests-5678',
    DDWORKSHOP_DATADOG_API_URL: url,
  });
  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const healthy = (req: IncomingMessage, res: ServerResponse) => {
    if (req.url?.startsWith('/api/v1/metrics'))
      return json(res, 200, { metrics: ['cpu_usage_seconds'], from: '0' });
    if (req.url?.startsWith('/api/v1/query'))
      return json(res, 200, {
        status: 'ok',
        series: [{ metric: 'cpu_usage_seconds', pointlist: [[Date.now(), 0.25]] }],
      });
    return json(res, 200, {
      data: { type: 'metrics', id: 'cpu_usage_seconds', attributes: { tags: ['operation:cpu_intensive'] } },
    });
  };

  it('says the keys are refused on 403, without printing them', async () => {
    handler = (_req, res) => json(res, 403, { errors: ['Forbidden'] });
    const run = await ddworkshop(['verify', 'metrics', 'cpu_usage_seconds', '--timeout', '5s'], datadogEnv());
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('answered 403');
    expect(run.stderr).toContain('metrics_read');
    expect(run.stdout + run.stderr).not.toContain('fake-api-key-for-verify');
    expect(run.stdout + run.stderr).not.toContain('fake-app-key-for-verify');
    expect(seenKeys.at(-1)).toBe('fake-api-key-for-verify-tests-1234');
  });

  it('waits out a 429 for its X-RateLimit-Reset, then succeeds', async () => {
    calls = 0;
    let limitedAt = 0;
    let retriedAt = 0;
    handler = (req, res, n) => {
      if (n === 1) {
        limitedAt = Date.now();
        return json(
          res,
          429,
          { errors: ['Too many requests'] },
          {
            'X-RateLimit-Limit': '100',
            'X-RateLimit-Period': '60',
            'X-RateLimit-Remaining': '0',
            'X-RateLimit-Reset': '2',
          },
        );
      }
      if (n === 2) retriedAt = Date.now();
      healthy(req, res);
    };
    const run = await ddworkshop(
      ['verify', 'metrics', 'cpu_usage_seconds', '--timeout', '30s', '--json'],
      datadogEnv(),
    );
    expect(run.code, run.stderr).toBe(0);
    expect(retriedAt - limitedAt).toBeGreaterThanOrEqual(1900);
    expect(JSON.parse(run.stdout).ok).toBe(true);
  });

  it('retries a 5xx and gives up at the timeout with the reason', async () => {
    handler = (_req, res) => json(res, 503, { errors: ['Service unavailable'] });
    const started = Date.now();
    const run = await ddworkshop(['verify', 'metrics', 'cpu_usage_seconds', '--timeout', '4s'], datadogEnv());
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('had an error (503)');
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('gives up on a site that never answers, at the timeout', async () => {
    handler = () => {}; // never answers
    const started = Date.now();
    const run = await ddworkshop(['verify', 'metrics', 'cpu_usage_seconds', '--timeout', '3s'], datadogEnv());
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('did not answer in time');
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('needs an application key and says where to make one', async () => {
    const run = await ddworkshop(['verify', 'metrics'], {
      DD_API_KEY: 'fake-api-key-for-verify-tests-1234',
      DDWORKSHOP_DATADOG_API_URL: url,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('needs an application key (DD_APP_KEY)');
    expect(run.stderr).toContain('https://app.datadoghq.com/organization-settings/application-keys');
  });
});
