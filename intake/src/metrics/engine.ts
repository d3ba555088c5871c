/**
 * The intake's metric store: samples aggregated as the agent does, in 10-second buckets, kept
 * for a retention window with a cap on series; queries are evaluated over it by evaluate.ts.
 *   counters      -> per-bucket totals (a "rate" metric: per second, or counts with .as_count())
 *   gauges        -> last value per bucket
 *   histograms    -> name.avg .count .max .median .95percentile (from a sketch per bucket)
 *   sets          -> unique members per bucket
 *   distributions -> a DDSketch per bucket: p50..p99, avg, count, sum, min, max across series
 */
import type {
  DogStatsDStats,
  MetricSample,
  MetricSink,
  MetricsQueryEngine,
  StoredMetricType,
} from '../metrics-seam.js';
import { evaluateQuery, type StoreView } from './evaluate.js';
import { MAX_SAMPLES_PER_BUCKET, weightOf } from './histogram.js';
import { type Bucket, HISTOGRAM_VIEWS, type Kind, newSketch, type Series, type View } from './series.js';
import {
  bucketBytes,
  cardinalityHint,
  evictionOrder,
  newBucketBytes,
  seriesBaseBytes,
  seriesBytes,
} from './series-budget.js';
import { queryable, type TagConfiguration } from './tag-config.js';

export interface EngineOptions {
  bucketSec?: number;
  retentionSec?: number;
  maxSeries?: number;
  /** Memory the series may use (estimated; default 256 MiB): past it the least recently updated go. */
  maxBytes?: number;
  now?: () => number;
  /**
   * Seconds after its 10 s bucket closes before a point can be read (0 by default): Datadog's
   * points land 15–30 s after their bucket; `INTAKE_INGESTION_DELAY_SEC` models it, for tests of
   * what must hold on Datadog (lesson 7's check).
   */
  ingestionDelaySec?: number;
}

export interface IngestCounters {
  packets: number;
  packetBytes: number;
  events: number;
  serviceChecks: number;
  parseErrors: Record<string, number>;
  metricSamples: number;
}

export interface MetricsEngine extends MetricSink, MetricsQueryEngine {
  /** Metric tag configurations (Datadog's Metrics without Limits), by metric name. */
  readonly tagConfigs: Map<string, TagConfiguration>;
  readonly counters: IngestCounters;
  countParseError(reason: string): void;
  stats(): DogStatsDStats;
}

const KIND_OF: Record<MetricSample['type'], Kind> = {
  c: 'counter',
  g: 'gauge',
  ms: 'histogram',
  h: 'histogram',
  d: 'distribution',
  s: 'set',
};

function keepSample(b: Bucket, value: number, sampleRate: number): void {
  if (b.overflow) return;
  b.samples ??= { values: [], weights: [] };
  if (b.samples.values.length >= MAX_SAMPLES_PER_BUCKET) {
    b.overflow = true;
    b.samples = undefined;
    return;
  }
  b.samples.values.push(value);
  b.samples.weights.push(weightOf(sampleRate));
}

