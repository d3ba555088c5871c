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
