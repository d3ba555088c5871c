/**
 * Lesson 7's check as it must hold on a real Datadog account, where metric monitors are evaluated
 * once a minute over points that land 15–30 s after their 10 s bucket: the intake is given
 * Datadog's worst case (INTAKE_INGESTION_DELAY_SEC 30, a monitor evaluation every 60 s) and the
 * check — errors until Alert — still sees the monitor trip. A point is then inside a visible
 * part of the one-minute window for only ~20 s of each minute, so one burst is missed two times in
 * three: only bursts that keep coming pass reliably. (A delay as long as the window would hide
 * every point from the monitor, on Datadog too.)
 */
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { StatsD } from 'hot-shots';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Intake } from '../../../intake/src/index.js';
import { freePort } from '../../support/free-port.js';
import { startTestIntake } from '../../support/intake.js';
import { runCli } from '../../support/run-cli.js';

const repo = resolve(import.meta.dirname, '../../..');
let project: string;
let intake: Intake;
let server: Server;
let statsd: StatsD;
let env: Record<string, string>;

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), 'ddw-lesson7-'));
  cpSync(join(repo, 'lessons'), join(project, 'lessons'), { recursive: true });
  writeFileSync(join(project, 'docker-compose.yml'), 'services: {}\n');
  mkdirSync(join(project, 'monitors'));
  copyFileSync(
    join(repo, 'lessons/07-error-rate-alert/error-rate.json'),
    join(project, 'monitors/error-rate.json'),
  );
  intake = await startTestIntake({ ingestionDelaySec: 30, monitorIntervalSec: 60 });
  statsd = new StatsD({ host: '127.0.0.1', port: intake.ports.dogstatsd, globalTags: ['service:webapp'] });
  // The webapp's /error as the lesson's solution counts it: a 500 and one error_count.
  server = createServer((req, res) => {
    if (req.url?.startsWith('/error')) {
      statsd.increment('error_count', 1, ['endpoint:/error', 'status:500']);
      res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"boom"}');
    } else res.writeHead(req.url === '/health' ? 200 : 404).end('{}');
  });
  const webappPort = await freePort();
  await new Promise<void>((r) => server.listen(webappPort, '127.0.0.1', r));
  env = {
    DDWORKSHOP_OFFLINE: '1',
    WEBAPP_PORT: String(webappPort),
    DD_TRACE_AGENT_PORT: String(intake.ports.trace),
    INTAKE_API_PORT: String(intake.ports.api),
    DDWORKSHOP_CHECK_PATIENCE_MS: '180000',
    FORCE_COLOR: '0',
  };
  const push = await runCli(project, ['monitor', 'push'], env);
  expect(push.code, `${push.stdout}\n${push.stderr}`).toBe(0);
});

afterAll(async () => {
  server?.close();
  statsd?.close();
  await intake?.stop();
  if (project) rmSync(project, { recursive: true, force: true });
});

describe('lesson 7 with Datadog’s timing', () => {
  it('passes: errors are sent until the late, once-a-minute evaluation sees them', async () => {
    const check = await runCli(project, ['lesson', 'check', '7', '--json'], env);
    const report = JSON.parse(check.stdout) as {
      passed: boolean;
      results: Array<{ title: string; ok: boolean; message?: string }>;
    };
    expect(report.results.filter((r) => !r.ok)).toEqual([]);
    expect(report.passed).toBe(true);
    const alert = report.results.at(-1)?.message ?? '';
    expect(alert).toMatch(/errors sent → Alert/);
  }, 240_000);
});
