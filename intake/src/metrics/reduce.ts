/** Reducing a query's series over a window to one value per group (scalar queries, monitors). */

import { parseQuery } from '#contracts/metric-query.js';
import type { MetricsQueryEngine } from '../metrics-seam.js';

export const REDUCERS: Record<string, (values: number[]) => number> = {
  avg: (v) => v.reduce((a, b) => a + b, 0) / v.length,
  mean: (v) => v.reduce((a, b) => a + b, 0) / v.length,
  sum: (v) => v.reduce((a, b) => a + b, 0),
  min: (v) => v.reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY),
  max: (v) => v.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY),
  last: (v) => v.at(-1) as number,
};

export function reduce(aggregator: string, values: number[]): number | undefined {
  const fn = REDUCERS[aggregator];
  return fn && values.length > 0 ? fn(values) : undefined;
}

/**
 * Each group of `query` over [fromSec, toSec] reduced by `aggregator`. A distribution (unless
 * asked for its `last` point) is evaluated as one interval over the whole window, so its
 * percentile is the window's own, from every sketch merged — as Datadog computes a p95 over a
 * timeframe — not a reduction of per-interval percentiles.
 */
export function windowValues(
  engine: MetricsQueryEngine,
  query: string,
  fromSec: number,
  toSec: number,
  aggregator: string,
): Array<{ tagSet: string[]; value: number }> {
  const whole = aggregator !== 'last' && engine.metricType(parseQuery(query).metric) === 'distribution';
  const out: Array<{ tagSet: string[]; value: number }> = [];
  for (const s of engine.query(query, fromSec, toSec, whole ? 'window' : undefined)) {
    const value = reduce(
      aggregator,
      s.points.map((p) => p[1]),
    );
    if (value !== undefined) out.push({ tagSet: s.tagSet, value });
  }
  return out;
}
