/**
 * Log search: Datadog's search syntax (query/search/) over log events — free text in the
 * message, reserved attributes bare (`service:webapp`, `status:error`, `source:`, `host:`,
 * `trace_id:`), tags bare (`env:workshop`), attributes with `@` (`@http.status_code:500`,
 * `@purchase.amount:>100`, `@duration_ms:[10 TO 200]`). Pure.
 */

import { type Facet, numericSearchSince } from '../facets/facets.js';
import { attributeAt, leavesOf, matchSearch, type SearchTarget } from '../query/search/search-match.js';
import { parseSearch, type SearchNode } from '../query/search/search-syntax.js';
import { sameTrace } from '../traces/trace-id.js';
import type { LogEvent } from './parse-log.js';

export type LogQuery = SearchNode;

export function parseLogQuery(query: string): LogQuery {
  return parseSearch(query);
}

function reserved(e: LogEvent, key: string): string | undefined {
  switch (key) {
    case 'service':
      return e.service;
    case 'status':
      return e.status;
    case 'source':
      return e.source;
    case 'host':
      return e.host;
    case 'trace_id':
      return e.traceId;
    case 'span_id':
      return e.spanId;
    default: {
      const tag = e.tags.find((t) => t.startsWith(`${key}:`));
      return tag?.slice(key.length + 1);
    }
  }
}

function logTarget(e: LogEvent, facets: readonly Facet[]): SearchTarget {
  return {
    numericSearchable: (path) => {
      const since = numericSearchSince(facets, 'logs', path);
      return since !== undefined && e.timestampMs >= since;
    },
    text: e.message,
    reserved: (key) => reserved(e, key),
    attribute: (path) => attributeAt(e.attributes, path),
    leaves: () => leavesOf(e.attributes),
    sameTraceId: (value) =>
      e.traceId !== undefined &&
      (e.traceId === value ||
        sameTrace(e.traceId, value, undefined) ||
        sameTrace(value, e.traceId, undefined)),
  };
}

/** Whether the log matches; `facets`: the workshop's (numeric searches need one, as in Datadog). */
export function matchesLog(e: LogEvent, q: LogQuery, facets: readonly Facet[] = []): boolean {
  return matchSearch(q, logTarget(e, facets));
}
