/**
 * The agent's postgres check run by a real intake against a real PostgreSQL as the `datadog`
 * user (pg_monitor), read back through the real API client with the agent's names and types;
 * PostgreSQL going away is a reported failure, not a stuck check.
 */
import { client, v1 } from '@datadog/datadog-api-client';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Intake } from '../../../intake/src/index.js';
import { startTestIntake } from '../../support/intake.js';
import { startPostgres, type TestPostgres } from '../../support/postgres.js';
import { waitUntil } from '../../support/wait-until.js';

let db: TestPostgres;
let intake: Intake;
let metrics: v1.MetricsApi;

beforeAll(async () => {
  db = await startPostgres();
  const root = new pg.Client({
    host: '127.0.0.1',
    port: db.port,
    user: db.user,
    password: db.password,
    database: db.database,
  });
  await root.connect();
  await root.query("CREATE ROLE datadog WITH LOGIN PASSWORD 'datadog'");
  await root.query('GRANT pg_monitor TO datadog');
  await root.end();
  intake = await startTestIntake({
    postgresUrl: `postgres://datadog:datadog@127.0.0.1:${db.port}/postgres`,
    checkIntervalMs: 400,
  });
  metrics = new v1.MetricsApi(
    client.createConfiguration({
      authMethods: { apiKeyAuth: 'k', appKeyAuth: 'k' },
      baseServer: new client.BaseServerConfiguration(`http://127.0.0.1:${intake.ports.api}`, {}),
      httpConfig: { compress: false },
    }),
  );
}, 60_000);

afterAll(async () => {
  await intake?.stop();
  await db?.stop();
});

describe('the postgres check', () => {
  it('reports connections, sizes and activity with the agent’s names, types and tags', async () => {
    const app = new pg.Client({
      host: '127.0.0.1',
      port: db.port,
      user: db.user,
      password: db.password,
      database: db.database,
    });
    await app.connect();
    await app.query('CREATE TABLE t (n int)');
    const now = () => Math.floor(Date.now() / 1000);
    // The check submits rows_inserted with AgentCheck.rate: a gauge of rows per second between two
    // runs (metadata.csv: gauge, row/second). Rows go in while the test waits for a rate above 0.
    let n = 0;
    const inserting = setInterval(
      () => void app.query('INSERT INTO t VALUES ($1)', [n++]).catch(() => {}),
      50,
    );
    const inserted = await waitUntil(
      () =>
        metrics.queryMetrics({
          from: now() - 60,
          to: now() + 10,
          query: 'max:postgresql.rows_inserted{db:postgres}',
        }),
      (r) => (r.series?.[0]?.pointlist ?? []).some((p) => (p[1] ?? 0) > 0),
      'a rate of inserted rows',
    ).finally(() => clearInterval(inserting));
    expect(inserted.series?.[0]?.tagSet ?? []).toEqual([]);
    expect((await metrics.getMetricMetadata({ metricName: 'postgresql.rows_inserted' })).type).toBe('gauge');
    expect((await metrics.getMetricMetadata({ metricName: 'postgresql.connections' })).type).toBe('gauge');
    const connections = await metrics.queryMetrics({
      from: now() - 60,
      to: now() + 10,
      query: 'max:postgresql.connections{*} by {db}',
    });
    expect(connections.series?.map((s) => s.tagSet?.join())).toContain('db:postgres');
    const size = await metrics.queryMetrics({
      from: now() - 60,
      to: now() + 10,
      query: `avg:postgresql.database_size{port:${db.port},service:webapp-postgres}`,
    });
    expect(size.series?.[0]?.pointlist?.at(-1)?.[1]).toBeGreaterThan(1_000_000);
    await app.end();
  });

  it('keeps running when PostgreSQL goes away, and says why in the Collector section', async () => {
    await db.stop();
    const health = await waitUntil(
      async () => intake.status().collector.find((c) => c.name === 'postgres'),
      (h) => Boolean(h?.lastError),
      'the failure to be reported',
    );
    const runs = health?.runs ?? 0;
    expect(health?.lastError).toMatch(/ECONNREFUSED|connect|terminat/i);
    await waitUntil(
      async () => intake.status().collector.find((c) => c.name === 'postgres')?.runs ?? 0,
      (n) => n > runs + 1,
      'more runs',
    );
  });
});
