/**
 * Lesson 3 in `learn`, in a real 40-row terminal, against a real intake and a shop that sends
 * the lesson's metrics with real hot-shots: the checks pass, and pass again on every re-check
 * (each run buys its own product and looks only at its own window; a run that counted earlier
 * runs' purchases failed correct code forever). The title stays on screen; `q` leaves a summary.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { StatsD } from 'hot-shots';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Intake } from '../../../intake/src/index.js';
import { freePort } from '../../support/free-port.js';
import { startTestIntake } from '../../support/intake.js';
import { runCli } from '../../support/run-cli.js';
import { hasTmux, openTerminal, type Terminal } from '../../support/tmux.js';

const repo = resolve(import.meta.dirname, '../../..');

/** POST /purchase as lesson 3's solution behaves: 201, then the three metrics. */
function shop(statsd: StatsD): Server {
  return createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/purchase') {
        res.writeHead(404).end();
        return;
      }
      const { product_id: product, quantity, price } = JSON.parse(body) as Record<string, number>;
      const amount = Math.round((quantity ?? 1) * (price ?? 1) * 100) / 100;
      const range = amount < 10 ? 'small' : amount < 50 ? 'medium' : amount < 200 ? 'large' : 'premium';
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ amount }));
      statsd.gauge('ecommerce.purchase_amount', amount, [
        'currency:USD',
        `amount_range:${range}`,
        `product_id:${product}`,
      ]);
      statsd.increment('ecommerce.purchase_count', quantity ?? 1, [
        'transaction_type:purchase',
        `product_id:${product}`,
      ]);
      statsd.distribution('ecommerce.processing_time', 0.4, ['operation:purchase']);
    });
  });
}

describe.skipIf(!hasTmux)('learn re-checks lesson 3 with fresh data every time', () => {
  let project: string;
  let intake: Intake;
  let server: Server;
  let statsd: StatsD;
  let term: Terminal;

  beforeAll(async () => {
    project = mkdtempSync(join(tmpdir(), 'ddw-recheck-'));
    cpSync(join(repo, 'lessons'), join(project, 'lessons'), { recursive: true });
    writeFileSync(join(project, 'docker-compose.yml'), 'services: {}\n');
    mkdirSync(join(project, 'webapp/src/routes'), { recursive: true });
    mkdirSync(join(project, 'webapp/src/metrics'), { recursive: true });
    writeFileSync(join(project, 'webapp/src/routes/purchase.ts'), 'export const purchase = 1;\n');
    writeFileSync(join(project, 'webapp/src/metrics/purchase-metrics.ts'), 'export const handler = 1;\n');
    mkdirSync(join(project, '.ddworkshop'));
    const startedAt = new Date(Date.now() - 60_000).toISOString();
    writeFileSync(
      join(project, '.ddworkshop/progress.json'),
      JSON.stringify({
        version: 1,
        current: '03-purchase-metrics',
        lessons: { '03-purchase-metrics': { startedAt } },
      }),
    );
    intake = await startTestIntake();
    statsd = new StatsD({ host: '127.0.0.1', port: intake.ports.dogstatsd, globalTags: ['service:webapp'] });
    server = shop(statsd);
    const webappPort = await freePort();
    await new Promise<void>((r) => server.listen(webappPort, '127.0.0.1', r));
    const env = {
      DDWORKSHOP_OFFLINE: '1',
      WEBAPP_PORT: String(webappPort),
      DD_TRACE_AGENT_PORT: String(intake.ports.trace),
      INTAKE_API_PORT: String(intake.ports.api),
      FORCE_COLOR: '0',
    };
    // Percentiles are off until enabled (as in Datadog), for a metric that has arrived.
    await new Promise<void>((r) =>
      statsd.distribution('ecommerce.processing_time', 1, ['operation:purchase'], () => r()),
    );
    await new Promise((r) => setTimeout(r, 200));
    const enabled = await runCli(project, ['metrics', 'percentiles', 'ecommerce.processing_time'], env);
    expect(enabled.code, enabled.stderr).toBe(0);
    const vars = Object.entries(env)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    term = openTerminal(
      'ddw-recheck',
      `cd ${project} && env ${vars} node ${join(repo, 'bin/ddworkshop.js')} -C ${project} learn --no-reload; echo EXIT=$?; sleep 60`,
      { width: 120, height: 40 },
    );
  });

  afterAll(async () => {
    term?.close();
    server?.close();
    statsd?.close();
    await intake?.stop();
    if (project) rmSync(project, { recursive: true, force: true });
  });

  const visible = () => term.screen();
  const lastId = () =>
    (JSON.parse(readFileSync(join(project, '.ddworkshop/check-ids.json'), 'utf8')) as { last: number }).last;
  const until = async (ok: () => boolean, ms: number) => {
    const deadline = Date.now() + ms;
    while (!ok()) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  it('passes, and keeps the title on a 40-row screen', async () => {
    await term.waitFor(/Lesson 3 passed/, 90_000);
    expect(
      visible()
        .split('\n')
        .find((l) => l.trim()),
    ).toMatch(/Lesson 3\/\d+: Business metrics for purchases/);
    expect(visible()).toMatch(/purchase_count: a counter incremented by quantity\n\s+5 items/);
  });

  it('passes again on c, twice, each run with a product of its own', async () => {
    const first = lastId();
    for (let run = 1; run <= 2; run++) {
      term.keys('c');
      await until(() => lastId() === first + run, 10_000);
      const screen = await term.waitFor(
        new RegExp(`product ${first + run}[\\s\\S]*(Lesson 3 passed|Not yet)`),
        90_000,
      );
      expect(screen).not.toMatch(/adds up to/);
      expect(screen).toMatch(/Lesson 3 passed/);
    }
  });

  it('q leaves the screen as it was and says where the student stands', async () => {
    term.keys('q');
    const screen = await term.waitFor(/EXIT=0/, 10_000);
    expect(screen).toContain('Lesson 3: Business metrics for purchases — passed');
  });
});