export function createMetricsEngine(options: EngineOptions = {}): MetricsEngine {
  const bucketSec = options.bucketSec ?? 10;
  const retentionSec = options.retentionSec ?? 3600;
  const maxSeries = options.maxSeries ?? 100_000;
  const maxBytes = options.maxBytes ?? 256 * 1024 * 1024;
  const now = options.now ?? Date.now;

  const series = new Map<string, Series>();
  /** Queryable name -> the series it reads and how. */
  const names = new Map<string, { base: string; view: View }>();
  const byBase = new Map<string, Set<Series>>();
  const perMetric = new Map<string, { count: number; lastSeenMs: number }>();
  /**
   * The kind each metric name last arrived as, outside histograms (whose series answer only their
   * `.avg`, `.count`… names): a student who fixes a type sees the new one at once, and a name's
   * series of an earlier type are no longer read under it (an `increment` fixed to `gauge`, a
   * `histogram` fixed to `distribution`).
   */
  const lastKind = new Map<string, Kind>();
  const tagConfigs = new Map<string, TagConfiguration>();
  const counters: IngestCounters = {
    packets: 0,
    packetBytes: 0,
    events: 0,
    serviceChecks: 0,
    parseErrors: {},
    metricSamples: 0,
  };
  let lastPrune = 0;
  /** Estimated memory of every series, kept as they grow and shrink (series-budget.ts). */
  let bytes = 0;
  const lastSeen = new Map<Series, number>();
  const eviction = {
    evictedSeries: 0,
    lastEvictionMs: 0,
    hint: undefined as ReturnType<typeof cardinalityHint>,
  };

  function dropSeries(key: string, s: Series): void {
    for (const b of s.buckets.values()) bytes -= bucketBytes(s.kind, b);
    bytes -= seriesBaseBytes(s.name, s.tags);
    series.delete(key);
    lastSeen.delete(s);
    byBase.get(s.name)?.delete(s);
  }

  function prune(nowSec: number): void {
    const oldest = nowSec - retentionSec;
    for (const [key, s] of series) {
      for (const [start, b] of s.buckets)
        if (start + bucketSec <= oldest) {
          bytes -= bucketBytes(s.kind, b);
          s.buckets.delete(start);
        }
      if (s.buckets.size === 0) dropSeries(key, s);
    }
  }

  /** Full: the least recently updated series go (counted, with the metric and tag that grew), never a new one refused. */
  function evict(nowMs: number): void {
    eviction.hint = cardinalityHint(series.values());
    const keyOf = new Map([...series].map(([k, s]) => [s, k]));
    const order = evictionOrder(
      [...series.values()].map((s) => ({
        series: s,
        lastSeenSec: lastSeen.get(s) ?? 0,
        bytes: seriesBytes(s),
      })),
      { count: maxSeries, bytes: maxBytes },
      bytes,
    );
    for (const s of order) dropSeries(keyOf.get(s) as string, s);
    eviction.evictedSeries += order.length;
    eviction.lastEvictionMs = nowMs;
  }

  function register(name: string, kind: Kind): void {
    if (kind === 'histogram') {
      for (const view of HISTOGRAM_VIEWS) names.set(`${name}.${view}`, { base: name, view });
    } else names.set(name, { base: name, view: 'value' });
  }

  function countParseError(reason: string): void {
    counters.parseErrors[reason] = (counters.parseErrors[reason] ?? 0) + 1;
  }

  function ingest(sample: MetricSample, nowMs = now()): void {
    const nowSec = Math.floor(nowMs / 1000);
    if (nowSec - lastPrune >= bucketSec) {
      lastPrune = nowSec;
      prune(nowSec);
    }
    // Datadog takes points up to 10 minutes ahead and 1 hour back; the rest are dropped, and counted.
    if (
      sample.timestampSec !== undefined &&
      (sample.timestampSec > nowSec + 600 || sample.timestampSec < nowSec - Math.min(3600, retentionSec))
    ) {
      countParseError('timestamp out of range');
      return;
    }
    const kind = KIND_OF[sample.type];
    const tags = [...sample.tags].sort();
    const key = `${sample.name}|${kind}|${tags.join(',')}`;
    let s = series.get(key);
    if (!s) {
      if (series.size >= maxSeries || bytes >= maxBytes) evict(nowMs);
      s = { name: sample.name, kind, tags, buckets: new Map() };
      bytes += seriesBaseBytes(sample.name, tags);
      series.set(key, s);
      if (!byBase.has(sample.name)) byBase.set(sample.name, new Set());
      byBase.get(sample.name)?.add(s);
      register(sample.name, kind);
    }
    const ts = sample.timestampSec ?? nowSec;
    const start = Math.floor(ts / bucketSec) * bucketSec;
    let b = s.buckets.get(start);
    if (!b) {
      b = { total: 0, last: 0 };
      s.buckets.set(start, b);
      bytes += newBucketBytes(kind);
    }
    lastSeen.set(s, nowSec);
    const before = kind === 'counter' || kind === 'gauge' ? 0 : bucketBytes(kind, b);
    const value = sample.value;
    switch (kind) {
      case 'counter':
        b.total += (value as number) / sample.sampleRate;
        break;
      case 'gauge':
        b.last = value as number;
        break;
      case 'set':
        b.members ??= new Set();
        if (b.members.size < 100_000) b.members.add(String(value));
        break;
      default: {
        b.sketch ??= newSketch();
        // A sampled timing stands for 1/rate timings, as the agent counts it.
        b.sketch.accept(value as number, 1 / sample.sampleRate);
        if (kind === 'histogram') keepSample(b, value as number, sample.sampleRate);
        if (
          kind === 'distribution' &&
          (sample.percentiles || tagConfigs.get(sample.name)?.includePercentiles)
        ) {
          b.pctSketch ??= newSketch();
          b.pctSketch.accept(value as number, 1 / sample.sampleRate);
        }
      }
    }
    // Samples kept, set members and a percentile sketch grow a bucket; an overflow shrinks it.
    if (kind !== 'counter' && kind !== 'gauge') bytes += bucketBytes(kind, b) - before;
    counters.metricSamples++;
    if (kind !== 'histogram') lastKind.set(sample.name, kind);
    const m = perMetric.get(sample.name) ?? { count: 0, lastSeenMs: 0 };
    m.count++;
    m.lastSeenMs = nowMs;
    perMetric.set(sample.name, m);
  }

  const store: StoreView = {
    bucketSec,
    target: (metric) => names.get(metric),
    seriesOf: (base, view) => seriesRead(base, view),
    metricType: (metric) => metricType(metric),
    queryable: (base) => queryable(tagConfigs.get(base)),
  };
  function* seriesRead(base: string, view: View): Iterable<Series> {
    const kind = view === 'value' ? lastKind.get(base) : 'histogram';
    for (const s of byBase.get(base) ?? []) if (s.kind === kind) yield s;
  }

  const delaySec = options.ingestionDelaySec ?? 0;
  /** The newest second a query may read: with a delay, a bucket shows `delaySec` after it closes. */
  const readableTo = (toSec: number) =>
    delaySec > 0 ? Math.min(toSec, Math.floor(now() / 1000 / bucketSec) * bucketSec - delaySec - 1) : toSec;
  const query = (text: string, fromSec: number, toSec: number, intervalSec?: number | 'window') =>
    evaluateQuery(store, text, fromSec, Math.max(fromSec, readableTo(toSec)), intervalSec);

  function activeMetrics(sinceSec: number): string[] {
    const active = new Set<string>();
    for (const [name, { base, view }] of names) {
      for (const s of seriesRead(base, view)) {
        if ([...s.buckets.keys()].some((start) => start + bucketSec > sinceSec)) {
          active.add(name);
          break;
        }
      }
    }
    return [...active].sort();
  }

  function allTags(metric: string): string[] | undefined {
    const target = names.get(metric);
    if (!target) return undefined;
    const tags = new Set<string>();
    for (const s of seriesRead(target.base, target.view)) for (const t of s.tags) tags.add(t);
    return [...tags].sort();
  }

  function contexts(metric: string): string[][] | undefined {
    const target = names.get(metric);
    if (!target) return undefined;
    return [...seriesRead(target.base, target.view)].map((s) => s.tags);
  }

  function metricType(metric: string): StoredMetricType | undefined {
    const target = names.get(metric);
    if (!target) return undefined;
    if (target.view !== 'value') return target.view === 'count' ? 'rate' : 'gauge';
    const kind = lastKind.get(target.base);
    if (kind === 'counter') return 'rate';
    if (kind === 'distribution') return 'distribution';
    return 'gauge';
  }

  return {
    counters,
    tagConfigs,
    ingest,
    query,
    activeMetrics,
    allTags,
    contexts,
    metricType,
    countParseError,
    stats() {
      const contexts = new Map<string, number>();
      for (const s of series.values()) contexts.set(s.name, (contexts.get(s.name) ?? 0) + 1);
      return {
        ...counters,
        parseErrors: { ...counters.parseErrors },
        evictedSeries: eviction.evictedSeries,
        lastEvictionMs: eviction.lastEvictionMs,
        cardinalityHint: eviction.hint,
        seriesBytes: bytes,
        maxSeriesBytes: maxBytes,
        maxSeries,
        series: series.size,
        perMetric: [...perMetric]
          .map(([name, m]) => ({
            name,
            count: m.count,
            contexts: contexts.get(name) ?? 0,
            lastSeenMs: m.lastSeenMs,
          }))
          .sort((a, b) => b.count - a.count),
      };
    },
  };
}
