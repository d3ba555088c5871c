/**
 * A drill on a real webapp and a real intake: `ddw drill start` turns a fault on through the
 * webapp's OpenFeature flags (no restart), the fault shows in the data, `drill answer` grades the
 * cause and the evidence trace through the API, `drill stop` removes the fault.
 */
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isOurs, readPid } from '../../../cli/local/processes.js';
import type { Intake } from '../../../intake/src/index.js';
import { startTestIntake, webappAgentEnv } from '../../support/intake.js';
import { startPostgres, type TestPostgres, WORKSHOP_POSTGRES } from '../../support/postgres.js';
import { repo } from '../../support/project-copy.js';
import { runCli } from '../../support/run-cli.js';
import { waitUntil } from '../../support/wait-until.js';
import { startWebapp, type WebappProcess } from '../../support/webapp-process.js';

let project: string;
let intake: Intake;
let pgServer: TestPostgres;
let app: WebappProcess;
let env: Record<string, string>;

/** The course passed, as drills require: every lesson's slug with a pass time. */
function courseDone(dir: string): void {
  const slugs = readdirSync(join(repo, 'lessons'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
  const lessons = Object.fromEntries(slugs.map((slug) => [slug, { passedAt: '2026-12-01T10:00:00.000Z' }]));
  writeFileSync(join(dir, '.ddworkshop/progress.json'), JSON.stringify({ version: 1, lessons }));
}

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), 'ddw-drill-'));
  // The workshop's compose file (the database's roles) and course (what drills require).
  cpSync(join(repo, 'docker-compose.yml'), join(project, 'docker-compose.yml'));
  symlinkSync(join(repo, 'lessons'), join(project, 'lessons'));
  mkdirSync(join(project, '.ddworkshop/drills'), { recursive: true });
  courseDone(project);
  [pgServer, intake] = await Promise.all([startPostgres(WORKSHOP_POSTGRES), startTestIntake()]);
  app = await startWebapp({
    ...pgServer.env,
    ...webappAgentEnv(intake),
    DD_TRACE_FLUSH_INTERVAL: '100',
    DD_RUNTIME_METRICS_ENABLED: 'true',
    DDWORKSHOP_FLAGS_FILE: join(project, '.ddworkshop/drills/flags.json'),
  });
  env = {
    DDWORKSHOP_OFFLINE: '1',
    WEBAPP_PORT: new URL(app.url).port,
    POSTGRES_PORT: String(pgServer.port),
    INTAKE_API_PORT: String(intake.ports.api),
    DD_TRACE_AGENT_PORT: String(intake.ports.trace),
  };
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await intake?.stop();
  await pgServer?.stop();
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
    // A look at the failing spans, as the console's trace search makes it: the time to detect.
    expect((await runCli(project, ['drill', 'status'], env)).stdout).toContain('No look at the fault yet');
    const look = await fetch(`http://127.0.0.1:${intake.ports.api}/api/v2/spans/events/search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'dd-api-key': 'k', 'dd-application-key': 'k' },
      body: JSON.stringify({
        data: { type: 'search_request', attributes: { filter: { query: 'status:error', from: 'now-15m' } } },
      }),
    });
    expect(look.status).toBe(200);
    expect((await runCli(project, ['drill', 'status'], env)).stdout).toMatch(
      /first look at the fault after 0 min \d+ s \(spans: status:error\)/,
    );
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

  it('starts only once the course is passed, naming the lesson missing', async () => {
    const progress = join(project, '.ddworkshop/progress.json');
    const done = readFileSync(progress, 'utf8');
    const lessons = (JSON.parse(done) as { lessons: Record<string, object> }).lessons;
    delete lessons['04-test-and-verify'];
    writeFileSync(progress, JSON.stringify({ version: 1, lessons }));
    try {
      const start = await runCli(project, ['drill', 'start', 'slow-users', '--no-traffic'], env);
      expect(start.code).toBe(1);
      expect(start.stderr).toMatch(/lesson 4 \(Test and verify your metrics\) is not passed yet/);
    } finally {
      writeFileSync(progress, done);
    }
  });

  it('slow-product-page: lesson 9’s index dropped, the statement graded on the database, the index back', async () => {
    await sql('CREATE INDEX IF NOT EXISTS purchases_product_id_idx ON purchases (product_id)');
    const start = await runCli(project, ['drill', 'start', 'slow-product-page', '--no-traffic'], env);
    expect(start.code, start.stderr).toBe(0);
    expect(await indexes()).not.toContain('purchases_product_id_idx');
    const statement =
      'SELECT id, user_id, quantity, amount, created_at FROM purchases WHERE product_id = $1 ORDER BY created_at DESC LIMIT 20';
    const wrong = await runCli(
      project,
      ['drill', 'answer', '--table', 'purchases', '--statement', 'SELECT id FROM users WHERE id = $1'],
      env,
    );
    expect(wrong.stdout).toMatch(/through an index, not row by row/);
    const right = await runCli(
      project,
      ['drill', 'answer', '--table', 'purchases', '--statement', statement],
      env,
    );
    expect(right.code, right.stdout + right.stderr).toBe(0);
    const stop = await runCli(project, ['drill', 'stop'], env);
    expect(stop.code, stop.stderr).toBe(0);
    expect(await indexes()).toContain('purchases_product_id_idx');
  }, 90_000);

  it('users-n-plus-one: one query per user in the users page’s trace, which is the evidence', async () => {
    const start = await runCli(project, ['drill', 'start', 'users-n-plus-one', '--no-traffic'], env);
    expect(start.code, start.stderr).toBe(0);
    const trace = await waitUntil(
      async () => {
        await fetch(`${app.url}/users`);
        const [request] = intake.spans.search(
          'resource_name:"GET /users"',
          Date.now() - 5_000,
          Date.now() + 60_000,
          1,
        );
        const all = request
          ? intake.spans.search(`trace_id:${request.traceId}`, 0, Date.now() + 60_000, 500)
          : [];
        return {
          id: request?.traceId ?? '',
          queries: all.filter((s) => s.resource.includes('user_id')).length,
        };
      },
      (t) => t.queries >= 50,
      'a users trace with a query per user',
    );
    const answer = await runCli(
      project,
      ['drill', 'answer', '--route', '/users', '--table', 'purchases', '--trace', trace.id],
      env,
    );
    expect(answer.code, answer.stdout + answer.stderr).toBe(0);
    await runCli(project, ['drill', 'stop'], env);
  }, 90_000);

  it('metrics-stopped: the webapp’s metrics go elsewhere while its traces go on, until stop', async () => {
    const counted = () =>
      intake.engine
        .query(
          'sum:request_count{endpoint:/health}.as_count()',
          Math.floor(Date.now() / 1000) - 600,
          Math.ceil(Date.now() / 1000) + 10,
        )
        .flatMap((s) => s.points)
        .reduce((sum, [, v]) => sum + v, 0);
    const health = async (n: number) => {
      for (let i = 0; i < n; i++) await fetch(`${app.url}/health`);
    };
    const start = await runCli(project, ['drill', 'start', 'metrics-stopped', '--no-traffic'], env);
    expect(start.code, start.stderr).toBe(0);
    await new Promise((r) => setTimeout(r, 1_500)); // the flag file is polled every 500 ms
    const before = counted();
    const spansBefore = intake.spans.search(
      'resource_name:"GET /health"',
      0,
      Date.now() + 60_000,
      10_000,
    ).length;
    await health(20);
    await waitUntil(
      () => intake.spans.search('resource_name:"GET /health"', 0, Date.now() + 60_000, 10_000).length,
      (n) => n >= spansBefore + 20,
      'the traces of the requests',
    );
    await new Promise((r) => setTimeout(r, 2_000)); // hot-shots flushes every second
    expect(counted()).toBe(before);
    const wrong = await runCli(project, ['drill', 'answer', '--cause', 'database'], env);
    expect(wrong.stdout).toContain('that is not what is wrong');
    await runCli(project, ['drill', 'stop'], env);
    await waitUntil(
      async () => {
        await health(5);
        return counted();
      },
      (n) => n > before,
      'the metrics to arrive again',
    );
  }, 90_000);

  it('memory-leak: the runtime metrics show the webapp growing; stop restarts nothing it cannot', async () => {
    const rss = () =>
      intake.engine
        .query(
          'max:runtime.node.mem.rss{service:webapp}',
          Math.floor(Date.now() / 1000) - 600,
          Math.ceil(Date.now() / 1000) + 10,
        )
        .flatMap((s) => s.points);
    await waitUntil(rss, (points) => points.length > 0, 'the first runtime metrics', { timeoutMs: 30_000 });
    const start = await runCli(project, ['drill', 'start', 'memory-leak', '--no-traffic'], env);
    expect(start.code, start.stderr).toBe(0);
    const startedMs = Date.parse(
      (JSON.parse(readFileSync(join(project, '.ddworkshop/drill.json'), 'utf8')) as { startedAt: string })
        .startedAt,
    );
    // Growth as the answer measures it: the latest point over the last one of the drill's start.
    const growth = () => {
      const points = rss();
      const before = points.filter(([atMs]) => atMs <= startedMs).at(-1)?.[1];
      const last = points.at(-1);
      return before === undefined || !last || last[0] <= startedMs ? 0 : last[1] - before;
    };
    await waitUntil(
      async () => {
        for (let i = 0; i < 20; i++) await fetch(`${app.url}/health`);
        return growth();
      },
      (grown) => grown >= 25 * 1024 * 1024,
      'the webapp to grow',
      { timeoutMs: 60_000 },
    );
    const answer = await runCli(
      project,
      ['drill', 'answer', '--metric', 'runtime.node.mem.rss', '--cause', 'leak'],
      env,
    );
    expect(answer.code, answer.stdout + answer.stderr).toBe(0);
    // The webapp of this test is not a stack the CLI started: stop says how to restart it.
    const stop = await runCli(project, ['drill', 'stop'], env);
    expect(stop.code).toBe(0);
    expect(stop.stdout).toMatch(/The webapp was not restarted .*up --build/);
  }, 120_000);
});

async function sql(text: string): Promise<Array<Record<string, unknown>>> {
  const client = new pg.Client({
    host: '127.0.0.1',
    port: pgServer.port,
    user: pgServer.user,
    password: pgServer.password,
    database: pgServer.database,
  });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

async function indexes(): Promise<string[]> {
  return (await sql("SELECT indexname FROM pg_indexes WHERE tablename = 'purchases'")).map((r) =>
    String(r.indexname),
  );
}
