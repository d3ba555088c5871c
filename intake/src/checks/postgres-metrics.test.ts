import { describe, expect, it } from 'vitest';
import { type PostgresInstance, type PostgresReading, postgresSamples } from './postgres-metrics.js';

const reading = (atMs: number, commits: number, backends: number): PostgresReading => ({
  atMs,
  maxConnections: 100,
  databases: [
    {
      datname: 'webapp',
      numbackends: backends,
      sizeBytes: 8_000_000,
      counters: { xact_commit: commits, blks_hit: 10 * commits },
    },
  ],
  relations: {
    db: 'webapp',
    tables: [
      {
        schema: 'public',
        table: 'purchases',
        liveRows: 7,
        deadRows: 0,
        counters: { seq_scan: 10 + commits },
      },
    ],
  },
});
const instance: PostgresInstance = {
  host: 'db',
  port: 5432,
  dbname: 'postgres',
  hostname: 'laptop',
  tags: ['service:webapp-postgres'],
};
const tagsOf = [
  'service:webapp-postgres',
  'server:db',
  'port:5432',
  'database_hostname:laptop',
  'database_instance:laptop',
];

describe('the postgres check', () => {
  it('tags as the check’s _build_tags: server, port, db, database_hostname/instance and the instance’s tags', () => {
    const first = postgresSamples(undefined, reading(0, 100, 4), instance);
    expect(first.map((s) => s.name).sort()).toEqual([
      'postgresql.connections',
      'postgresql.database_size',
      'postgresql.dead_rows',
      'postgresql.live_rows',
      'postgresql.max_connections',
      'postgresql.percent_usage_connections',
    ]);
    expect(first.find((s) => s.name === 'postgresql.percent_usage_connections')?.value).toBe(0.04);
    // Instance-wide metrics carry the instance's dbname; per-database ones the database they count.
    expect(first.find((s) => s.name === 'postgresql.max_connections')?.tags).toEqual([
      ...tagsOf,
      'db:postgres',
    ]);
    expect(first.find((s) => s.name === 'postgresql.connections')?.tags).toEqual([...tagsOf, 'db:webapp']);
    expect(first.every((s) => s.tags.filter((t) => t.startsWith('db:')).length === 1)).toBe(true);
    expect(first.some((s) => s.tags.some((t) => t.startsWith('postgresql_')))).toBe(false);
  });

  it('flushes counters as per-second rates, gauges (metadata.csv: postgresql.commits,gauge,…,transaction,second)', () => {
    const next = postgresSamples(reading(0, 100, 4), reading(15_000, 130, 5), instance);
    expect(next.find((s) => s.name === 'postgresql.commits')).toMatchObject({ type: 'g', value: 2 });
    expect(next.find((s) => s.name === 'postgresql.buffer_hit')).toMatchObject({ type: 'g', value: 20 });
    expect(next.find((s) => s.name === 'postgresql.seq_scans')).toMatchObject({
      type: 'g',
      value: 2,
      tags: [...tagsOf, 'db:webapp', 'schema:public', 'table:purchases'],
    });
    expect(next.every((s) => s.type === 'g')).toBe(true);
    const reset = postgresSamples(reading(15_000, 130, 5), reading(30_000, 3, 5), instance);
    expect(reset.find((s) => s.name === 'postgresql.commits')).toBeUndefined();
  });
});
