/**
 * The postgres check as the agent runs it with the `datadog` user the init SQL creates: a
 * fresh connection each run (so a PostgreSQL restart is a failed run, reported, then a
 * recovery — never a stuck client), `pg_stat_database` and `max_connections` read, samples
 * from the difference with the run before.
 */
import pg from 'pg';
import type { Check } from './check-runner.js';
import { COUNTER_METRICS, type PostgresReading, postgresSamples } from './postgres-metrics.js';

const STATS = `SELECT datname, numbackends, ${Object.keys(COUNTER_METRICS).join(', ')}, pg_database_size(datname) AS size
  FROM pg_stat_database WHERE datname IS NOT NULL AND datname NOT IN ('template0', 'template1')`;

export async function readPostgres(url: string): Promise<PostgresReading> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: 3000,
    statement_timeout: 5000,
  });
  await client.connect();
  try {
    const [stats, max] = await Promise.all([client.query(STATS), client.query('SHOW max_connections')]);
    return {
      maxConnections: Number(max.rows[0]?.max_connections ?? 0),
      databases: stats.rows.map((r: Record<string, unknown>) => ({
        datname: String(r.datname),
        numbackends: Number(r.numbackends),
        sizeBytes: Number(r.size),
        counters: Object.fromEntries(Object.keys(COUNTER_METRICS).map((c) => [c, Number(r[c])])),
      })),
    };
  } finally {
    await client.end().catch(() => {});
  }
}

export function postgresCheck(url: string): Check {
  const parsed = new URL(url);
  const server = { host: parsed.hostname, port: Number(parsed.port || 5432) };
  let previous: PostgresReading | undefined;
  return {
    name: 'postgres',
    async run() {
      const now = await readPostgres(url);
      const out = postgresSamples(previous, now, server);
      previous = now;
      return out;
    },
  };
}
