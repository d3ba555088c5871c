/**
 * Logs kept as Datadog's search reads them: newest last, bounded by bytes and count and by a
 * retention window; what is evicted, cut or refused is counted, never silent. The counts feed
 * `agent status` as the agent's "Logs Agent" section does.
 */
import type { Facet } from '../facets/facets.js';
import { type LogQuery, matchesLog } from './log-query.js';
import type { LogEvent } from './parse-log.js';

export interface LogStoreOptions {
  maxBytes?: number;
  maxEvents?: number;
  retentionMs?: number;
  now?: () => number;
  /** The workshop's facets: a numeric search needs one (facets.ts). */
  facets?: () => readonly Facet[];
}

export interface LogSourceStats {
  lines: number;
  bytes: number;
  lastMs: number;
}

export function createLogStore({
  maxBytes = 64 * 1024 * 1024,
  maxEvents = 200_000,
  retentionMs = 3_600_000,
  now = Date.now,
  facets = () => [],
}: LogStoreOptions = {}) {
  let events: LogEvent[] = [];
  let head = 0;
  let bytes = 0;
  const counters = { received: 0, evicted: 0, truncated: 0, bytes: 0 };
  const sources = new Map<string, LogSourceStats>();

  function evict(): void {
    const oldest = now() - retentionMs;
    while (head < events.length) {
      const e = events[head] as LogEvent;
      const over = bytes > maxBytes || events.length - head > maxEvents;
      if (!over && e.timestampMs >= oldest) break;
      bytes -= e.bytes;
      head++;
      counters.evicted++;
    }
    // Compact now and then, so the array does not keep evicted slots forever.
    if (head > 10_000 && head > events.length / 2) {
      events = events.slice(head);
      head = 0;
    }
  }

  return {
    add(e: LogEvent, sourceKey: string): void {
      events.push(e);
      bytes += e.bytes;
      counters.received++;
      counters.bytes += e.bytes;
      if (e.attributes.truncated === true) counters.truncated++;
      const s = sources.get(sourceKey) ?? { lines: 0, bytes: 0, lastMs: 0 };
      s.lines++;
      s.bytes += e.bytes;
      s.lastMs = now();
      sources.set(sourceKey, s);
      if (bytes > maxBytes || events.length - head > maxEvents) evict();
    },
    /** Matching events in [from, to], newest first unless `ascending`, at most `limit`, after `cursor` (an event id). */
    search(
      q: LogQuery,
      fromMs: number,
      toMs: number,
      limit: number,
      ascending = false,
      cursor?: string,
    ): LogEvent[] {
      evict();
      const out: LogEvent[] = [];
      const declared = facets();
      let passedCursor = cursor === undefined;
      const visit = (e: LogEvent) => {
        if (!passedCursor) {
          passedCursor = e.id === cursor;
          return;
        }
        if (e.timestampMs < fromMs || e.timestampMs > toMs) return;
        if (matchesLog(e, q, declared)) out.push(e);
      };
      if (ascending)
        for (let i = head; i < events.length && out.length < limit; i++) visit(events[i] as LogEvent);
      else for (let i = events.length - 1; i >= head && out.length < limit; i--) visit(events[i] as LogEvent);
      return out;
    },
    stats() {
      return {
        ...counters,
        stored: events.length - head,
        storedBytes: bytes,
        maxBytes,
        sources: Object.fromEntries(sources),
      };
    },
  };
}

export type LogStore = ReturnType<typeof createLogStore>;
