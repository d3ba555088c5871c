/**
 * What a student met with `verify`: a wrong metric type that passed, a wait of minutes offline,
 * Ctrl-C and SIGTERM ignored while the spinner ran, and a zero-size terminal flooded with
 * cursor codes. Real hot-shots into a real intake, the real CLI in a real terminal (tmux, script).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { StatsD } from 'hot-shots';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Intake } from '../../../intake/src/index.js';
import { startTestIntake } from '../../support/intake.js';
import { runCli } from '../../support/run-cli.js';
import { hasTmux, openTerminal } from '../../support/tmux.js';
import { waitUntil } from '../../support/wait-until.js';

const bin = resolve(import.meta.dirname, '../../../bin/ddworkshop.js');
let project: string;
let intake: Intake;
let env: Record<string, string>;

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), 'ddw-verify-traps-'));
  writeFileSync(join(project, 'docker-compose.yml'), 'services: {}\n');
  intake = await startTestIntake();
  env = {
    DDWORKSHOP_OFFLINE: '1',
    INTAKE_API_PORT: String(intake.ports.api),
    DD_TRACE_AGENT_PORT: String(intake.ports.trace),
  };
});
afterAll(async () => {
  await intake.stop();
  rmSync(project, { recursive: true, force: true });
});

const envLine = () =>
  Object.entries({ ...env, FORCE_COLOR: '0' })
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');

describe('verify metrics reads the type that arrived', () => {
  it('a gauge sent with statsd.increment fails, saying what arrived and the call that fixes it', async () => {
    const statsd = new StatsD({ host: '127.0.0.1', port: intake.ports.dogstatsd, maxBufferSize: 0 });
    await new Promise<void>((r) =>
      statsd.increment(
        'ecommerce.purchase_amount',
        60,
        ['service:webapp', 'currency:USD', 'amount_range:large', 'product_id:3'],
        () => r(),
      ),
    );
    statsd.close();
    const run = await runCli(
      project,
      ['verify', 'metrics', 'ecommerce.purchase_amount', '--timeout', '5s'],
      env,
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/ecommerce\.purchase_amount\s+gauge\s+rate \(counter\)\s+no/);
    expect(run.stdout).toContain(
      'ecommerce.purchase_amount arrived as a rate (a counter); it should be a gauge → statsd.gauge(name, value, tags)',
    );
  });
});

describe('an intake at its series limit', () => {
  it('keeps the new metric, evicts the oldest, and verify names the limit and what to lower', async () => {
    const small = await startTestIntake({ maxSeries: 5 });
    const statsd = new StatsD({ host: '127.0.0.1', port: small.ports.dogstatsd, maxBufferSize: 0 });
    const send = (name: string, tags: string[]) =>
      new Promise<void>((r) => statsd.increment(name, 1, tags, () => r()));
    await send('ecommerce.purchase_count', ['product_id:1']);
    await new Promise((r) => setTimeout(r, 1100));
    for (let i = 0; i < 12; i++) await send('user.clicks', [`user_id:${i}`]);
    statsd.close();
    await new Promise((r) => setTimeout(r, 200));
    const run = await runCli(project, ['verify', 'metrics', 'ecommerce.purchase_count', '--timeout', '3s'], {
      ...env,
      INTAKE_API_PORT: String(small.ports.api),
    });
    await small.stop();
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /The intake reached its series limit and evicted \d+ series: user\.clicks has \d+ series \(tag user_id\)/,
    );
    const status = small.status().dogstatsd;
    expect(status.series).toBeLessThanOrEqual(5);
    expect(status.evictedSeries).toBeGreaterThan(0);
  });
});

describe('waiting offline', () => {
  it('gives up after about 30 s by default, saying what is missing and what would send it', async () => {
    const started = Date.now();
    const run = await runCli(project, ['verify', 'metrics', '--ecommerce'], env, 90_000);
    const took = Date.now() - started;
    expect(run.code).toBe(1);
    expect(took).toBeGreaterThan(25_000);
    expect(took).toBeLessThan(60_000);
    expect(run.stderr).toContain(
      'Waiting for ecommerce.purchase_amount, ecommerce.purchase_count, ecommerce.processing_time',
    );
    expect(run.stderr).toContain('./ddw traffic purchase');
  });
});

describe('signals', () => {
  it('SIGTERM stops the wait at once, prints what it knows and exits 143', async () => {
    const child = spawn(
      process.execPath,
      [bin, '-C', project, 'verify', 'metrics', '--ecommerce', '--timeout', '5m'],
      {
        env: { PATH: process.env.PATH, FORCE_COLOR: '0', ...env },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    await waitUntil(
      () => stderr,
      (text) => text.includes('Waiting for'),
      'verify to start waiting',
      { intervalMs: 100 },
    );
    const sent = Date.now();
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(Date.now() - sent).toBeLessThan(3_000);
    expect(code).toBe(143);
    expect(stdout).toContain('Stopped before the end of the wait');
    expect(stdout).toContain('ecommerce.purchase_count: not reported in the window');
  });

  it.skipIf(!hasTmux)('the first Ctrl-C stops a spinning verify in a terminal and exits 130', async () => {
    const term = openTerminal(
      'verify-ctrlc',
      `env ${envLine()} ${process.execPath} ${bin} -C ${project} verify metrics --ecommerce --timeout 5m; echo EXIT=$?; sleep 60`,
      { width: 160, height: 30 },
    );
    try {
      await term.waitFor(/Waiting for ecommerce/);
      term.keys('C-c');
      const screen = await term.waitFor(/EXIT=\d+/, 5_000);
      expect(screen).toContain('EXIT=130');
      expect(screen).toContain('Stopped before the end of the wait');
    } finally {
      term.close();
    }
  });

  it('a terminal with no size gets plain lines, and SIGTERM still stops it', async () => {
    // `script` gives the command a pseudo-terminal; with no terminal of its own that has 0×0 size.
    const line = `env ${envLine()} ${process.execPath} ${bin} -C ${project} verify metrics --ecommerce --timeout 5m`;
    const child = spawn('script', ['-qfec', line, '/dev/null'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    await new Promise((r) => setTimeout(r, 6_000));
    const bytes = Buffer.byteLength(out);
    child.kill('SIGTERM');
    const exited = await Promise.race([
      new Promise<boolean>((r) => child.on('exit', () => r(true))),
      new Promise<boolean>((r) => setTimeout(() => r(false), 5_000)),
    ]);
    if (!exited) child.kill('SIGKILL');
    expect(out).toContain('Waiting for ecommerce');
    expect(bytes).toBeLessThan(10_000);
    expect(out).not.toContain('\x1b[1A');
    expect(exited).toBe(true);
  });
});
