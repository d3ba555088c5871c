/**
 * The query API (default 8127): the parts of Datadog's API that ddworkshop calls, wire-compatible
 * with @datadog/datadog-api-client pointed at it with `baseServer`. Errors come in Datadog's
 * shape, `{"errors": ["..."]}`. `/intake/*` serves the status reports the CLI reads.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { QueryError } from '../contracts.js';
import { BodyTooLarge, closeAfter, readBody, sendJson } from '../http-util.js';
import type { MetricsEngine } from '../metrics/engine.js';
import {
  configurationJson,
  createConfiguration,
  queryable,
  TagConfigError,
  updateConfiguration,
} from '../metrics/tag-config.js';
import type { SpanStore, StoredSpan } from '../traces/span-store.js';
import { familyOf, type RateLimiter } from './rate-limit.js';
import { parseTimeMs } from './time.js';

export interface ApiDeps {
  engine: MetricsEngine;
  spans: SpanStore;
  apiKey?: string;
  appKey?: string;
  /** The report behind GET /intake/status (serialised as is). */
  status: () => object;
  /** Datadog's rate limits per endpoint family; none when absent. */
  rateLimiter?: RateLimiter;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Unix seconds up to 2100, from before to: an absurd window is refused as Datadog refuses it. */
const LATEST_SEC = 4_102_444_800;
function checkRange(fromSec: number, toSec: number): void {
  if (fromSec < 0 || toSec > LATEST_SEC || fromSec > toSec)
    throw new ApiError(400, 'Invalid time range: from and to must be unix times, from before to');
}

function decodePathPart(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new ApiError(400, 'Invalid metric name in the path');
  }
}

function checkKeys(deps: ApiDeps, req: IncomingMessage, needApp: boolean): void {
  const api = req.headers['dd-api-key'];
  const app = req.headers['dd-application-key'];
  if (typeof api !== 'string' || api === '' || (deps.apiKey && api !== deps.apiKey))
    throw new ApiError(403, 'Forbidden');
  if (needApp && (typeof app !== 'string' || app === '' || (deps.appKey && app !== deps.appKey))) {
    throw new ApiError(403, 'Forbidden');
  }
}

function v1Series(deps: ApiDeps, query: string, fromSec: number, toSec: number) {
  return deps.engine.query(query, fromSec, toSec).map((s, i) => ({
    metric: s.metric,
    display_name: s.metric,
    pointlist: s.points,
    scope: s.tagSet.length ? s.tagSet.join(',') : s.scope,
    expression: s.expression,
    tag_set: s.tagSet,
    aggr: s.aggr,
    interval: s.intervalSec,
    start: s.points[0]?.[0] ?? fromSec * 1000,
    end: (s.points.at(-1)?.[0] ?? toSec * 1000) + s.intervalSec * 1000 - 1,
    length: s.points.length,
    query_index: 0,
    unit: null,
    series_index: i,
  }));
}

/**
 * `GET /api/v1/metrics/{name}` as Datadog answers it: the type the metric was stored as
 * (a DogStatsD counter is a `rate` with a 10 s `statsd_interval`), no unit unless one was set.
 */
function metricMetadata(deps: ApiDeps, rawName: string) {
  const name = decodePathPart(rawName);
  const type = deps.engine.metricType(name);
  if (!type) throw new ApiError(404, 'Metric not found');
  return {
    description: null,
    short_name: null,
    integration: null,
    statsd_interval: type === 'rate' ? 10 : null,
    per_unit: null,
    type,
    unit: null,
  };
}

