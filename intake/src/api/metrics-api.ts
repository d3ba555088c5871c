/** Datadog's metrics endpoints (v1 query and metadata, v2 timeseries and tag configurations). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../http/http-util.js';
import type { MetricsEngine } from '../metrics/engine.js';
import {
  configurationJson,
  createConfiguration,
  queryable,
  TagConfigError,
  updateConfiguration,
} from '../metrics/tag-config.js';
import { ApiError, checkRange, jsonBody } from './api-error.js';

type Deps = { engine: MetricsEngine };

export function v1Series(deps: Deps, query: string, fromSec: number, toSec: number) {
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
export function metricMetadata(deps: Deps, name: string) {
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

export function timeseries(deps: Deps, body: Record<string, unknown>) {
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
export async function tagConfiguration(
  deps: Deps,
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

/**
 * `/api/v2/metrics/{name}/volumes`: a metric's distinct contexts; with a tag configuration,
 * what was ingested and what stays queryable (its contexts over the allowed tags), as Datadog
 * reports Metrics without Limits.
 */
export function metricVolumes(deps: Deps, name: string) {
  const contexts = deps.engine.contexts(name);
  if (!contexts) throw new ApiError(404, `Metric ${name} not found`);
  const config = deps.engine.tagConfigs.get(name);
  if (!config)
    return {
      data: { type: 'distinct_metric_volumes', id: name, attributes: { distinct_volume: contexts.length } },
    };
  const keep = queryable(config);
  const indexed = new Set(contexts.map((tags) => tags.filter(keep).join(',')));
  return {
    data: {
      type: 'metric_volumes',
      id: name,
      attributes: { indexed_volume: indexed.size, ingested_volume: contexts.length },
    },
  };
}

const REDUCERS: Record<string, (values: number[]) => number> = {
  avg: (v) => v.reduce((a, b) => a + b, 0) / v.length,
  mean: (v) => v.reduce((a, b) => a + b, 0) / v.length,
  sum: (v) => v.reduce((a, b) => a + b, 0),
  min: (v) => Math.min(...v),
  max: (v) => Math.max(...v),
  last: (v) => v.at(-1) as number,
};

function requestAttributes(body: Record<string, unknown>) {
  const attrs = ((body.data as Record<string, unknown> | undefined)?.attributes ?? {}) as Record<
    string,
    unknown
  >;
  const from = Number(attrs.from);
  const to = Number(attrs.to);
  if (!Number.isFinite(from) || !Number.isFinite(to))
    throw new ApiError(400, 'from and to (milliseconds) are required');
  checkRange(from / 1000, to / 1000);
  if (!Array.isArray(attrs.queries) || attrs.queries.length === 0)
    throw new ApiError(400, 'queries must be a non-empty list of queries');
  if (attrs.formulas !== undefined && !Array.isArray(attrs.formulas))
    throw new ApiError(400, 'formulas must be a list of formulas');
  return { attrs, from, to, queries: attrs.queries as Array<Record<string, unknown>> };
}

/**
 * `POST /api/v2/query/scalar`: each query reduced over the window by its `aggregator` (avg, sum,
 * min, max, last), one row per group. A distribution's value is the window's own (its sketches
 * merged), as Datadog computes p95 over a timeframe — not an average of per-interval p95s.
 */
export function scalar(deps: Deps, body: Record<string, unknown>) {
  const { attrs, from, to, queries } = requestAttributes(body);
  const formulas =
    (attrs.formulas as Array<{ formula?: string }> | undefined) ??
    queries.map((q) => ({ formula: String(q.name) }));
  const rows = new Map<string, string[]>();
  const columns: Array<{ name: string; values: Map<string, number> }> = [];
  for (const f of formulas) {
    const q = queries.find((c) => String(c.name) === String(f.formula ?? '').trim());
    if (!q)
      throw new ApiError(
        400,
        `formula "${f.formula}" must name one query (arithmetic is not supported offline)`,
      );
    if (q.data_source !== undefined && q.data_source !== 'metrics')
      throw new ApiError(400, 'only data_source metrics is supported');
    const aggregator = String(q.aggregator ?? 'avg');
    const reduce = REDUCERS[aggregator];
    if (!reduce)
      throw new ApiError(400, `aggregator ${aggregator} is not supported (avg, sum, min, max, last)`);
    const text = String(q.query ?? '');
    const metric = /^(?:[a-z0-9]+:)?([A-Za-z][\w.]*)/.exec(text.trim())?.[1] ?? '';
    const whole = aggregator !== 'last' && deps.engine.metricType(metric) === 'distribution';
    const values = new Map<string, number>();
    for (const s of deps.engine.query(
      text,
      Math.floor(from / 1000),
      Math.ceil(to / 1000),
      whole ? 'window' : undefined,
    )) {
      const key = s.tagSet.join(',');
      rows.set(key, s.tagSet);
      values.set(key, reduce(s.points.map((p) => p[1])));
    }
    columns.push({ name: String(f.formula), values });
  }
  const keys = [...rows.keys()];
  return {
    data: {
      type: 'scalar_response',
      attributes: {
        columns: [
          { type: 'group', name: 'group', values: keys.map((k) => rows.get(k) ?? []) },
          ...columns.map((c) => ({
            type: 'number',
            name: c.name,
            values: keys.map((k) => c.values.get(k) ?? null),
            meta: { unit: null },
          })),
        ],
      },
    },
  };
}

/**
 * `GET /api/v2/metrics`: Datadog's list of metrics and tag configurations. `filter[configured]`
 * keeps the configured ones (with their configuration); `filter[metric_type]` and
 * `filter[include_percentiles]` narrow further; `window[seconds]` is the activity window.
 */
export function listTagConfigurations(deps: Deps, q: URLSearchParams, nowSec: number) {
  const windowSec = Number(q.get('window[seconds]') ?? 3600);
  if (!Number.isFinite(windowSec) || windowSec <= 0)
    throw new ApiError(400, 'window[seconds] must be a positive number');
  const configured = q.get('filter[configured]');
  const type = q.get('filter[metric_type]');
  const percentiles = q.get('filter[include_percentiles]');
  const names = new Set([...deps.engine.activeMetrics(nowSec - windowSec), ...deps.engine.tagConfigs.keys()]);
  const data = [];
  for (const name of [...names].sort()) {
    const config = deps.engine.tagConfigs.get(name);
    if (configured === 'true' && !config) continue;
    if (configured === 'false' && config) continue;
    if (type && config && config.metricType !== type) continue;
    if (percentiles !== null && String(config?.includePercentiles ?? false) !== percentiles) continue;
    data.push(config ? configurationJson(name, config).data : { type: 'metrics', id: name });
  }
  return { data };
}
