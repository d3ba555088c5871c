import { describe, expect, it } from 'vitest';
import { type PostgresReading, postgresSamples } from './postgres-metrics.js';

const reading = (commits: number, backends: number): PostgresReading => ({
  maxConnections: 100,
  databases: [
    {
      datname: 'postgres',
      numbackends: backends,
      sizeBytes: 8_000_000,
      counters: { xact_commit: commits, blks_hit: 10 * commits },
    },
  ],
});
const server = { host: 'db', port: 5432 };

describe('the postgres check', () => {
  it('gauges as read, counters as what happened since the last run, with the agent’s tags', () => {
    const first = postgresSamples(undefined, reading(100, 4), server);
    expect(first.map((s) => s.name).sort()).toEqual([
      'postgresql.connections',
      'postgresql.database_size',
      'postgresql.max_connections',
      'postgresql.percent_usage_connections',
    ]);
    expect(first.find((s) => s.name === 'postgresql.percent_usage_connections')?.value).toBe(0.04);
    expect(first.find((s) => s.name === 'postgresql.connections')?.tags).toEqual([
      'postgresql_server:db',
      'postgresql_port:5432',
      'db:postgres',
    ]);
    const next = postgresSamples(reading(100, 4), reading(130, 5), server);
    expect(next.find((s) => s.name === 'postgresql.commits')).toMatchObject({ type: 'c', value: 30 });
    expect(next.find((s) => s.name === 'postgresql.buffer_hit')).toMatchObject({ type: 'c', value: 300 });
    const reset = postgresSamples(reading(130, 5), reading(3, 5), server);
    expect(reset.find((s) => s.name === 'postgresql.commits')).toBeUndefined();
  });
});
