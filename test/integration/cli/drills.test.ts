/**
 * The drills, each proved by a solver, the way the course's authoring test proves each lesson: on
 * a real webapp, intake and PostgreSQL, `ddw drill start` turns the fault on (no restart), the
 * solver investigates only through the Datadog API (the real @datadog/datadog-api-client against
 * the intake), answers with the evidence it found — graded right — after a wrong cause or
 * evidence graded wrong with its reason; `drill stop` leaves the flags, the database's indexes
 * and the student's code exactly as before.
 */
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
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
import { client, v1, v2 } from '@datadog/datadog-api-client';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDrill } from '../../../cli/drills/scenarios.js';
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
let api: ReturnType<typeof datadogApi>;

/** The course passed, as drills require: every lesson's slug with a pass time. */
function courseDone(dir: string): void {
  const slugs = readdirSync(join(repo, 'lessons'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
  const lessons = Object.fromEntries(slugs.map((slug) => [slug, { passedAt: '2026-12-01T10:00:00.000Z' }]));
  writeFileSync(join(dir, '.ddworkshop/progress.json'), JSON.stringify({ version: 1, lessons }));
}

/** The Datadog API as a student's script would call it, pointed at the intake. */
function datadogApi(port: number) {
  const configuration = client.createConfiguration({
    authMethods: { apiKeyAuth: 'k', appKeyAuth: 'k' },
    baseServer: new client.BaseServerConfiguration(`http://127.0.0.1:${port}`, {}),
    httpConfig: { compress: false },
  });
  const spans = new v2.SpansApi(configuration);
  const logs = new v2.LogsApi(configuration);
  const metrics = new v1.MetricsApi(configuration);
  const metricsV2 = new v2.MetricsApi(configuration);
  const monitors = new v1.MonitorsApi(configuration);
  const from = 'now-15m';
  return {
    spans: async (query: string, limit = 1000) =>
      ((await spans.listSpansGet({ filterQuery: query, filterFrom: from, pageLimit: limit })).data ?? []).map(
        (s) => s.attributes ?? {},
      ),
    logs: async (query: string) =>
      (
        (
          await logs.listLogsGet({
            filterQuery: query,
            filterFrom: new Date(Date.now() - 900_000),
            pageLimit: 1000,
          })
        ).data ?? []
      ).map((l) => l.attributes ?? {}),
    points: async (query: string) => {
      const now = Math.floor(Date.now() / 1000);
      const res = await metrics.queryMetrics({ from: now - 600, to: now + 10, query });
      return (res.series ?? []).flatMap((s) => (s.pointlist ?? []) as Array<[number, number | null]>);
    },
    activeMetrics: async () =>
      (await metrics.listActiveMetrics({ from: Math.floor(Date.now() / 1000) - 600 })).metrics ?? [],
    distinctVolume: async (name: string) => {
      const res = await metricsV2.listVolumesByMetricName({ metricName: name });
      return (
        (res.data as { attributes?: { distinctVolume?: number } } | undefined)?.attributes?.distinctVolume ??
        0
      );
    },
    tags: async (name: string) =>
      (await metricsV2.listTagsByMetricName({ metricName: name })).data?.attributes?.tags ?? [],
    /** The monitors a drill pushed (tagged as its own). */
    drillMonitors: async (name: string) =>
      (await monitors.listMonitors({})).filter((m) => m.tags?.includes(`ddworkshop-drill:${name}`)),
  };
}

const durationMs = (s: { startTimestamp?: Date; endTimestamp?: Date }) =>
  (s.endTimestamp?.getTime() ?? 0) - (s.startTimestamp?.getTime() ?? 0);

const hash = (dir: string): string => {
  const h = createHash('sha256');
  for (const f of readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .sort())
    h.update(readFileSync(join(f.parentPath, f.name)));
  return h.digest('hex');
};

/** What `drill stop` must leave as it was: the flags, the database's indexes, the student's code. */
async function restorable() {
  const flags = join(project, '.ddworkshop/drills/flags.json');
  return {
    flags: existsSync(flags) ? readFileSync(flags, 'utf8') : '',
    indexes: (
      await sql("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1")
    ).map((r) => `${r.indexname}: ${r.indexdef}`),
    code: hash(join(project, 'webapp/src')),
  };
}

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), 'ddw-drill-'));
  // The workshop's compose file (the database's roles) and course (what drills require), and the
  // student's own code, which no drill may touch.
  cpSync(join(repo, 'docker-compose.yml'), join(project, 'docker-compose.yml'));
  symlinkSync(join(repo, 'lessons'), join(project, 'lessons'));
  symlinkSync(join(repo, 'drills'), join(project, 'drills'));
  cpSync(join(repo, 'webapp/src'), join(project, 'webapp/src'), { recursive: true });
  mkdirSync(join(project, '.ddworkshop/drills'), { recursive: true });
  courseDone(project);
  const logFile = join(project, 'webapp.log');
  writeFileSync(logFile, '');
  [pgServer, intake] = await Promise.all([
    startPostgres(WORKSHOP_POSTGRES),
    startTestIntake({ logFiles: [{ path: logFile, service: 'webapp', source: 'nodejs' }] }),
  ]);
  app = await startWebapp(
    {
      ...pgServer.env,
      ...webappAgentEnv(intake),
      DD_TRACE_FLUSH_INTERVAL: '100',
      DD_RUNTIME_METRICS_ENABLED: 'true',
      DDWORKSHOP_FLAGS_FILE: join(project, '.ddworkshop/drills/flags.json'),
    },
    { logFile },
  );
  // Lesson 9's index, as the course leaves the database.
  await sql('CREATE INDEX IF NOT EXISTS purchases_product_id_idx ON purchases (product_id)');
  api = datadogApi(intake.ports.api);
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

