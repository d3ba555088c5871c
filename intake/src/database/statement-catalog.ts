/**
 * The statements the intake has seen, for the console's Database page and explain plans: each
 * signature's obfuscated text, database, user and totals since the intake started. Bounded (least
 * recently active dropped first), so thousands of distinct statements cannot grow it. Pure.
 */
import type { StatementDelta } from './statement-metrics.js';

export interface CatalogEntry {
  signature: string;
  query: string;
  db: string;
  user: string;
  calls: number;
  totalTimeMs: number;
  rows: number;
  sharedBlksHit: number;
  sharedBlksRead: number;
  firstSeenMs: number;
  lastSeenMs: number;
}

export interface StatementCatalog {
  record(deltas: StatementDelta[], nowMs: number): void;
  list(): CatalogEntry[];
  get(signature: string): CatalogEntry | undefined;
  /** pg_stat_statements' normalised text of a signature, for EXPLAIN; never sent to a client. */
  normalizedText(signature: string): string | undefined;
  size(): number;
}

export function createStatementCatalog(maxEntries = 1000): StatementCatalog {
  const entries = new Map<string, { entry: CatalogEntry; normalized: string }>();
  return {
    record(deltas, nowMs) {
      for (const d of deltas) {
        const found = entries.get(d.signature);
        const entry: CatalogEntry = found?.entry ?? {
          signature: d.signature,
          query: d.query.slice(0, 4096),
          db: d.db,
          user: d.user,
          calls: 0,
          totalTimeMs: 0,
          rows: 0,
          sharedBlksHit: 0,
          sharedBlksRead: 0,
          firstSeenMs: nowMs,
          lastSeenMs: nowMs,
        };
        entry.calls += d.calls;
        entry.totalTimeMs += d.totalTimeMs;
        entry.rows += d.rows;
        entry.sharedBlksHit += d.sharedBlksHit;
        entry.sharedBlksRead += d.sharedBlksRead;
        entry.lastSeenMs = nowMs;
        // Re-inserted: the Map's order is recency, oldest first.
        entries.delete(d.signature);
        entries.set(d.signature, { entry, normalized: d.normalized.slice(0, 8192) });
      }
      for (const oldest of entries.keys()) {
        if (entries.size <= maxEntries) break;
        entries.delete(oldest);
      }
    },
    list: () => [...entries.values()].map((e) => ({ ...e.entry })),
    get: (signature) => {
      const e = entries.get(signature)?.entry;
      return e ? { ...e } : undefined;
    },
    normalizedText: (signature) => entries.get(signature)?.normalized,
    size: () => entries.size,
  };
}
