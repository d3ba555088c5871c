/** Spans kept for a retention window, capped, with the spans-search query subset. */
import { QueryError } from '#contracts/metric-query.js';
import { type Facet, numericSearchSince } from '../facets/facets.js';
import { hasFreeText, matchSearch, type SearchTarget } from '../query/search/search-match.js';
import { parseSearch, type SearchNode } from '../query/search/search-syntax.js';
import type { Span } from './decode.js';
import { sameTrace } from './trace-id.js';

export interface StoredSpan extends Span {
  receivedMs: number;
}

export interface SpanStoreOptions {
  maxSpans?: number;
  retentionMs?: number;
  now?: () => number;
  /** The workshop's facets: a numeric search on a span attribute needs one (facets.ts). */
  facets?: () => readonly Facet[];
}

/**
 * Datadog's span search syntax (query/search/): reserved attributes go bare (`service:webapp`,
 * `resource_name:"GET /users"`, `status:error`), span attributes take `@`
 * (`@http.status_code:500`, `@purchase.amount:>100`); a bare key that is neither reserved nor
 * a tag the span carries matches nothing, as in Datadog. Spans have no message: free text is
 * refused with the reason.
 */
export function parseSpanQuery(query: string): SearchNode {
  const node = parseSearch(query);
  if (hasFreeText(node))
    throw new QueryError(
      `Invalid query: spans have no free text to search; name what to match, e.g. resource_name:"POST /purchase" or @http.status_code:500, in ${JSON.stringify(query.slice(0, 200))}`,
    );
  return node;
}

/** Reserved attributes and the span tags Datadog indexes as tags. */
function reserved(span: Span, key: string): string | undefined {
  switch (key) {
    case 'service':
      return span.service;
    case 'resource_name':
      return span.resource;
    case 'operation_name':
      return span.name;
    case 'env':
      return span.meta.env;
    case 'version':
      return span.meta.version;
    case 'status':
      return span.error ? 'error' : 'ok';
    case 'trace_id':
      return span.traceId;
    case 'span_id':
      return span.spanId;
    case 'type':
      return span.type;
    default:
      return undefined;
  }
}

function attribute(span: Span, key: string): string | number | undefined {
  if (key === 'duration') return Math.round(span.durationMs * 1e6);
  // Own keys only: `@constructor` is no attribute of any span.
  if (Object.hasOwn(span.meta, key)) return span.meta[key];
  if (Object.hasOwn(span.metrics, key)) return span.metrics[key];
  return undefined;
}

function spanTarget(span: StoredSpan, facets: readonly Facet[]): SearchTarget {
  return {
    numericSearchable: (path) => {
      const since = numericSearchSince(facets, 'spans', path);
      return since !== undefined && span.receivedMs >= since;
    },
    reserved: (key) => reserved(span, key),
    attribute: (path) => attribute(span, path),
    leaves: () => [...Object.values(span.meta), ...Object.values(span.metrics)],
    // A trace id as logs spell it (128 bits, hex) names the same trace as the span's own.
    sameTraceId: (value) =>
      value === span.traceId ||
      (/^[0-9a-f]{32}$/i.test(value) && sameTrace(value, span.traceId, span.meta['_dd.p.tid'])),
  };
}

function matches(span: StoredSpan, query: SearchNode, facets: readonly Facet[]): boolean {
  return matchSearch(query, spanTarget(span, facets));
}

export interface SpanStore {
  add(spans: Span[]): void;
  search(query: string, fromMs: number, toMs: number, limit: number): StoredSpan[];
  counts(): { spans: number; traces: number; byService: Record<string, { spans: number; traces: number }> };
  /** A service's resource names as its spans spell them (trace metrics' tags are lowercased). */
  resources(service: string): string[];
}

export function createSpanStore({
  maxSpans = 200_000,
  retentionMs = 3_600_000,
  now = Date.now,
  facets = () => [],
}: SpanStoreOptions = {}): SpanStore {
  let spans: StoredSpan[] = [];
  let received = 0;
  let traces = 0;
  /** Traces seen recently, to count each once (bounded: a trace's spans arrive within seconds). */
  const seenTraces = new Set<string>();
  const byService: Record<string, { spans: number; traces: number }> = {};

  function trim(): void {
    const oldest = now() - retentionMs;
    let drop = Math.max(0, spans.length - maxSpans);
    while (drop < spans.length && (spans[drop]?.receivedMs ?? 0) < oldest) drop++;
    if (drop > 0) spans = spans.slice(drop);
  }

  return {
    add(batch) {
      const at = now();
      for (const span of batch) {
        spans.push({ ...span, receivedMs: at });
        received++;
        const svc = byService[span.service] ?? { spans: 0, traces: 0 };
        byService[span.service] = svc;
        svc.spans++;
        // One count per trace, under the service of its first span: the total is the sum of the services'.
        if (!seenTraces.has(span.traceId)) {
          seenTraces.add(span.traceId);
          svc.traces++;
          traces++;
        }
      }
      if (seenTraces.size > 500_000) seenTraces.clear();
      if (spans.length > maxSpans * 1.1 || (spans[0]?.receivedMs ?? at) < at - retentionMs) trim();
    },
    search(query, fromMs, toMs, limit) {
      const terms = parseSpanQuery(query);
      const declared = facets();
      const out: StoredSpan[] = [];
      for (let i = spans.length - 1; i >= 0 && out.length < limit; i--) {
        const s = spans[i] as StoredSpan;
        if (s.startMs + s.durationMs < fromMs || s.startMs > toMs) continue;
        if (matches(s, terms, declared)) out.push(s);
      }
      return out;
    },
    counts() {
      return { spans: received, traces, byService: structuredClone(byService) };
    },
    resources(service) {
      const names = new Set<string>();
      const wanted = service.toLowerCase();
      for (const s of spans)
        if (s.service.toLowerCase() === wanted && names.size < 5_000) names.add(s.resource);
      return [...names].sort();
    },
  };
}