const drill = (...args: string[]) => runCli(project, ['drill', ...args], env);
const get = async (path: string, n = 1) => {
  for (let i = 0; i < n; i++) await (await fetch(`${app.url}${path}`)).arrayBuffer();
};
const buy = (product: number) =>
  fetch(`${app.url}/purchase`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user_id: 1, product_id: product, quantity: 1, price: 10 }),
  }).then((r) => r.status);

/**
 * One drill from start to stop: `investigate` finds the answer through the API (with a wrong
 * one and the reason it must be refused with); the state after stop is compared with before.
 */
async function solve(
  name: string,
  investigate: () => Promise<{ right: string[]; wrong: string[]; refusedFor: RegExp }>,
): Promise<void> {
  const before = await restorable();
  const start = await drill('start', name, '--no-traffic');
  expect(start.code, start.stderr).toBe(0);
  expect(start.stdout).toContain('Incident:');
  // The monitor that makes it detectable, where one is evaluated offline.
  const pushed = await api.drillMonitors(name);
  expect(pushed.length, `${name}'s monitor`).toBe(findDrill(name)?.monitor ? 1 : 0);
  try {
    const { right, wrong, refusedFor } = await investigate();
    const no = await drill('answer', ...wrong);
    expect(no.code, no.stdout).toBe(1);
    expect(no.stdout).toMatch(refusedFor);
    const yes = await drill('answer', ...right);
    expect(yes.code, yes.stdout + yes.stderr).toBe(0);
    expect(yes.stdout).toMatch(/Solved in \d+ min \d+ s, with evidence the data holds/);
  } finally {
    const stop = await drill('stop');
    expect(stop.code, stop.stderr).toBe(0);
  }
  const after = await restorable();
  expect(after.indexes).toEqual(before.indexes);
  expect(after.code).toBe(before.code);
  expect(JSON.parse(after.flags || '{}')).toEqual({});
  expect(await api.drillMonitors(name)).toEqual([]);
}