function spanJson(s: StoredSpan) {
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

function searchSpans(
  deps: ApiDeps,
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

async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = (await readBody(req, 5 * 1024 * 1024)).toString('utf8');
  try {
    const parsed = JSON.parse(text || '{}') as unknown;
    if (parsed && typeof parsed === 'object') return parsed as Record<string, unknown>;
  } catch {}
  throw new ApiError(400, 'Invalid JSON body');
}

function timeseries(deps: ApiDeps, body: Record<string, unknown>) {
  const attrs = ((body.data as Record<string, unknown> | undefined)?.attributes ?? {}) as Record<
    string,
    unknown
  >;
  const from = Number(attrs.from);
  const to = Number(attrs.to);
  if (!Number.isFinite(from) || !Number.isFinite(to))
    throw new ApiError(400, 'from and to (milliseconds) are required');
  checkRange(from / 1000, to / 1000);
  if (attrs.queries !== undefined && !Array.isArray(attrs.queries))
    throw new ApiError(400, 'queries must be a list of queries');
  if (attrs.formulas !== undefined && !Array.isArray(attrs.formulas))
    throw new ApiError(400, 'formulas must be a list of formulas');
  const queries = (attrs.queries as Array<Record<string, unknown>> | undefined) ?? [];
  if (queries.length === 0) throw new ApiError(400, 'queries must not be empty');
  const formulas =
    (attrs.formulas as Array<{ formula?: string }> | undefined) ??
    queries.map((q) => ({ formula: String(q.name) }));
  const byName = new Map(queries.map((q, i) => [String(q.name ?? `query${i + 1}`), { q, i }]));
  const series: Array<{ group_tags: string[]; query_index: number; unit: null }> = [];
  const columns: Array<Map<number, number>> = [];
  for (const [fi, f] of formulas.entries()) {
    const ref = byName.get(String(f.formula ?? '').trim());
    if (!ref)
      throw new ApiError(
        400,
        `formula "${f.formula}" must name one query (arithmetic is not supported offline)`,
      );
    if (ref.q.data_source !== undefined && ref.q.data_source !== 'metrics')
      throw new ApiError(400, 'only data_source metrics is supported');
    const interval = Number(attrs.interval);
    for (const s of deps.engine.query(
      String(ref.q.query ?? ''),
      Math.floor(from / 1000),
      Math.ceil(to / 1000),
      Number.isFinite(interval) && interval > 0 ? interval / 1000 : undefined,
    )) {
      series.push({ group_tags: s.tagSet, query_index: fi, unit: null });
      columns.push(new Map(s.points));
    }
  }
  const times = [...new Set(columns.flatMap((c) => [...c.keys()]))].sort((a, b) => a - b);
  return {
    data: {
      type: 'timeseries_response',
      id: '0',
      attributes: { series, times, values: columns.map((c) => times.map((t) => c.get(t) ?? null)) },
    },
  };
}

/** `/api/v2/metrics/{name}/tags`: Datadog's tag configuration (create, read, update, delete). */
async function tagConfiguration(
  deps: ApiDeps,
  method: string,
  name: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const configs = deps.engine.tagConfigs;
  const current = configs.get(name);
  try {
    switch (method) {
      case 'GET':
        if (!current) throw new ApiError(404, 'No tag configuration exists for the metric');
        return sendJson(res, 200, configurationJson(name, current));
      case 'POST': {
        const type = deps.engine.metricType(name);
        if (!type) throw new ApiError(404, `Metric ${name} not found`);
        if (current) throw new ApiError(409, `A tag configuration already exists for ${name}`);
        const created = createConfiguration(await jsonBody(req), name, type, new Date());
        configs.set(name, created);
        return sendJson(res, 201, configurationJson(name, created));
      }
      case 'PATCH': {
        if (!current) throw new ApiError(404, 'No tag configuration exists for the metric');
        const updated = updateConfiguration(current, await jsonBody(req), name, new Date());
        configs.set(name, updated);
        return sendJson(res, 200, configurationJson(name, updated));
      }
      case 'DELETE':
        if (!current) throw new ApiError(404, 'No tag configuration exists for the metric');
        configs.delete(name);
        res.writeHead(204).end();
        return;
      default:
        throw new ApiError(405, 'Method not allowed');
    }
  } catch (error) {
    if (error instanceof TagConfigError) throw new ApiError(error.status, error.message);
    throw error;
  }
}

async function route(deps: ApiDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://intake');
  const path = url.pathname;
  const method = req.method ?? 'GET';
  const q = url.searchParams;

  if (path === '/intake/health') return sendJson(res, 200, { status: 'ok' });
  if (path === '/intake/status') return sendJson(res, 200, deps.status());

  if (path === '/api/v1/validate' && method === 'GET') {
    checkKeys(deps, req, false);
    return sendJson(res, 200, { valid: true });
  }
  if (!path.startsWith('/api/')) throw new ApiError(404, 'Not found');
  checkKeys(deps, req, true);
  const family = familyOf(method, path);
  const decision = family ? deps.rateLimiter?.take(family) : undefined;
  if (decision) {
    for (const [k, v] of Object.entries(decision.headers)) res.setHeader(k, v);
    if (!decision.allowed) throw new ApiError(429, 'Too many requests');
  }

  if (path === '/api/v1/metrics' && method === 'GET') {
    const from = Number(q.get('from'));
    if (!q.get('from') || !Number.isFinite(from))
      throw new ApiError(400, "The parameter 'from' is required and must be unix seconds");
    return sendJson(res, 200, { metrics: deps.engine.activeMetrics(from), from: String(from) });
  }
  const metadata = /^\/api\/v1\/metrics\/([^/]+)$/.exec(path);
  if (metadata && method === 'GET') return sendJson(res, 200, metricMetadata(deps, metadata[1] ?? ''));
  if (path === '/api/v1/query' && method === 'GET') {
    const from = Number(q.get('from'));
    const to = Number(q.get('to'));
    const query = q.get('query');
    if (!query || !Number.isFinite(from) || !Number.isFinite(to))
      throw new ApiError(400, 'from, to and query are required');
    checkRange(from, to);
    return sendJson(res, 200, {
      status: 'ok',
      res_type: 'time_series',
      resp_version: 1,
      query,
      from_date: from * 1000,
      to_date: to * 1000,
      series: v1Series(deps, query, from, to),
      values: [],
      times: [],
      message: '',
      group_by: [],
    });
  }
  if (path === '/api/v2/query/timeseries' && method === 'POST')
    return sendJson(res, 200, timeseries(deps, await jsonBody(req)));
  const tagConfig = /^\/api\/v2\/metrics\/([^/]+)\/tags$/.exec(path);
  if (tagConfig) return tagConfiguration(deps, method, decodePathPart(tagConfig[1] ?? ''), req, res);
  const allTags = /^\/api\/v2\/metrics\/([^/]+)\/all-tags$/.exec(path);
  if (allTags && method === 'GET') {
    const name = decodePathPart(allTags[1] ?? '');
    const ingested = deps.engine.allTags(name);
    if (!ingested) throw new ApiError(404, `Metric ${name} not found`);
    const tags = ingested.filter(queryable(deps.engine.tagConfigs.get(name)));
    return sendJson(res, 200, {
      data: { type: 'metrics', id: name, attributes: { tags, ingested_tags: ingested } },
    });
  }
  if (path === '/api/v2/spans/events/search' && method === 'POST') {
    const attrs = (((await jsonBody(req)).data as Record<string, unknown> | undefined)?.attributes ??
      {}) as Record<string, unknown>;
    const page = (attrs.page ?? {}) as { limit?: unknown };
    return sendJson(res, 200, searchSpans(deps, (attrs.filter ?? {}) as Record<string, unknown>, page.limit));
  }
  if (path === '/api/v2/spans/events' && method === 'GET') {
    return sendJson(
      res,
      200,
      searchSpans(
        deps,
        {
          query: q.get('filter[query]') ?? '*',
          from: q.get('filter[from]') ?? undefined,
          to: q.get('filter[to]') ?? undefined,
        },
        q.get('page[limit]'),
      ),
    );
  }
  throw new ApiError(404, 'Not found');
}

export function createApiServer(deps: ApiDeps): Server {
  return createServer((req, res) => {
    route(deps, req, res).catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      if (error instanceof ApiError) return sendJson(res, error.status, { errors: [error.message] });
      if (error instanceof QueryError || (error as Error).name === 'QueryError') {
        return sendJson(res, 400, { errors: [(error as Error).message], status: 'error' });
      }
      if (error instanceof BodyTooLarge) {
        closeAfter(res);
        return sendJson(res, 413, { errors: ['Payload too large'] });
      }
      // The detail goes to the intake's log, never into an answer.
      console.error(`internal error on ${req.method} ${req.url?.slice(0, 200)}:`, error);
      sendJson(res, 500, { errors: ['Internal error'] });
    });
  });
}
