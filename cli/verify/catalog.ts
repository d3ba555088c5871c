/**
 * The metrics `verify` looks for and how to ask for each: counts as counts, gauges as
 * averages, histograms through their `.avg` series, distributions as percentiles. Pure.
 */
import type { MetricKind } from './metric-types.js';

export type { MetricKind };

export interface ExpectedMetric {
  name: string;
  kind: MetricKind;
  /** Tag keys the metric must carry. */
  tags: string[];
  /** The scope it is queried with (default: the webapp's service tag). */
  scope?: string;
  /** Named on the command line but not in any catalogue: any type will do (read as a gauge). */
  unknown?: boolean;
}

export const WEBAPP_METRICS: ExpectedMetric[] = [
  { name: 'request_latency_seconds_hist', kind: 'histogram', tags: ['endpoint', 'method', 'status'] },
  { name: 'request_count', kind: 'count', tags: ['endpoint', 'method', 'status'] },
  { name: 'error_count', kind: 'count', tags: ['endpoint', 'method', 'status'] },
  { name: 'database_queries_total', kind: 'count', tags: ['endpoint'] },
  { name: 'business_value', kind: 'gauge', tags: ['metric_type'] },
  { name: 'memory_usage_bytes', kind: 'gauge', tags: ['operation'] },
  { name: 'cpu_usage_seconds', kind: 'gauge', tags: ['operation'] },
];

export const ECOMMERCE_METRICS: ExpectedMetric[] = [
  { name: 'ecommerce.purchase_amount', kind: 'gauge', tags: ['currency', 'amount_range', 'product_id'] },
  { name: 'ecommerce.purchase_count', kind: 'count', tags: ['transaction_type', 'product_id'] },
  { name: 'ecommerce.processing_time', kind: 'distribution', tags: ['operation'] },
];

/** The agent's system check (the real agent in Datadog mode, the intake offline), by host. */
export const INFRA_METRICS: ExpectedMetric[] = [
  'system.cpu.user',
  'system.cpu.idle',
  'system.load.1',
  'system.mem.total',
  'system.mem.used',
  'system.disk.in_use',
].map((name) => ({ name, kind: 'gauge' as const, tags: ['host'], scope: '*' }));

/** The agent's postgres check (the integration's metrics; the intake runs the same check offline). */
export const POSTGRES_METRICS: ExpectedMetric[] = [
  { name: 'postgresql.connections', kind: 'gauge', tags: ['db'], scope: '*' },
  { name: 'postgresql.percent_usage_connections', kind: 'gauge', tags: [], scope: '*' },
  { name: 'postgresql.database_size', kind: 'gauge', tags: ['db'], scope: '*' },
  // Rates the check submits with AgentCheck.rate: gauges of events per second (metadata.csv).
  { name: 'postgresql.commits', kind: 'gauge', tags: ['db'], scope: '*' },
  { name: 'postgresql.rows_fetched', kind: 'gauge', tags: ['db'], scope: '*' },
];

/** The postgres check's per-table metrics (`relations:` in its configuration: purchases, users). */
export const POSTGRES_RELATION_METRICS: ExpectedMetric[] = [
  { name: 'postgresql.seq_scans', kind: 'gauge', tags: ['table', 'schema'], scope: 'table:purchases' },
  { name: 'postgresql.live_rows', kind: 'gauge', tags: ['table', 'schema'], scope: 'table:purchases' },
];

/** The agent's container check: Docker only (the Docker runtime, or the real agent's host). */
export const CONTAINER_METRICS: ExpectedMetric[] = [
  {
    name: 'container.cpu.usage',
    kind: 'count',
    tags: ['container_name', 'short_image', 'compose_service'],
    scope: '*',
  },
  {
    name: 'container.memory.usage',
    kind: 'gauge',
    tags: ['container_name', 'short_image', 'compose_service'],
    scope: '*',
  },
  { name: 'container.net.rcvd', kind: 'count', tags: ['container_name'], scope: '*' },
];

/** Database Monitoring's query metrics (with Datadog, only where DBM is on the plan). */
export const DBM_METRICS: ExpectedMetric[] = [
  { name: 'postgresql.queries.count', kind: 'count', tags: ['query_signature', 'db', 'user'], scope: '*' },
  { name: 'postgresql.queries.time', kind: 'count', tags: ['query_signature', 'db', 'user'], scope: '*' },
];

export interface MetricSets {
  ecommerce?: boolean;
  /** The host and the postgres integration. */
  infra?: boolean;
  containers?: boolean;
  dbm?: boolean;
}

/** A metric named on the command line: known ones keep their kind; others accept any type (read as gauges). */
export function resolveMetrics(names: string[], sets: MetricSets = {}): ExpectedMetric[] {
  if (names.length === 0) {
    const chosen = [
      ...(sets.infra ? [...INFRA_METRICS, ...POSTGRES_METRICS, ...POSTGRES_RELATION_METRICS] : []),
      ...(sets.containers ? CONTAINER_METRICS : []),
      ...(sets.dbm ? DBM_METRICS : []),
    ];
    if (chosen.length) return chosen;
    return sets.ecommerce ? ECOMMERCE_METRICS : WEBAPP_METRICS;
  }
  const known = [
    ...WEBAPP_METRICS,
    ...ECOMMERCE_METRICS,
    ...INFRA_METRICS,
    ...POSTGRES_METRICS,
    ...POSTGRES_RELATION_METRICS,
    ...CONTAINER_METRICS,
    ...DBM_METRICS,
  ];
  return names.map(
    (name) => known.find((m) => m.name === name) ?? { name, kind: 'gauge', tags: [], unknown: true },
  );
}

/** The series name `GET /api/v1/metrics` lists for a metric (histograms list their suffixes). */
export function activeName(metric: ExpectedMetric): string {
  return metric.kind === 'histogram' ? `${metric.name}.avg` : metric.name;
}

export function queriesFor(
  metric: ExpectedMetric,
  scope = metric.scope ?? 'service:webapp',
): Array<{ label: string; query: string }> {
  const s = `{${scope}}`;
  switch (metric.kind) {
    case 'count':
      return [{ label: 'count', query: `sum:${metric.name}${s}.as_count()` }];
    case 'histogram':
      return [{ label: 'avg', query: `avg:${metric.name}.avg${s}` }];
    case 'distribution':
      // count is there as soon as points are; percentiles only once enabled (Datadog's default is off).
      return [
        { label: 'count', query: `count:${metric.name}${s}.as_count()` },
        ...['p50', 'p95', 'p99'].map((p) => ({ label: p, query: `${p}:${metric.name}${s}` })),
      ];
    default:
      return [{ label: 'avg', query: `avg:${metric.name}${s}` }];
  }
}