describe('each drill, solved through the Datadog API', () => {
  it('checkout-errors: the failing purchases’ spans, and the logs that name the product', async () => {
    await solve('checkout-errors', async () => {
      const failed = await waitUntil(
        async () => {
          for (let p = 1; p <= 10; p++) await buy(p);
          return api.spans('status:error resource_name:"POST /purchase"');
        },
        (spans) => spans.length > 0,
        'a failed purchase in the spans',
      );
      const logs = await waitUntil(
        () => api.logs('status:error declined'),
        (found) => found.length > 0,
        'the error log of a declined purchase',
      );
      const product = Number((logs[0]?.attributes as Record<string, unknown>)?.product_id);
      const trace = failed[0]?.traceId ?? '';
      return {
        right: ['--product', String(product), '--trace', trace],
        wrong: ['--product', String(product === 1 ? 2 : 1), '--trace', trace],
        refusedFor: /is not the one that fails/,
      };
    });
  }, 90_000);

  it('slow-users: the slow users page’s trace, and its slowest span', async () => {
    await solve('slow-users', async () => {
      const slow = await waitUntil(
        async () => {
          await get('/users');
          return (await api.spans('resource_name:"GET /users"')).filter((s) => durationMs(s) >= 1_000);
        },
        (spans) => spans.length > 0,
        'a slow GET /users',
      );
      const trace = slow[0]?.traceId ?? '';
      const inTrace = await api.spans(`trace_id:${trace}`);
      const children = inTrace.filter((s) => s.spanId !== slow[0]?.spanId);
      const slowest = children.sort((a, b) => durationMs(b) - durationMs(a))[0];
      return {
        right: ['--route', '/users', '--span', slowest?.service ?? '', '--trace', trace],
        wrong: ['--route', '/users', '--span', 'pg.query', '--trace', trace],
        refusedFor: /is not the operation that takes the time/,
      };
    });
  }, 90_000);

  it('metric-cardinality: the metric with the most series, and its tag with the most values', async () => {
    await solve('metric-cardinality', async () => {
      await waitUntil(
        async () => {
          await get('/health', 30);
          return (await api.activeMetrics()).includes('webapp.page_views')
            ? api.distinctVolume('webapp.page_views')
            : 0;
        },
        (series) => series >= 25,
        'the metric’s series to pile up',
      );
      const volumes = await Promise.all(
        (await api.activeMetrics()).map(async (m) => [m, await api.distinctVolume(m)] as const),
      );
      const metric = [...volumes].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
      const values = new Map<string, number>();
      for (const tag of await api.tags(metric)) {
        const key = tag.split(':')[0] ?? '';
        values.set(key, (values.get(key) ?? 0) + 1);
      }
      const tag = [...values].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
      return {
        right: ['--metric', metric, '--tag', tag],
        wrong: ['--metric', metric, '--tag', 'path'],
        refusedFor: /path is not the tag with too many values/,
      };
    });
  }, 90_000);

  it('error-log-flood: the error line that repeats', async () => {
    await solve('error-log-flood', async () => {
      const errors = await waitUntil(
        async () => {
          await get('/health', 3);
          return api.logs('status:error');
        },
        (found) => found.length >= 40,
        'the error logs',
      );
      const counts = new Map<string, number>();
      for (const l of errors) counts.set(l.message ?? '', (counts.get(l.message ?? '') ?? 0) + 1);
      const message = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
      return {
        right: ['--message', message],
        wrong: ['--message', 'unhandled error'],
        refusedFor: /is not the line that floods/,
      };
    });
  }, 90_000);

  it('slow-product-page: the slowest database span is the statement, read row by row', async () => {
    await solve('slow-product-page', async () => {
      // The slowest product page's trace, and the database span in it.
      const pages = await waitUntil(
        async () => {
          for (let p = 1; p <= 5; p++) await get(`/purchases?product_id=${p * 97}`);
          return api.spans('resource_name:"GET /purchases"');
        },
        (spans) => spans.length >= 5,
        'the product pages’ traces',
      );
      const slowestPage = pages.sort((a, b) => durationMs(b) - durationMs(a))[0];
      const inTrace = await api.spans(`trace_id:${slowestPage?.traceId ?? ''}`);
      const statement = inTrace.find((sp) => sp.service === 'webapp-postgres')?.resourceName ?? '';
      const table = /FROM\s+(\w+)/i.exec(statement)?.[1] ?? '';
      return {
        right: ['--table', table, '--statement', statement],
        wrong: ['--table', table, '--statement', 'SELECT id, username FROM users WHERE id = $1'],
        refusedFor: /through an index, not row by row/,
      };
    });
  }, 90_000);

  it('users-n-plus-one: the users page’s trace holds one query per user', async () => {
    await solve('users-n-plus-one', async () => {
      const request = await waitUntil(
        async () => {
          await get('/users');
          const pages = await api.spans('resource_name:"GET /users"');
          const traces = await Promise.all(pages.map((p) => api.spans(`trace_id:${p.traceId}`)));
          return traces.find((t) => t.length > 20) ?? [];
        },
        (trace) => trace.length > 20,
        'a users trace with many queries',
      );
      const repeated = new Map<string, number>();
      for (const s of request.filter((s) => s.service === 'webapp-postgres'))
        repeated.set(s.resourceName ?? '', (repeated.get(s.resourceName ?? '') ?? 0) + 1);
      const statement = [...repeated].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
      const trace = request[0]?.traceId ?? '';
      const table = /FROM\s+(\w+)/i.exec(statement)?.[1] ?? '';
      return {
        right: ['--route', '/users', '--table', table, '--trace', trace],
        wrong: ['--route', '/users', '--table', 'users', '--trace', trace],
        refusedFor: /users is not the table queried again and again/,
      };
    });
  }, 90_000);

  it('metrics-stopped: request_count falls silent while the traces go on', async () => {
    await solve('metrics-stopped', async () => {
      // Requests in whole 10 s intervals after the start: traces arrive, request_count does not.
      const started = Date.now();
      await waitUntil(
        async () => {
          await get('/health', 5);
          const after = Math.floor(started / 10_000) * 10_000 + 10_000;
          const counted = (await api.points('sum:request_count{service:webapp}.as_count().rollup(sum, 10)'))
            .filter(([t]) => t >= after)
            .reduce((sum, [, v]) => sum + (v ?? 0), 0);
          const traced = (await api.spans('service:webapp resource_name:"GET /health"')).length;
          return { counted, traced, late: Date.now() >= after + 2_000 };
        },
        (r) => r.late && r.traced > 0 && r.counted === 0,
        'traces without request_count',
        { timeoutMs: 30_000 },
      );
      return {
        right: ['--cause', 'dogstatsd-address'],
        wrong: ['--cause', 'trace-agent'],
        refusedFor: /that is not what is wrong/,
      };
    });
  }, 90_000);

  it('memory-leak: the webapp’s runtime memory climbs with every request', async () => {
    await solve('memory-leak', async () => {
      const started = Date.now();
      const growth = async () => {
        const points = await api.points('max:runtime.node.mem.rss{service:webapp}.rollup(max, 10)');
        const before = points.filter(([t]) => t <= started).at(-1)?.[1];
        const last = points.at(-1);
        return before == null || !last || last[0] <= started ? 0 : (last[1] ?? 0) - before;
      };
      await waitUntil(
        async () => {
          await get('/health', 20);
          return growth();
        },
        (grown) => grown >= 25 * 1024 * 1024,
        'the webapp’s memory to climb',
        { timeoutMs: 60_000 },
      );
      return {
        right: ['--metric', 'runtime.node.mem.rss', '--cause', 'leak'],
        wrong: ['--metric', 'runtime.node.mem.rss', '--cause', 'traffic'],
        refusedFor: /that is not what is happening/,
      };
    });
  }, 120_000);
});

