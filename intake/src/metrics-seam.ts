/**
 * The seam between the intake's metrics side (DogStatsD parsing, aggregation, storage and the
 * query language) and its servers (trace intake, query API, agent status). Both sides are
 * built separately against these types.
 */

/** One DogStatsD sample after parsing, before aggregation. */
export interface MetricSample {
  name: string;
  /** DogStatsD type: count, gauge, timing, histogram, distribution, set. */
  type: 'c' | 'g' | 'ms' | 'h' | 'd' | 's';
  /** Numbers for all types but sets, whose members are strings. */
  value: number | string;
  /** 1 when absent. */
  sampleRate: number;
  /** `key:value` or bare `key`, in arrival order, duplicates removed. */
  tags: string[];
  /** Client-supplied timestamp (`|T<unix seconds>`), when present. */
  timestampSec?: number;
  /** A distribution Datadog computes percentiles for without being asked (trace metrics). */
  percentiles?: boolean;
}

/** Where samples go: the DogStatsD server and the trace intake (trace metrics) both feed it. */
export interface MetricSink {
  ingest(sample: MetricSample, nowMs?: number): void;
}

/** One series of a query answer, before it is shaped into Datadog's v1 or v2 JSON. */
export interface EvaluatedSeries {
  metric: string;
  /** The query text that produced it, e.g. `avg:request_count{service:webapp} by {endpoint}`. */
  expression: string;
  /** Filters joined with `,` or `*` when none (Datadog's `scope`). */
  scope: string;
  /** Group-by tags of this series, e.g. `['endpoint:/users']`; empty when not grouped. */
  tagSet: string[];
  /** avg, sum, min, max, p50..p99 */
  aggr: string;
  intervalSec: number;
  /** [timestamp in ms, value], ascending, only buckets that have data. */
  points: Array<[number, number]>;
}

export type StoredMetricType = 'count' | 'rate' | 'gauge' | 'distribution';

export interface MetricsQueryEngine {
  /** Metric names with at least one point at or after `sinceSec` (for GET /api/v1/metrics). */
  activeMetrics(sinceSec: number): string[];
  /** Every tag seen on the metric (for all-tags); undefined when the metric is unknown. */
  allTags(metric: string): string[] | undefined;
  /** The tag sets of a metric's series (its contexts), for Datadog's volumes endpoint. */
  contexts(metric: string): string[][] | undefined;
  /** Stored type of a metric name as Datadog reports it (histograms' suffixes are gauges/rates). */
  metricType(metric: string): StoredMetricType | undefined;
  /**
   * Evaluate a query string over [fromSec, toSec], rolled up into `intervalSec` points when
   * given (v2's `interval`), else an interval that fits the window. Throws QueryError on bad input.
   */
  query(query: string, fromSec: number, toSec: number, intervalSec?: number | 'window'): EvaluatedSeries[];
}

/** Counters for `agent status` and `agent dogstatsd-stats`. */
export interface DogStatsDStats {
  packets: number;
  packetBytes: number;
  metricSamples: number;
  events: number;
  serviceChecks: number;
  /** Dropped lines by reason, e.g. `{ 'bad type': 3, 'no value': 1 }`. */
  parseErrors: Record<string, number>;
  /** Samples dropped because the series cap was reached. */
  /** Series evicted (least recently updated first) when the store reached its count or memory limit. */
  evictedSeries: number;
  lastEvictionMs: number;
  /** At the last eviction: the metric with the most series and its tag with the most values. */
  cardinalityHint?: { metric: string; series: number; tag?: string; values?: number };
  /** Estimated memory of the series, and its limit. */
  seriesBytes: number;
  maxSeriesBytes: number;
  maxSeries: number;
  /** Live series in the store. */
  series: number;
  /** Per metric name: samples received, tag sets seen, last seen (ms). */
  perMetric: Array<{ name: string; count: number; contexts: number; lastSeenMs: number }>;
}
