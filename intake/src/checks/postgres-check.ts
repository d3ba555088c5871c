/**
 * The postgres check as the agent runs it with the `datadog` user the init SQL creates: a
 * fresh connection each run (so a PostgreSQL restart is a failed run, reported, then a
 * recovery — never a stuck client), `pg_stat_database` and `max_connections` read, samples
 * from the difference with the run before; with Database Monitoring (`dbm: true`), the query
 * metrics of pg_stat_statements too. Their absence (extension not installed) is a warning on a
 * check that still reports the rest, as the agent does.
 */
import type pg from 'pg';
import { connectAsCheck } from '../database/connect.js';
import { readStatements, statementsProblem } from '../database/read-statements.js';
import type { StatementCatalog } from '../database/statement-catalog.js';
import { type StatementReading, statementDeltas, statementSamples } from '../database/statement-metrics.js';
import type { Check } from './check-runner.js';
import {
  COUNTER_METRICS,
  instanceTags,
  type PostgresInstance,
  type PostgresReading,
  postgresSamples,
  RELATION_METRICS,
} from './postgres-metrics.js';

const STATS = `SELECT datname, numbackends, ${Object.keys(COUNTER_METRICS).join(', ')}, pg_database_size(datname) AS size
  FROM pg_stat_database WHERE datname IS NOT NULL AND datname NOT IN ('template0', 'template1')`;

const RELATIONS = `SELECT current_database() AS db, schemaname, relname, n_live_tup, n_dead_tup,
    ${Object.keys(RELATION_METRICS)
      .map((c) => `coalesce(${c}, 0) AS ${c}`)
      .join(', ')}
  FROM pg_stat_user_tables WHERE relname = ANY($1)`;

async function readRelations(client: pg.Client, relations: string[]): Promise<PostgresReading['relations']> {
  if (!relations.length) return undefined;
  const { rows } = await client.query(RELATIONS, [relations]);
  return {
    db: String(rows[0]?.db ?? client.database ?? ''),
    tables: rows.map((r: Record<string, unknown>) => ({
      schema: String(r.schemaname),
      table: String(r.relname),
      liveRows: Number(r.n_live_tup),
      deadRows: Number(r.n_dead_tup),
      counters: Object.fromEntries(Object.keys(RELATION_METRICS).map((c) => [c, Number(r[c])])),
    })),
  };
}

async function readDatabases(client: pg.Client, relations: string[]): Promise<PostgresReading> {
  // One after another: a client runs one query at a time (pg 9 refuses queued ones).
  const stats = await client.query(STATS);
  const max = await client.query('SHOW max_connections');
  const rel = await readRelations(client, relations);
  return {
    atMs: Date.now(),
    ...(rel ? { relations: rel } : {}),
    maxConnections: Number(max.rows[0]?.max_connections ?? 0),
    databases: stats.rows.map((r: Record<string, unknown>) => ({
      datname: String(r.datname),
      numbackends: Number(r.numbackends),
      sizeBytes: Number(r.size),
      counters: Object.fromEntries(Object.keys(COUNTER_METRICS).map((c) => [c, Number(r[c])])),
    })),
  };
}

export interface PostgresCheckOptions {
  /** DBM's query metrics into this catalogue (the agent's `dbm: true`). */
  catalog?: StatementCatalog;
  /** Tables for the per-table metrics (the agent's `relations:`). */
  relations?: string[];
  /** The agent's host name (`database_hostname`, `database_instance`). */
  hostname?: string;
}

/** The instance's `tags:` in docker/datadog/postgres.d/conf.yaml, which the real agent runs. */
export const POSTGRES_INSTANCE_TAGS = ['service:webapp-postgres'];

export function postgresCheck(
  url: string,
  { catalog, relations = [], hostname = 'ddworkshop-intake' }: PostgresCheckOptions = {},
): Check {
  const parsed = new URL(url);
  const instance: PostgresInstance = {
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    dbname: decodeURIComponent(parsed.pathname.slice(1)) || 'postgres',
    hostname,
    tags: POSTGRES_INSTANCE_TAGS,
  };
  const baseTags = instanceTags(instance);
  let previous: PostgresReading | undefined;
  let statements: StatementReading | undefined;
  let warning: string | undefined;
  return {
    name: 'postgres',
    warning: () => warning,
    async run() {
      const client = connectAsCheck(url);
      await client.connect();
      try {
        const now = await readDatabases(client, relations);
        const out = postgresSamples(previous, now, instance);
        previous = now;
        if (!catalog) return out;
        try {
          const { deltas, reading } = statementDeltas(statements, await readStatements(client));
          statements = reading;
          catalog.record(deltas, Date.now());
          warning = undefined;
          return [...out, ...statementSamples(deltas, baseTags)];
        } catch (error) {
          warning = statementsProblem(error as Error);
          return out;
        }
      } finally {
        await client.end().catch(() => {});
      }
    },
  };
}