describe('the drill commands', () => {
  it('start only once the course is passed, naming the lesson missing', async () => {
    const progress = join(project, '.ddworkshop/progress.json');
    const done = readFileSync(progress, 'utf8');
    const lessons = (JSON.parse(done) as { lessons: Record<string, object> }).lessons;
    delete lessons['04-test-and-verify'];
    writeFileSync(progress, JSON.stringify({ version: 1, lessons }));
    try {
      const start = await drill('start', 'slow-users', '--no-traffic');
      expect(start.code).toBe(1);
      expect(start.stderr).toMatch(/lesson 4 \(Test and verify your metrics\) is not passed yet/);
    } finally {
      writeFileSync(progress, done);
    }
  });

  it('refuse a second drill while one runs, and an answer with no drill running', async () => {
    expect((await drill('answer', '--product', '1')).stderr).toContain('No drill is running');
    await drill('start', 'error-log-flood', '--no-traffic');
    const again = await drill('start', 'slow-users', '--no-traffic');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('The drill error-log-flood is running');
    await drill('stop');
  });

  it('show the briefing, and the hints one at a time', async () => {
    await drill('start', 'slow-users', '--no-traffic');
    try {
      expect((await drill('show')).stdout).toContain('Drill: the users page is slow');
      const first = (await drill('hint')).stdout;
      expect(first).toMatch(/Hint 1\/3/);
      expect(first).not.toMatch(/Hint 2\/3/);
      expect((await drill('hint')).stdout).toMatch(/Hint 2\/3/);
      expect((await drill('hint', '--all')).stdout).toMatch(/Hint 3\/3/);
    } finally {
      await drill('stop');
    }
  });

  it('tell the time to detect from the first look that touches the fault', async () => {
    await drill('start', 'checkout-errors', '--no-traffic');
    try {
      expect((await drill('status')).stdout).toContain('No look at the fault yet');
      await api.spans('status:error');
      expect((await drill('status')).stdout).toMatch(
        /first look at the fault after 0 min \d+ s \(spans: status:error\)/,
      );
    } finally {
      await drill('stop');
    }
  });

  it('run the drill’s own traffic in the background, and stop it with the drill', async () => {
    const start = await drill('start', 'metric-cardinality');
    expect(start.code, start.stderr).toBe(0);
    const traffic = await readPid(join(project, '.ddworkshop'), 'drill-traffic');
    expect(await isOurs(traffic)).toBe(true);
    await waitUntil(
      () => intake.engine.contexts('webapp.page_views')?.length ?? 0,
      (n) => n >= 25,
      'the traffic to tag webapp.page_views with user ids',
      { timeoutMs: 30_000 },
    );
    await drill('stop');
    await waitUntil(
      () => isOurs(traffic),
      (alive) => !alive,
      'the drill traffic to stop',
    );
  }, 90_000);
});

async function sql(text: string): Promise<Array<Record<string, unknown>>> {
  const db = new pg.Client({ connectionString: pgServer.url });
  await db.connect();
  try {
    return (await db.query(text)).rows;
  } finally {
    await db.end();
  }
}
