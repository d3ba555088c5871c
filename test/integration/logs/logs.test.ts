/**
 * Logs end to end with real parts: the webapp's pino logs (dd-trace injecting trace ids) written
 * to a file as the local runtime writes them, tailed by a real intake, read back through the
 * real @datadog/datadog-api-client LogsApi, correlated with the spans of the same requests.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { client, v2 } from '@datadog/datadog-api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Intake } from '../../../intake/src/index.js';
import { startTestIntake, webappAgentEnv } from '../../support/intake.js';
import { startPostgres, type TestPostgres } from '../../support/postgres.js';
import { runCli } from '../../support/run-cli.js';
import { waitUntil } from '../../support/wait-until.js';
import { startWebapp, type WebappProcess } from '../../support/webapp-process.js';

let dir: string;
let logFile: string;
let pg: TestPostgres;
let intake: Intake;
let app: WebappProcess;
let logs: v2.LogsApi;
const SECRET = 'sk-live-fake-key-0123456789abcdef';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ddw-logs-'));
  logFile = join(dir, 'webapp.log');
  writeFileSync(logFile, '');
  [pg, intake] = await Promise.all([
    startPostgres(),
    startTestIntake({
      logFiles: [{ path: logFile, service: 'webapp', source: 'nodejs' }],
      logMaxBytes: 2 * 1024 * 1024,
    }),
  ]);
  app = await startWebapp(
    { ...pg.env, ...webappAgentEnv(intake), DD_TRACE_FLUSH_INTERVAL: '100', DD_ENV: 'test' },
    { logFile },
  );
  logs = new v2.LogsApi(
    client.createConfiguration({
      authMethods: { apiKeyAuth: 'k', appKeyAuth: 'k' },
      baseServer: new client.BaseServerConfiguration(`http://127.0.0.1:${intake.ports.api}`, {}),
      httpConfig: { compress: false },
    }),
  );
  for (const path of ['/users', '/users', '/error?rate=100'])
    await fetch(`${app.url}${path}`, {
      headers: { authorization: `Bearer ${SECRET}`, cookie: `session=${SECRET}` },
    });
  await fetch(`${app.url}/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${SECRET}` },
    body: JSON.stringify({ username: 'x', email: 'not-an-email', password: SECRET }),
  });
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await intake?.stop();
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function search(query: string, limit = 100) {
  return (
    (
      await logs.listLogs({
        body: { filter: { query, from: 'now-15m', to: 'now' }, page: { limit }, sort: '-timestamp' },
      })
    ).data ?? []
  );
}

describe('the webapp’s logs, collected and searched', () => {
  it('one structured line per request, with Datadog’s attributes and the trace ids dd-trace injects', async () => {
    const lines = await waitUntil(
      () => search('service:webapp @http.route:/users @http.method:GET'),
      (l) => l.length >= 2,
      'the /users logs',
    );
    const a = lines[0]?.attributes;
    expect(a?.status).toBe('info');
    expect(a?.message).toBe('GET /users 200');
    const attrs = a?.attributes as Record<string, Record<string, unknown>>;
    expect(attrs.http).toMatchObject({
      method: 'GET',
      status_code: 200,
      route: '/users',
      url_details: { path: '/users' },
    });
    expect(attrs.duration_ms).toEqual(expect.any(Number));
    expect(attrs.dd).toMatchObject({ service: 'webapp', env: 'test', version: '1.0.0' });
    expect(attrs.dd?.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(a?.tags).toEqual(expect.arrayContaining(['env:test', 'source:nodejs', 'service:webapp']));
    // JSON.parse keeps the last of two equal keys; the line itself must hold one `http` object.
    const raw = readFileSync(logFile, 'utf8')
      .split('\n')
      .filter((l) => l.includes('"GET /users 200"'));
    expect(raw.length).toBeGreaterThan(0);
    for (const l of raw) expect(l.match(/"http":/g)).toHaveLength(1);
  });

  it('a log leads to the span of its own request, on the full 128-bit trace id', async () => {
    const [line] = await waitUntil(
      () => search('service:webapp @http.route:/users @http.method:GET'),
      (l) => l.length > 0,
      'a GET /users log',
    );
    const traceId = (line?.attributes?.attributes as { dd?: { trace_id?: string } } | undefined)?.dd
      ?.trace_id as string;
    const spans = await waitUntil(
      async () => intake.spans.search(`trace_id:${traceId}`, Date.now() - 600_000, Date.now(), 100),
      (s) => s.length > 0,
      'the spans of that trace',
    );
    expect(spans.find((s) => s.name === 'express.request')?.resource).toBe('GET /users');
    // And back: the logs of that trace, by the span's own 64-bit id.
    const back = await search(`trace_id:${spans[0]?.traceId}`);
    expect(back.map((l) => l.id)).toContain(line?.id);
  });

  it('errors are logged at error status, and searchable with Datadog’s syntax', async () => {
    const errors = await waitUntil(
      () => search('service:webapp status:error'),
      (l) => l.length > 0,
      'an error log',
    );
    expect(errors.every((l) => l.attributes?.status === 'error')).toBe(true);
    expect(errors[0]?.attributes?.message).toBe('GET /error 500');
    expect((await search('@http.status_code:>=500')).length).toBe(errors.length);
    expect((await search('@http.status_code:[200 TO 299] -@http.route:/users')).length).toBe(0);
    expect((await search('"GET /users" OR "GET /error"')).length).toBeGreaterThanOrEqual(3);
    await expect(logs.listLogs({ body: { filter: { query: '"unbalanced' } } })).rejects.toMatchObject({
      code: 400,
    });
  });

  it('never logs headers, cookies or bodies', async () => {
    await waitUntil(
      () => search('@http.method:POST'),
      (l) => l.length > 0,
      'the POST log',
    );
    const everything = JSON.stringify(await search('*', 1000));
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain('not-an-email');
  });

  it('keeps a non-JSON line as a plain message', async () => {
    appendFileSync(logFile, 'plain text from a careless console.log\n');
    const [plain] = await waitUntil(
      () => search('careless'),
      (l) => l.length > 0,
      'the plain line',
    );
    expect(plain?.attributes).toMatchObject({
      status: 'info',
      message: 'plain text from a careless console.log',
      service: 'webapp',
    });
  });

  it('verify logs proves, through the API, that logs arrived with trace ids that lead to traces', async () => {
    writeFileSync(join(dir, 'docker-compose.yml'), 'services: {}\n');
    const run = await runCli(dir, ['verify', 'logs', '--json', '--timeout', '20s'], {
      DDWORKSHOP_OFFLINE: '1',
      INTAKE_API_PORT: String(intake.ports.api),
    });
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as {
      ok: boolean;
      withTraceId: number;
      resolved: Array<{ spans: number }>;
    };
    expect(out.ok).toBe(true);
    expect(out.resolved.some((r) => r.spans > 0)).toBe(true);
  });
  it('verify logs waits for the spans of logs that are searchable before their trace is flushed', async () => {
    // A tracer that flushes every 10 s: the requests' logs are in long before their spans.
    const lateFile = join(dir, 'late.log');
    writeFileSync(lateFile, '');
    const late = await startTestIntake({
      logFiles: [{ path: lateFile, service: 'webapp', source: 'nodejs' }],
    });
    const lateApp = await startWebapp(
      { ...pg.env, ...webappAgentEnv(late), DD_TRACE_FLUSH_INTERVAL: '10000' },
      { logFile: lateFile },
    );
    try {
      for (let i = 0; i < 3; i++) await fetch(`${lateApp.url}/users`);
      const run = await runCli(dir, ['verify', 'logs', '--json', '--timeout', '30s'], {
        DDWORKSHOP_OFFLINE: '1',
        INTAKE_API_PORT: String(late.ports.api),
      });
      expect(run.code, run.stdout).toBe(0);
      const out = JSON.parse(run.stdout) as { ok: boolean; resolved: Array<{ spans: number }> };
      expect(out.resolved.some((r) => r.spans > 0)).toBe(true);
    } finally {
      await lateApp.stop();
      await late.stop();
    }
  }, 60_000);

  it('a burst of 100k lines stays within the memory budget and counts what it dropped', async () => {
    const line = `${JSON.stringify({ level: 'info', message: 'burst', n: 0, pad: 'x'.repeat(150) })}\n`;
    const block = line.repeat(10_000);
    for (let i = 0; i < 10; i++) appendFileSync(logFile, block);
    const status = await waitUntil(
      async () =>
        intake.status().logs as { received: number; storedBytes: number; evicted: number; maxBytes: number },
      (s) => s.received >= 100_000,
      '100k lines',
    );
    expect(status.storedBytes).toBeLessThanOrEqual(status.maxBytes);
    expect(status.evicted).toBeGreaterThan(50_000);
  });
});
