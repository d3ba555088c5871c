/**
 * pg_stat_statements rows as a top-queries table: merged by signature (the obfuscated text), as
 * Datadog's Query Metrics page lists them, with per-call averages. Pure.
 */
import type { StatementRow } from './intake-modules.js';

export interface TopStatement {
  signature: string;
  query: string;
  /** pg_stat_statements' normalised text (`$n`), to explain. */
  normalized: string;
  calls: number;
  totalTimeMs: number;
  rows: number;
  blocks: number;
}

export function topStatements(
  rows: StatementRow[],
  obfuscate: (sql: string) => string,
  signatureOf: (obfuscated: string) => string,
): TopStatement[] {
  const by = new Map<string, TopStatement>();
  for (const r of rows) {
    const query = obfuscate(r.query);
    const signature = signatureOf(query);
    const t = by.get(signature) ?? {
      signature,
      query,
      normalized: r.query,
      calls: 0,
      totalTimeMs: 0,
      rows: 0,
      blocks: 0,
    };
    t.calls += r.calls;
    t.totalTimeMs += r.totalTimeMs;
    t.rows += r.rows;
    t.blocks += r.sharedBlksHit + r.sharedBlksRead;
    by.set(signature, t);
  }
  return [...by.values()].filter((t) => t.calls > 0).sort((a, b) => b.totalTimeMs - a.totalTimeMs);
}

export const perCall = (total: number, calls: number) => (calls ? total / calls : 0);

/** What `db top` keeps of a run, to show the next one what changed since. */
export interface TopSnapshot {
  atMs: number;
  statements: Record<string, { calls: number; blocks: number }>;
}

export function snapshotOf(top: TopStatement[], atMs: number): TopSnapshot {
  return {
    atMs,
    statements: Object.fromEntries(top.map((t) => [t.signature, { calls: t.calls, blocks: t.blocks }])),
  };
}

/**
 * Calls and blocks per call since an earlier reading: what a fix changed, where the totals since
 * the statement was first seen still carry every slow call from before. Counters that went back
 * (statistics reset) count from zero. Undefined when the statement was not called since.
 */
export function sinceSnapshot(
  t: Pick<TopStatement, 'signature' | 'calls' | 'blocks'>,
  before: TopSnapshot | undefined,
): { calls: number; blocksPerCall: number } | undefined {
  if (!before) return undefined;
  const was = before.statements[t.signature] ?? { calls: 0, blocks: 0 };
  const reset = t.calls < was.calls;
  const calls = reset ? t.calls : t.calls - was.calls;
  const blocks = reset ? t.blocks : t.blocks - was.blocks;
  return calls > 0 ? { calls, blocksPerCall: blocks / calls } : undefined;
}
