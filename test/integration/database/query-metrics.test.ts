/**
 * Database Monitoring offline, end to end with real parts: the compose file's PostgreSQL setup
 * (pg_stat_statements, the datadog user, datadog.explain_statement), the real webapp with
 * dd-trace (DBM propagation on) reading its seeded purchases, the intake's postgres check
 * producing query metrics read back through the real API client, explain plans before and after
 * an index, the pg.query spans matched to a statement, and a catalogue that stays bounded.
 */
import { client, v1 } from '@datadog/datadog-api-client';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Intake } from '../../../intake/src/index.js';
import { startTestIntake, webappAgentEnv } from '../../support/intake.js';
import { startPostgres, type TestPostgres, WORKSHOP_POSTGRES } from '../../support/postgres.js';
import { waitUntil } from '../../support/wait-until.js';
import { startWebapp, type WebappProcess } from '../../support/webapp-process.js';

let db: TestPostgres;
let intake: Intake;
let webapp: WebappProcess;
let metrics: v1.MetricsApi;
let base: string;
const headers = { 'dd-api-key': 'k', 'dd-application-key': 'k' };
const getJson = async (path: string) => {
  const res = await fetch(`${base}${path}`, { headers });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const now = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  db = await startPostgres(WORKSHOP_POSTGRES);
  intake = await startTestIntake({
    postgresUrl: `postgres://datadog:datadog@127.0.0.1:${db.port}/postgres`,
    checkIntervalMs: 500,
    postgresRelations: ['purchases'],
  });
  base = `http://127.0.0.1:${intake.ports.api}`;
  webapp = await startWebapp({
    ...db.env,
    ...webappAgentEnv(intake),
    DD_DBM_PROPAGATION_MODE: 'full',
    DD_SERVICE: 'webapp',
  });
  metrics = new v1.MetricsApi(
    client.createConfiguration({
      authMethods: { apiKeyAuth: 'k', appKeyAuth: 'k' },
      baseServer: new client.BaseServerConfiguration(base, {}),
      httpConfig: { compress: false },
    }),
  );
}, 90_000);

afterAll(async () => {
  await webapp?.stop();
  await intake?.stop();
  await db?.stop();
});

interface Statement {
  signature: string;
  query: string;
  calls: number;
  sharedBlksHit: number;
  sharedBlksRead: number;
}

async function productStatement(minCalls: number): Promise<Statement> {
  const found = await waitUntil(
    async () => ((await getJson('/intake/database/statements')).body.statements as Statement[]) ?? [],
    (list) =>
      list.some((s) => s.query.includes('FROM purchases WHERE product_id = ?') && s.calls >= minCalls),
    `the purchases statement with ${minCalls} calls`,
  );
  return found.find((s) => s.query.includes('FROM purchases WHERE product_id = ?')) as Statement;
}

