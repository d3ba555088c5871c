/**
 * The agent's postgres check metrics from two readings of `pg_stat_database`: gauges as read
 * (`postgresql.connections`, `percent_usage_connections`, `database_size`, `max_connections`),
 * the monotonic counters as their per-second rate since the last run (`commits`, `rollbacks`,
 * `rows_fetched/returned/inserted/updated/deleted`, `deadlocks`, `buffer_hit`, `disk_read`):
 * the check submits them with `AgentCheck.rate` and the agent flushes a rate as a gauge
 * (datadog-agent `pkg/metrics/rate.go`; integrations-core `postgres/metadata.csv` lists them as
 * `gauge`, unit per second). Tagged as the check's `_build_tags` tags them — `server`, `port`,
 * `db` — plus `database_hostname`, `database_instance` and the instance's `tags:`. Pure.
 */
import type { MetricSample } from '../metrics-seam.js';

export interface DatabaseStats {
  datname: string;
  numbackends: number;
  counters: Record<string, number>;
  sizeBytes: number;
}

export interface RelationStats {
  schema: string;
  table: string;
  counters: Record<string, number>;
  liveRows: number;
  deadRows: number;
}

export interface PostgresReading {
  /** When it was read (ms): rates are per second between two readings. */
  atMs: number;
  maxConnections: number;
  databases: DatabaseStats[];
  /** The `relations:` the check is configured for (pg_stat_user_tables), in the check's database. */
  relations?: { db: string; tables: RelationStats[] };
}

/** pg_stat_user_tables column → the agent's per-table metric (rates), with `relations:` set. */
export const RELATION_METRICS: Record<string, string> = {
  seq_scan: 'postgresql.seq_scans',
  seq_tup_read: 'postgresql.seq_rows_read',
  idx_scan: 'postgresql.index_rel_scans',
  idx_tup_fetch: 'postgresql.index_rel_rows_fetched',
};

/** pg_stat_database column → the agent's metric name. */
export const COUNTER_METRICS: Record<string, string> = {
  xact_commit: 'postgresql.commits',
  xact_rollback: 'postgresql.rollbacks',
  tup_fetched: 'postgresql.rows_fetched',
  tup_returned: 'postgresql.rows_returned',
  tup_inserted: 'postgresql.rows_inserted',
  tup_updated: 'postgresql.rows_updated',
  tup_deleted: 'postgresql.rows_deleted',
  deadlocks: 'postgresql.deadlocks',
  blks_hit: 'postgresql.buffer_hit',
  blks_read: 'postgresql.disk_read',
};

/** Each monotonic column's growth per second since the last run, under the agent's metric name. */
function counterRates(
  metrics: Record<string, string>,
  now: Record<string, number>,
  before: Record<string, number>,
  seconds: number,
  tags: string[],
  out: MetricSample[],
): void {
  for (const [column, name] of Object.entries(metrics)) {
    const delta = (now[column] ?? 0) - (before[column] ?? 0);
    // A statistics reset (or a restart) makes a counter go back: no point rather than a negative one.
    if (delta >= 0) out.push({ name, type: 'g', value: delta / seconds, sampleRate: 1, tags });
  }
}

/** Where the check runs and what it is configured with (the agent's instance). */
export interface PostgresInstance {
  host: string;
  port: number;
  /** The instance's `dbname`. */
  dbname: string;
  /** The agent's host name: `database_hostname` and `database_instance`. */
  hostname: string;
  /** The instance's `tags:`. */
  tags: string[];
}

/** The instance's tags without `db`: each metric adds the database it is about. */
export function instanceTags(instance: PostgresInstance): string[] {
  return [
    ...instance.tags,
    `server:${instance.host}`,
    `port:${instance.port}`,
    `database_hostname:${instance.hostname}`,
    `database_instance:${instance.hostname}`,
  ];
}

const secondsBetween = (prev: PostgresReading, now: PostgresReading) =>
  Math.max((now.atMs - prev.atMs) / 1000, 0.001);

export function postgresSamples(
  prev: PostgresReading | undefined,
  now: PostgresReading,
  instance: PostgresInstance,
): MetricSample[] {
  const base = instanceTags(instance);
  const out: MetricSample[] = [];
  const g = (name: string, value: number, tags: string[]) =>
    out.push({ name, type: 'g', value, sampleRate: 1, tags });
  const total = now.databases.reduce((n, d) => n + d.numbackends, 0);
  const own = [...base, `db:${instance.dbname}`];
  g('postgresql.max_connections', now.maxConnections, own);
  g('postgresql.percent_usage_connections', now.maxConnections ? total / now.maxConnections : 0, own);
  for (const d of now.databases) {
    const tags = [...base, `db:${d.datname}`];
    g('postgresql.connections', d.numbackends, tags);
    g('postgresql.database_size', d.sizeBytes, tags);
    const before = prev?.databases.find((p) => p.datname === d.datname);
    if (!prev || !before) continue;
    counterRates(COUNTER_METRICS, d.counters, before.counters, secondsBetween(prev, now), tags, out);
  }
  relationSamples(prev, now, base, out);
  return out;
}

function relationSamples(
  prev: PostgresReading | undefined,
  now: PostgresReading,
  base: string[],
  out: MetricSample[],
): void {
  if (!now.relations) return;
  for (const t of now.relations.tables) {
    const tags = [...base, `db:${now.relations.db}`, `schema:${t.schema}`, `table:${t.table}`];
    out.push({ name: 'postgresql.live_rows', type: 'g', value: t.liveRows, sampleRate: 1, tags });
    out.push({ name: 'postgresql.dead_rows', type: 'g', value: t.deadRows, sampleRate: 1, tags });
    const before = prev?.relations?.tables.find((p) => p.schema === t.schema && p.table === t.table);
    if (!prev || !before) continue;
    counterRates(RELATION_METRICS, t.counters, before.counters, secondsBetween(prev, now), tags, out);
  }
}
