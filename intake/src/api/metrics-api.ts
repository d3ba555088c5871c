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
import { ApiError, jsonBody } from './api-error.js';

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