describe('database monitoring offline', () => {
  it('turns pg_stat_statements into query metrics with the agent’s names and no literal in a tag', async () => {
    await waitUntil(
      async () => intake.status().collector.find((c) => c.name === 'postgres')?.runs ?? 0,
      (runs) => runs >= 2,
      'a baseline reading',
    );
    for (let i = 1; i <= 20; i++)
      expect((await fetch(`${webapp.url}/purchases?product_id=${i}`)).status).toBe(200);
    const statement = await productStatement(20);
    expect(statement.query).toBe(
      'SELECT id, user_id, quantity, amount, created_at FROM purchases WHERE product_id = ? ORDER BY created_at DESC LIMIT ?',
    );
    const answer = await waitUntil(
      () =>
        metrics.queryMetrics({
          from: now() - 120,
          to: now() + 10,
          query: `sum:postgresql.queries.count{query_signature:${statement.signature}}.as_count()`,
        }),
      (r) => (r.series?.[0]?.pointlist ?? []).reduce((n, p) => n + (p[1] ?? 0), 0) >= 20,
      'the 20 calls as postgresql.queries.count',
    );
    expect(answer.series?.length).toBe(1);
    const time = await metrics.queryMetrics({
      from: now() - 120,
      to: now() + 10,
      query: 'sum:postgresql.queries.time{*} by {query_signature}.as_count()',
    });
    expect(time.series?.map((s) => s.tagSet?.[0])).toContain(`query_signature:${statement.signature}`);
    const tags = await fetch(`${base}/api/v2/metrics/postgresql.queries.count/all-tags`, { headers }).then(
      (r) => r.json() as Promise<{ data: { attributes: { tags: string[] } } }>,
    );
    const queryTags = tags.data.attributes.tags.filter((t) => t.startsWith('query:'));
    expect(queryTags.length).toBeGreaterThan(0);
    // The webapp's own literals (seed sizes, usernames) never reach a tag.
    expect(queryTags.join('\n')).not.toMatch(/100000|alice|example\.com|traceparent/);
    // The postgres integration's per-table metrics (`relations:`), what DBM-less plans have.
    const seqScans = await waitUntil(
      () =>
        metrics.queryMetrics({
          from: now() - 120,
          to: now() + 10,
          query: 'sum:postgresql.seq_scans{table:purchases}.as_count()',
        }),
      (r) => (r.series?.[0]?.pointlist ?? []).reduce((n, p) => n + (p[1] ?? 0), 0) >= 20,
      'the 20 sequential scans of purchases',
    );
    expect(seqScans.series?.[0]?.scope).toBe('table:purchases');
    const live = await metrics.queryMetrics({
      from: now() - 120,
      to: now() + 10,
      query: 'max:postgresql.live_rows{table:purchases}',
    });
    // n_live_tup is PostgreSQL's estimate (an ANALYZE racing the insert's statistics can double it).
    expect(live.series?.[0]?.pointlist?.at(-1)?.[1]).toBeGreaterThanOrEqual(100_000);
  });

  it('explains a statement through datadog.explain_statement, before and after an index', async () => {
    const { signature } = await productStatement(1);
    const before = await getJson(`/intake/database/statements/${signature}/plan`);
    expect(before.status).toBe(200);
    const plan = before.body.plan as { seqScans: string[]; indexes: string[] };
    expect(plan.seqScans).toContain('purchases');
    expect(String(before.body.text)).toContain('Seq Scan on purchases');

    const root = new pg.Client({ ...dbConfig(), statement_timeout: 30_000 });
    await root.connect();
    await root.query('CREATE INDEX purchases_product_id_idx ON purchases (product_id)');
    await root.end();
    // Per-call blocks fall with the index: the figure lesson 9 checks.
    const { sharedBlksHit: hit0, sharedBlksRead: read0, calls: calls0 } = await productStatement(1);
    for (let i = 1; i <= 20; i++) await fetch(`${webapp.url}/purchases?product_id=${i + 100}`);
    const after = await productStatement(calls0 + 20);
    const blocksPerCall =
      (after.sharedBlksHit + after.sharedBlksRead - hit0 - read0) / (after.calls - calls0);
    expect(blocksPerCall).toBeLessThan(200);
    const seqBlocksPerCall = (hit0 + read0) / calls0;
    expect(seqBlocksPerCall).toBeGreaterThan(500);
  });

  it('finds the pg.query spans that ran a statement', async () => {
    const { signature } = await productStatement(1);
    const spans = await waitUntil(
      async () => (await getJson(`/intake/database/statements/${signature}/spans?from=now-15m`)).body,
      (b) => Number(b.total) > 0,
      'pg.query spans of the statement',
    );
    const [span] = spans.data as Array<{ attributes: { resource_name: string; service: string } }>;
    // As the trace agent sends a database span: the statement obfuscated (bind parameters `?`).
    expect(span?.attributes.resource_name).toContain('FROM purchases WHERE product_id = ?');
  });

  it('keeps the catalogue and the query metrics bounded with thousands of distinct statements', async () => {
    const root = new pg.Client(dbConfig());
    await root.connect();
    // Aliases and constants do not make a statement distinct (pg_stat_statements jumbles the
    // tree): twelve bits of + and - operators do, 3,000 times.
    const distinct = (i: number) =>
      `SELECT 7${Array.from({ length: 12 }, (_, b) => ((i >> b) & 1 ? ' + 1' : ' - 1')).join('')} AS n`;
    for (let i = 0; i < 3000; i++) await root.query(distinct(i));
    await root.end();
    const runs = intake.status().collector.find((c) => c.name === 'postgres')?.runs ?? 0;
    await waitUntil(
      async () => intake.status().collector.find((c) => c.name === 'postgres')?.runs ?? 0,
      (n) => n > runs + 1,
      'two more runs',
    );
    const list = (await getJson('/intake/database/statements')).body.statements as Statement[];
    expect(list.length).toBeLessThanOrEqual(1000);
    expect(list.filter((s) => /^SELECT \?( [+-] \?){12} AS n$/.test(s.query)).length).toBeGreaterThan(100);
    const contexts = intake.engine.contexts('postgresql.queries.count') ?? [];
    expect(contexts.length).toBeLessThanOrEqual(1000);
    expect(contexts.flat().join('\n')).not.toMatch(/SELECT 7|[+-] 1/);
  });

  it('answers 403 without keys and 404 for an unknown statement', async () => {
    expect((await fetch(`${base}/intake/database/statements`)).status).toBe(403);
    expect((await getJson('/intake/database/statements/0000000000000000/plan')).status).toBe(404);
  });
});

function dbConfig() {
  return { host: '127.0.0.1', port: db.port, user: db.user, password: db.password, database: db.database };
}
