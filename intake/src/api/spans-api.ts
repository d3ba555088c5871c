/**
 * Datadog's spans search (`/api/v2/spans/events[/search]`) over the span store, answered in the
 * shape of Datadog's recorded answers (datadog-api-client-typescript `cassettes/v2/Spans_*`):
 * no operation name, no status — a span's attributes are nested under `custom` — and the
 * console's own search (`/intake/spans/search`), which adds what its pages group by.
 */

import { createHash } from 'node:crypto';
import type { SpanAttributes } from '#contracts/wire/events.js';
import { parseTimeMs } from '../query/time.js';
import type { SpanStore, StoredSpan } from '../traces/span-store.js';
import { ApiError } from './api-error.js';
import { offsetCursor, pageAnswer } from './paging.js';

const own = (record: Record<string, string | number>) =>
  Object.entries(record).filter(([k]) => !k.startsWith('_'));

type Tree = Record<string, unknown>;
// Null-prototype nodes: a span's key `__proto__.x` is a key like any other, never a prototype.
const node = (): Tree => Object.create(null) as Tree;

/** Puts `value` at `parts` under `tree`; false when a value already there is in the way. */
function place(tree: Tree, parts: string[], value: unknown): boolean {
  let at = tree;
  for (const part of parts.slice(0, -1)) {
    const next = at[part];
    if (next === undefined) at = at[part] = node();
    else if (typeof next === 'object' && next !== null) at = next as Tree;
    else return false;
  }
  const leaf = parts.at(-1) as string;
  if (typeof at[leaf] === 'object' && at[leaf] !== null) return false;
  at[leaf] = value;
  return true;
}

/**
 * `http.status_code: "200"` → `{ http: { status_code: "200" } }`, as Datadog nests `custom`; a
 * key whose path is taken by another's value stays whole at the top (the first one wins a tie).
 */
export function nestDotted(entries: Array<[string, unknown]>): Tree {
  const root = node();
  for (const [key, value] of entries)
    if (!place(root, key.split('.'), value) && !(key in root)) root[key] = value;
  return root;
}

/** A span as Datadog's spans API answers it. */
export function spanJson(s: StoredSpan) {
  const env = s.meta.env ?? 'none';
  return {
    id: `${s.traceId}-${s.spanId}`,
    type: 'spans',
    attributes: {
      custom: nestDotted([...own(s.meta), ...own(s.metrics), ['duration', Math.round(s.durationMs * 1e6)]]),
      end_timestamp: new Date(s.startMs + s.durationMs).toISOString(),
      env,
      host: 'ddworkshop-intake',
      ingestion_reason: 'auto',
      parent_id: s.parentId,
      resource_hash: createHash('sha256').update(s.resource).digest('hex').slice(0, 16),
      resource_name: s.resource,
      retained_by: 'retention_filter',
      service: s.service,
      single_span: false,
      span_id: s.spanId,
      start_timestamp: new Date(s.startMs).toISOString(),
      tags: [
        `env:${env}`,
        `service:${s.service}`,
        'source:apm',
        ...(s.meta.version ? [`version:${s.meta.version}`] : []),
      ],
      trace_id: s.traceId,
      type: s.type,
    },
  };
}

/** What the console's trace pages show: Datadog's shape plus the operation name and the error. */
/** A span as the console reads it (#contracts/wire/events): Datadog's attributes with the operation name and status. */
export function consoleSpanJson(s: StoredSpan): { id: string; type: 'spans'; attributes: SpanAttributes } {
  const custom: Record<string, unknown> = {};
  for (const [k, v] of [...own(s.meta), ...own(s.metrics)]) custom[k] = v;
  const { attributes } = spanJson(s);
  return {
    id: `${s.traceId}-${s.spanId}`,
    type: 'spans',
    attributes: {
      ...attributes,
      operation_name: s.name,
      status: s.error ? 'error' : 'ok',
      custom: { ...custom, duration: Math.round(s.durationMs * 1e6), error: s.error ? 1 : 0 },
    },
  };
}

/** Datadog's page sizes: up to 1,000 spans a page; offline up to 5,000 (the console's trace view). */
const PAGE_LIMIT = { datadog: 1000, console: 5000 };

interface SpansRequest {
  query?: unknown;
  from?: unknown;
  to?: unknown;
  limit?: unknown;
  cursor?: unknown;
}

/** The window asked for; `from` after `to` is Datadog's 422 (its recorded answer, word for word). */
function window(r: SpansRequest): { from: number; to: number } {
  const nowMs = Date.now();
  const from = parseTimeMs(r.from ?? 'now-15m', nowMs);
  const to = parseTimeMs(r.to ?? 'now', nowMs);
  if (from === undefined || to === undefined)
    throw new ApiError(400, 'Invalid filter: from and to must be dates or now-<n><unit>');
  if (from > to)
    throw new ApiError(422, 'from after to', [
      {
        title: 'Generic Error',
        detail: "invalid_argument(Field 'filter.from,to' is invalid: 'from' should be anterior to 'to')",
      },
    ]);
  return { from, to };
}

function found(
  deps: { spans: SpanStore },
  r: SpansRequest,
  max: number,
): { page: StoredSpan[]; offset: number } {
  const { from, to } = window(r);
  const limit = Math.min(Math.max(Number(r.limit ?? 10) || 10, 1), max);
  const offset = offsetCursor.decode(r.cursor);
  return { page: deps.spans.search(String(r.query ?? '*'), from, to, offset + limit).slice(offset), offset };
}

export function searchSpans(deps: { spans: SpanStore }, r: SpansRequest) {
  const { page, offset } = found(deps, r, PAGE_LIMIT.datadog);
  const next = new URLSearchParams({
    ...(r.query !== undefined ? { 'filter[query]': String(r.query) } : {}),
    'page[limit]': String(r.limit ?? 10),
  });
  return pageAnswer(page.map(spanJson), {
    after: offsetCursor.encode(offset + page.length),
    nextBase: `/api/v2/spans/events?${next}`,
    cursorGiven: typeof r.cursor === 'string' && r.cursor !== '',
    statusMetaWithData: true,
  });
}

export function searchConsoleSpans(deps: { spans: SpanStore }, r: SpansRequest) {
  return { data: found(deps, r, PAGE_LIMIT.console).page.map(consoleSpanJson) };
}
