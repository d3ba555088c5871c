/** Datadog's spans search (`/api/v2/spans/events[/search]`) over the span store. */
import type { SpanStore, StoredSpan } from '../traces/span-store.js';
import { ApiError } from './api-error.js';
import { parseTimeMs } from './time.js';

export function spanJson(s: StoredSpan) {
  const tags = Object.entries(s.meta)
    .filter(([k]) => !k.startsWith('_dd.'))
    .map(([k, v]) => `${k}:${v}`);
  const custom: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s.meta)) if (!k.startsWith('_dd.')) custom[k] = v;
  for (const [k, v] of Object.entries(s.metrics)) if (!k.startsWith('_')) custom[k] = v;
  return {
    id: `${s.traceId}-${s.spanId}`,
    type: 'spans',
    attributes: {
      service: s.service,
      resource_name: s.resource,
      operation_name: s.name,
      type: s.type,
      env: s.meta.env ?? 'none',
      host: 'ddworkshop-intake',
      trace_id: s.traceId,
      span_id: s.spanId,
      parent_id: s.parentId,
      start_timestamp: new Date(s.startMs).toISOString(),
      end_timestamp: new Date(s.startMs + s.durationMs).toISOString(),
      status: s.error ? 'error' : 'ok',
      tags: [`service:${s.service}`, `env:${s.meta.env ?? 'none'}`, ...tags],
      custom: { ...custom, duration: Math.round(s.durationMs * 1e6), error: s.error ? 1 : 0 },
    },
  };
}

export function searchSpans(
  deps: { spans: SpanStore },
  filter: { query?: unknown; from?: unknown; to?: unknown },
  limit: unknown,
) {
  const nowMs = Date.now();
  const from = parseTimeMs(filter.from ?? 'now-15m', nowMs);
  const to = parseTimeMs(filter.to ?? 'now', nowMs);
  if (from === undefined || to === undefined)
    throw new ApiError(400, 'Invalid filter: from and to must be dates or now-<n><unit>');
  const n = Math.min(Math.max(Number(limit ?? 10) || 10, 1), 5000);
  const found = deps.spans.search(String(filter.query ?? '*'), from, to, n);
  return {
    data: found.map(spanJson),
    meta: { elapsed: 1, page: {}, request_id: 'ddworkshop', status: 'done' },
  };
}
