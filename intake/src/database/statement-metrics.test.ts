import { describe, expect, it } from 'vitest';
import { createStatementCatalog } from './statement-catalog.js';
import { type StatementRow, statementDeltas, statementSamples } from './statement-metrics.js';

const row = (over: Partial<StatementRow>): StatementRow => ({
  queryid: '1',
  user: 'root',
  db: 'postgres',
  query: 'SELECT * FROM purchases WHERE product_id = $1',
  calls: 0,
  totalTimeMs: 0,
  rows: 0,
  sharedBlksHit: 0,
  sharedBlksRead: 0,
  ...over,
});

describe('statement deltas', () => {
  it('reports what happened since the last reading, with the agent’s names, units and tags', () => {
    const first = statementDeltas(undefined, [row({ calls: 10, totalTimeMs: 50 })]);
    expect(first.deltas).toEqual([]); // a baseline, not old history
    const { deltas } = statementDeltas(first.reading, [
      row({ calls: 14, totalTimeMs: 70.5, rows: 80, sharedBlksHit: 3000, sharedBlksRead: 4 }),
    ]);
    expect(deltas).toHaveLength(1);
    const samples = statementSamples(deltas, ['postgresql_server:db']);
    const by = Object.fromEntries(samples.map((s) => [s.name, s]));
    expect(by['postgresql.queries.count']?.value).toBe(4);
    expect(by['postgresql.queries.time']?.value).toBe(20_500_000); // ns
    expect(by['postgresql.queries.rows']?.value).toBe(80);
    expect(by['postgresql.queries.shared_blks_hit']?.value).toBe(3000);
    expect(by['postgresql.queries.shared_blks_read']?.value).toBe(4);
    const tags = by['postgresql.queries.count']?.tags ?? [];
    expect(tags).toContain('query:SELECT * FROM purchases WHERE product_id = ?');
    expect(tags).toContain('db:postgres');
    expect(tags).toContain('user:root');
    expect(tags.find((t) => t.startsWith('query_signature:'))).toMatch(/^query_signature:[0-9a-f]{16}$/);
  });

  it('merges query ids of one signature and skips a reset', () => {
    const before = statementDeltas(undefined, [
      row({ queryid: '1', calls: 5 }),
      row({ queryid: '2', calls: 5, query: 'SELECT  *  FROM purchases WHERE product_id = 7' }),
      row({ queryid: '3', calls: 50, query: 'SELECT 1' }),
    ]).reading;
    const { deltas } = statementDeltas(before, [
      row({ queryid: '1', calls: 6 }),
      row({ queryid: '2', calls: 8, query: 'SELECT  *  FROM purchases WHERE product_id = 7' }),
      row({ queryid: '3', calls: 2, query: 'SELECT 1' }),
    ]);
    expect(deltas).toHaveLength(1);
    expect(deltas[0]?.calls).toBe(4);
    // A statement first seen after the baseline ran only since the last reading.
    const fresh = statementDeltas(before, [row({ queryid: '9', calls: 3, query: 'SELECT 2, 3' })]);
    expect(fresh.deltas[0]?.calls).toBe(3);
  });

  it('never puts a literal in a tag', () => {
    const q = "SELECT * FROM users WHERE email = 'alice@example.com' AND card = 4111111111111111";
    const before = statementDeltas(undefined, [row({ query: q, calls: 1 })]).reading;
    const { deltas } = statementDeltas(before, [row({ query: q, calls: 2 })]);
    const tags = statementSamples(deltas, [])
      .flatMap((s) => s.tags)
      .join(' ');
    expect(tags).not.toMatch(/alice|4111/);
  });

  it('keeps the top statements of a run and a bounded catalog of thousands of statements', () => {
    const many = (calls: number) =>
      Array.from({ length: 3000 }, (_, i) =>
        row({ queryid: String(i), query: `SELECT c${i} FROM t`, calls, totalTimeMs: i * calls }),
      );
    const { deltas } = statementDeltas(statementDeltas(undefined, many(1)).reading, many(2), 200);
    expect(deltas).toHaveLength(200);
    expect(deltas[0]?.query).toBe('SELECT c2999 FROM t'); // the most time first
    const catalog = createStatementCatalog(500);
    for (let i = 0; i < 15; i++)
      catalog.record(
        deltas.map((d) => ({ ...d, signature: `${d.signature}${i}` })),
        i,
      );
    expect(catalog.size()).toBe(500);
    catalog.record(deltas.slice(0, 1), 99);
    expect(catalog.get(deltas[0]?.signature ?? '')?.calls).toBe(1);
    expect(catalog.normalizedText(deltas[0]?.signature ?? '')).toBe('SELECT c2999 FROM t');
  });
});
