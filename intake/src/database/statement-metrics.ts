/**
 * Database Monitoring's query metrics from two readings of pg_stat_statements, as the agent's
 * postgres check computes them: what each statement did since the last run (calls, time, rows,
 * shared blocks hit and read), statements merged by signature (one obfuscated text can have several
 * query ids), only the top statements of the run kept (the agent's row limits), tagged
 * `query_signature`, `query` (obfuscated, 200 characters), `db` and `user`. The reading kept for next
 * time holds counters only, never query texts. Pure.
 */
import type { MetricSample } from '../metrics-seam.js';
import { obfuscateSql, querySignature, queryTag } from './obfuscate-sql.js';

export interface StatementRow {
  queryid: string;
  user: string;
  db: string;
  /** pg_stat_statements' text: constants already `$n` for planned statements. */
  query: string;
  calls: number;
  totalTimeMs: number;
  rows: number;
  sharedBlksHit: number;
  sharedBlksRead: number;
}

type Counters = Pick<StatementRow, 'calls' | 'totalTimeMs' | 'rows' | 'sharedBlksHit' | 'sharedBlksRead'>;
export type StatementReading = Map<string, Counters>;

/** What one statement (by signature, db and user) did during one run. */
export interface StatementDelta extends Counters {
  signature: string;
  /** Obfuscated: no literal survives. */
  query: string;
  db: string;
  user: string;
  /** pg_stat_statements' normalised text, for an explain plan; never a tag. */
  normalized: string;
}

const COUNTERS = ['calls', 'totalTimeMs', 'rows', 'sharedBlksHit', 'sharedBlksRead'] as const;

/** The agent's names; time in nanoseconds as the agent submits it. */
export const QUERY_METRICS: Record<(typeof COUNTERS)[number], string> = {
  calls: 'postgresql.queries.count',
  totalTimeMs: 'postgresql.queries.time',
  rows: 'postgresql.queries.rows',
  sharedBlksHit: 'postgresql.queries.shared_blks_hit',
  sharedBlksRead: 'postgresql.queries.shared_blks_read',
};

const ZERO: Counters = { calls: 0, totalTimeMs: 0, rows: 0, sharedBlksHit: 0, sharedBlksRead: 0 };

const keyOf = (r: StatementRow) => `${r.queryid}\u0000${r.user}\u0000${r.db}`;

export function statementDeltas(
  prev: StatementReading | undefined,
  rows: StatementRow[],
  limit = 200,
): { deltas: StatementDelta[]; reading: StatementReading } {
  const reading: StatementReading = new Map();
  const merged = new Map<string, StatementDelta>();
  for (const row of rows) {
    const counters = Object.fromEntries(COUNTERS.map((c) => [c, row[c]])) as Counters;
    reading.set(keyOf(row), counters);
    // The first reading is a baseline, not a burst of old history; after it, a statement not seen
    // before ran only since the last reading. A reset (counters going back) is a new baseline.
    if (!prev) continue;
    const before = prev.get(keyOf(row)) ?? ZERO;
    if (row.calls <= before.calls) continue;
    const query = obfuscateSql(row.query);
    const signature = querySignature(query);
    const id = `${signature}\u0000${row.db}\u0000${row.user}`;
    const into = merged.get(id) ?? {
      signature,
      query,
      db: row.db,
      user: row.user,
      normalized: row.query,
      calls: 0,
      totalTimeMs: 0,
      rows: 0,
      sharedBlksHit: 0,
      sharedBlksRead: 0,
    };
    for (const c of COUNTERS) into[c] += Math.max(0, row[c] - before[c]);
    merged.set(id, into);
  }
  const deltas = [...merged.values()]
    .sort((a, b) => b.totalTimeMs - a.totalTimeMs || b.calls - a.calls)
    .slice(0, limit);
  return { deltas, reading };
}

export function statementSamples(deltas: StatementDelta[], baseTags: string[]): MetricSample[] {
  const out: MetricSample[] = [];
  for (const d of deltas) {
    const tags = [
      ...baseTags,
      `db:${d.db}`,
      `user:${d.user}`,
      `query_signature:${d.signature}`,
      `query:${queryTag(d.query)}`,
    ];
    for (const c of COUNTERS) {
      const value = c === 'totalTimeMs' ? Math.round(d[c] * 1e6) : d[c];
      out.push({ name: QUERY_METRICS[c], type: 'c', value, sampleRate: 1, tags });
    }
  }
  return out;
}
