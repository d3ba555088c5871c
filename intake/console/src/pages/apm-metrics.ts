/** APM numbers from trace metrics (`trace.<operation>.hits`, `.errors`, the `trace.<operation>` distribution). */
import { listMetrics, type ScalarQuery, scalarQuery } from '../api.js';

export interface OperationStats {
  service: string;
  operation: string;
  /** The group's own tag (resource_name:… on the service page). */
  group: string;
  hits: number;
  errors: number;
  p50?: number;
  p95?: number;
  p99?: number;
}

export async function operations(): Promise<string[]> {
  const metrics = await listMetrics(Math.floor(Date.now() / 1000) - 3600);
  return metrics.map((m) => /^trace\.(.+)\.hits$/.exec(m)?.[1]).filter((op): op is string => Boolean(op));
}

/** Hits, errors and latency percentiles of one operation over the window, per group. */
export async function operationStats(
  operation: string,
  scope: string,
  by: string,
  fromSec: number,
  toSec: number,
): Promise<OperationStats[]> {
  const q = (name: string, query: string, aggregator: ScalarQuery['aggregator']): ScalarQuery => ({
    name,
    query,
    aggregator,
  });
  const rows = await scalarQuery(
    [
      q('hits', `sum:trace.${operation}.hits{${scope}} by {${by}}.as_count()`, 'sum'),
      q('errors', `sum:trace.${operation}.errors{${scope}} by {${by}}.as_count()`, 'sum'),
      q('p50', `p50:trace.${operation}{${scope}} by {${by}}`, 'avg'),
      q('p95', `p95:trace.${operation}{${scope}} by {${by}}`, 'avg'),
      q('p99', `p99:trace.${operation}{${scope}} by {${by}}`, 'avg'),
    ],
    fromSec,
    toSec,
  );
  return [...rows].map(([group, r]) => ({
    service: /(?:^|,)service:([^,]*)/.exec(group)?.[1] ?? '',
    operation,
    group,
    hits: r.hits ?? 0,
    errors: r.errors ?? 0,
    p50: r.p50 ?? undefined,
    p95: r.p95 ?? undefined,
    p99: r.p99 ?? undefined,
  }));
}
