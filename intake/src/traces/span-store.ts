/** Spans kept for a retention window, capped, with the spans-search query subset. */
import { QueryError } from '../contracts.js';
import { globMatch } from '../query/glob.js';
import type { Span } from './decode.js';
import { sameTrace } from './trace-id.js';

export interface StoredSpan extends Span {
  receivedMs: number;
}

export interface SpanStoreOptions {
  maxSpans?: number;
  retentionMs?: number;
  now?: () => number;
}

interface Term {
  /** `@purchase.product_id` is an attribute (span meta/metrics); a bare key is reserved or a tag. */
  attribute: boolean;
  key: string;
  value: string;
  negate: boolean;
}

/**
 * Datadog's span search syntax: reserved attributes go bare (`service:webapp`,
 * `resource_name:"GET /users"`, `status:error`), span attributes take `@`
 * (`@http.status_code:500`, `@purchase.product_id:42`); a bare key that is neither reserved nor
 * a tag the span carries matches nothing, as in Datadog. Unbalanced quotes are refused.
 */
export function parseSpanQuery(query: string): Term[] {
  if ((query.match(/"/g) ?? []).length % 2 === 1)
    throw new QueryError(`Invalid query: unbalanced quotes in ${JSON.stringify(query.slice(0, 200))}`);
  const terms: Term[] = [];
  const re = /(-?)(@?)([\w.-]+):("([^"]*)"|\S+)|(\*)/g;
  for (const m of query.matchAll(re)) {
    if (m[6]) continue;
    terms.push({ negate: m[1] === '-', attribute: m[2] === '@', key: m[3] ?? '', value: m[5] ?? m[4] ?? '' });
  }
  return terms;
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

function attribute(span: Span, key: string): string | undefined {
  if (key === 'duration') return String(Math.round(span.durationMs * 1e6));
  return span.meta[key] ?? (span.metrics[key] !== undefined ? String(span.metrics[key]) : undefined);
}

function matches(span: Span, terms: Term[]): boolean {
  return terms.every((t) => {
    // A trace id as logs spell it (128 bits, hex) names the same trace as the span's own.
    if (!t.attribute && t.key === 'trace_id' && /^[0-9a-f]{32}$/i.test(t.value)) {
      const hit = sameTrace(t.value, span.traceId, span.meta['_dd.p.tid']);
      return t.negate ? !hit : hit;
    }
    const v = t.attribute ? attribute(span, t.key) : reserved(span, t.key);
    const hit = v !== undefined && globMatch(t.value, v);
    return t.negate ? !hit : hit;
  });
}

export interface SpanStore {
  add(spans: Span[]): void;
  search(query: string, fromMs: number, toMs: number, limit: number): StoredSpan[];
  counts(): { spans: number; traces: number; byService: Record<string, { spans: number; traces: number }> };
}

export function createSpanStore({
  maxSpans = 200_000,
  retentionMs = 3_600_000,
  now = Date.now,
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
      const out: StoredSpan[] = [];
      for (let i = spans.length - 1; i >= 0 && out.length < limit; i--) {
        const s = spans[i] as StoredSpan;
        if (s.startMs + s.durationMs < fromMs || s.startMs > toMs) continue;
        if (matches(s, terms)) out.push(s);
      }
      return out;
    },
    counts() {
      return { spans: received, traces, byService: structuredClone(byService) };
    },
  };
}
