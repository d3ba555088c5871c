/**
 * General application metrics, sent after every response (the seed's `record_request_data`):
 * latency, counts, errors, database queries, and the gauges some routes leave on res.locals.
 */
import type { Request, Response } from 'express';
import type { StatsD } from 'hot-shots';

/** Endpoints whose handlers query the database. */
const DATABASE_ENDPOINTS = new Set(['/users', '/database-query', '/health']);

/**
 * The route pattern, not the raw path: `/users/:id` stays one tag value whatever the id, so a
 * scan of random URLs cannot create thousands of series.
 */
export function endpointOf(req: Request): string {
  const route = req.route as { path?: unknown } | undefined;
  if (route && typeof route.path === 'string') return `${req.baseUrl}${route.path}` || '/';
  return 'unmatched';
}

export function recordRequestData(req: Request, res: Response, statsd: StatsD): void {
  const endpoint = endpointOf(req);
  const status = res.statusCode;
  const tags = [`endpoint:${endpoint}`, `method:${req.method}`, `status:${status}`];
  const startedAt = res.locals.startedAt as bigint | undefined;
  if (startedAt !== undefined) {
    const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
    statsd.histogram('request_latency_seconds_hist', seconds, tags);
  }
  statsd.increment('request_count', 1, tags);
  if (status >= 400 && status <= 599) statsd.increment('error_count', 1, tags);
  if (DATABASE_ENDPOINTS.has(endpoint)) statsd.increment('database_queries_total', 1, tags);

  const gauges = res.locals as { delaySeconds?: number; allocatedBytes?: number; cpuSeconds?: number };
  if (gauges.delaySeconds !== undefined) {
    statsd.gauge('business_value', gauges.delaySeconds * 10, ['metric_type:performance']);
  }
  if (gauges.allocatedBytes !== undefined) {
    statsd.gauge('memory_usage_bytes', gauges.allocatedBytes, ['operation:memory_allocation']);
  }
  if (gauges.cpuSeconds !== undefined) {
    statsd.gauge('cpu_usage_seconds', gauges.cpuSeconds, ['operation:cpu_intensive']);
  }
}
