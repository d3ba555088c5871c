/**
 * A drill on a real webapp and a real intake: `ddw drill start` turns a fault on through the
 * webapp's OpenFeature flags (no restart), the fault shows in the data, `drill answer` grades the
 * cause and the evidence trace through the API, `drill stop` removes the fault.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isOurs, readPid } from '../../../cli/local/processes.js';
import type { Intake } from '../../../intake/src/index.js';
import { startTestIntake, webappAgentEnv } from '../../support/intake.js';
import { startPostgres, type TestPostgres } from '../../support/postgres.js';
import { runCli } from '../../support/run-cli.js';
import { waitUntil } from '../../support/wait-until.js';
import { startWebapp, type WebappProcess } from '../../support/webapp-process.js';

let project: string;
let intake: Intake;
let pg: TestPostgres;
let app: WebappProcess;
let env: Record<string, string>;

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), 'ddw-drill-'));
  writeFileSync(join(project, 'docker-compose.yml'), 'services: {}\n');
  mkdirSync(join(project, '.ddworkshop/drills'), { recursive: true });
  [pg, intake] = await Promise.all([startPostgres(), startTestIntake()]);
  app = await startWebapp({
    ...pg.env,
    ...webappAgentEnv(intake),
    DD_TRACE_FLUSH_INTERVAL: '100',
    DDWORKSHOP_FLAGS_FILE: join(project, '.ddworkshop/drills/flags.json'),
  });
  env = {
    DDWORKSHOP_OFFLINE: '1',
    WEBAPP_PORT: new URL(app.url).port,
    INTAKE_API_PORT: String(intake.ports.api),
    DD_TRACE_AGENT_PORT: String(intake.ports.trace),
  };
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await intake?.stop();
  await pg?.stop();
  rmSync(project, { recursive: true, force: true });
});

const buy = (product: number) =>
  fetch(`${app.url}/purchase`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user_id: 1, product_id: product, quantity: 1, price: 10 }),
  }).then((r) => r.status);

describe('a drill', () => {
  afterEach(async () => {
    await runCli(project, ['drill', 'stop'], env);
  });

  it('checkout-errors: one product fails once it starts, the answer is graded, stop removes it', async () => {
    expect(await buy(3)).not.toBe(500);
    const start = await runCli(project, ['drill', 'start', 'checkout-errors', '--no-traffic'], env);
    expect(start.code, start.stderr).toBe(0);
    expect(start.stdout).toContain('Incident: Some customers cannot check out');
    const product = (
      JSON.parse(readFileSync(join(project, '.ddworkshop/drill.json'), 'utf8')) as {
        flags: Record<string, number>;
      }
    ).flags['drill.failing-product'] as number;
    // The webapp reloads its flags within a second, without a restart.
    await waitUntil(
      () => buy(product),
      (s) => s === 500,
      'the fault to show',
    );
    expect(await buy(product === 1 ? 2 : 1)).not.toBe(500);
    const failed = await waitUntil(
      () => intake.spans.search('status:error resource_name:"POST /purchase"', 0, Date.now() + 60_000, 5),
      (spans) => spans.length > 0,
      'a failed purchase span',
    );
    const trace = failed[0]?.traceId ?? '';
    const wrong = await runCli(
      project,
      ['drill', 'answer', '--product', String(product + 1), '--trace', trace],
      env,
    );
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain(`product ${product + 1} is not the one that fails`);
    const right = await runCli(
      project,
      ['drill', 'answer', '--product', String(product), '--trace', trace],
      env,
    );
    expect(right.code, right.stdout + right.stderr).toBe(0);
    expect(right.stdout).toMatch(/Solved in \d+ min \d+ s/);
    const status = await runCli(project, ['drill', 'status'], env);
    expect(status.stdout).toMatch(/checkout-errors: solved in .*; 2 answer\(s\) given/);
    const stop = await runCli(project, ['drill', 'stop'], env);
    expect(stop.code).toBe(0);
    await waitUntil(
      () => buy(product),
      (s) => s !== 500,
      'the fault to go',
    );
  }, 90_000);

  it('slow-users: a downstream span of over a second on /users only, its trace the evidence', async () => {
    const start = await runCli(project, ['drill', 'start', 'slow-users', '--no-traffic'], env);
    expect(start.code, start.stderr).toBe(0);
    await waitUntil(
      async () => {
        const t = performance.now();
        await fetch(`${app.url}/users`);
        return performance.now() - t;
      },
      (ms) => ms >= 1_100,
      'GET /users to be slow',
    );
    const spans = await waitUntil(
      () => intake.spans.search('operation_name:inventory.lookup', 0, Date.now() + 60_000, 5),
      (s) => s.length > 0,
      'the downstream span',
    );
    const answer = await runCli(
      project,
      [
        'drill',
        'answer',
        '--route',
        '/users',
        '--span',
        'inventory.lookup',
        '--trace',
        spans[0]?.traceId ?? '',
      ],
      env,
    );
    expect(answer.code, answer.stdout + answer.stderr).toBe(0);
    await runCli(project, ['drill', 'stop'], env);
  }, 90_000);

  it('metric-cardinality: its own background traffic explodes the metric; stop stops the traffic', async () => {
    const start = await runCli(project, ['drill', 'start', 'metric-cardinality'], env);
    expect(start.code, start.stderr).toBe(0);
    const traffic = await readPid(join(project, '.ddworkshop'), 'drill-traffic');
    expect(await isOurs(traffic)).toBe(true);
    await waitUntil(
      () => intake.engine.contexts('webapp.page_views')?.length ?? 0,
      (n) => n >= 25,
      'the traffic to tag webapp.page_views with user ids',
      { timeoutMs: 30_000 },
    );
    const answer = await runCli(
      project,
      ['drill', 'answer', '--metric', 'webapp.page_views', '--tag', 'user_id'],
      env,
    );
    expect(answer.code, answer.stdout + answer.stderr).toBe(0);
    await runCli(project, ['drill', 'stop'], env);
    await waitUntil(
      () => isOurs(traffic),
      (alive) => !alive,
      'the drill traffic to stop',
    );
  }, 90_000);

  it('refuses a second drill while one runs, and an answer with no drill running', async () => {
    expect((await runCli(project, ['drill', 'answer', '--product', '1'], env)).stderr).toContain(
      'No drill is running',
    );
    await runCli(project, ['drill', 'start', 'error-log-flood', '--no-traffic'], env);
    const again = await runCli(project, ['drill', 'start', 'slow-users', '--no-traffic'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('The drill error-log-flood is running');
    await runCli(project, ['drill', 'stop'], env);
  });
});
