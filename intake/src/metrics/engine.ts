/**
 * The intake's metric store: samples aggregated as the agent does, in 10-second buckets, kept
 * for a retention window with a cap on series, and queried with Datadog's query language.
 *   counters      -> per-bucket totals (a "rate" metric: per second, or counts with .as_count())
 *   gauges        -> last value per bucket
 *   histograms    -> name.avg .count .max .median .95percentile (from a sketch per bucket)
 *   sets          -> unique members per bucket
 *   distributions -> a DDSketch per bucket: p50..p99, avg, count, sum, min, max across series
 */
import { DDSketch } from '@datadog/sketches-js';
import type {
  DogStatsDStats,
  EvaluatedSeries,
  MetricSample,
  MetricSink,
  MetricsQueryEngine,
  StoredMetricType,
} from '../contracts.js';
import { QueryError } from '../contracts.js';
import { groupOf, type MetricQuery, matchesFilters, parseQuery, scopeOf } from '../query/parse-query.js';

type Kind = 'counter' | 'gauge' | 'histogram' | 'distribution' | 'set';

interface Bucket {
  total: number;
  last: number;
  sketch?: DDSketch;
  members?: Set<string>;
}

interface Series {
  name: string;
  kind: Kind;
  tags: string[];
  buckets: Map<number, Bucket>;
}

/** A histogram's derived metrics and what each one reads. */
const HISTOGRAM_VIEWS = ['avg', 'count', 'max', 'median', '95percentile'] as const;
type View = (typeof HISTOGRAM_VIEWS)[number] | 'value';

export interface EngineOptions {
  bucketSec?: number;
  retentionSec?: number;
  maxSeries?: number;
  now?: () => number;
}

export interface IngestCounters {
  packets: number;
  packetBytes: number;
  events: number;
  serviceChecks: number;
  parseErrors: Record<string, number>;
}

export interface MetricsEngine extends MetricSink, MetricsQueryEngine {
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

const newSketch = () => new DDSketch({ relativeAccuracy: 0.01 });

function quantileOf(sketch: DDSketch | undefined, q: number): number | undefined {
  return sketch && sketch.count > 0 ? sketch.getValueAtQuantile(q) : undefined;
}

const PERCENTILES: Record<string, number> = { p50: 0.5, p75: 0.75, p90: 0.9, p95: 0.95, p99: 0.99 };

export function createMetricsEngine(options: EngineOptions = {}): MetricsEngine {
  const bucketSec = options.bucketSec ?? 10;
  const retentionSec = options.retentionSec ?? 3600;
  const maxSeries = options.maxSeries ?? 100_000;
  const now = options.now ?? Date.now;

  const series = new Map<string, Series>();
  /** Queryable name -> the series it reads and how. */
  const names = new Map<string, { base: string; view: View }>();
  const byBase = new Map<string, Set<Series>>();
  const perMetric = new Map<string, { count: number; lastSeenMs: number }>();
  /** The kind each metric name last arrived as: a student who fixes a type sees the new one. */
  const lastKind = new Map<string, Kind>();
  const counters: IngestCounters = {
    packets: 0,
    packetBytes: 0,
    events: 0,
    serviceChecks: 0,
    parseErrors: {},
  };
  let metricSamples = 0;
  let droppedSeries = 0;
  let lastPrune = 0;

  function prune(nowSec: number): void {
    const oldest = nowSec - retentionSec;
    for (const [key, s] of series) {
      for (const start of s.buckets.keys()) if (start + bucketSec <= oldest) s.buckets.delete(start);
      if (s.buckets.size === 0) {
        series.delete(key);
        byBase.get(s.name)?.delete(s);
      }
    }
  }

  function register(name: string, kind: Kind): void {
    if (kind === 'histogram') {
      for (const view of HISTOGRAM_VIEWS) names.set(`${name}.${view}`, { base: name, view });
    } else names.set(name, { base: name, view: 'value' });
  }

  function ingest(sample: MetricSample, nowMs = now()): void {
    const nowSec = Math.floor(nowMs / 1000);
    if (nowSec - lastPrune >= bucketSec) {
      lastPrune = nowSec;
      prune(nowSec);
    }
    const kind = KIND_OF[sample.type];
    const tags = [...sample.tags].sort();
    const key = `${sample.name}|${kind}|${tags.join(',')}`;
    let s = series.get(key);
    if (!s) {
      if (series.size >= maxSeries) {
        droppedSeries++;
        return;
      }
      s = { name: sample.name, kind, tags, buckets: new Map() };
      series.set(key, s);
      if (!byBase.has(sample.name)) byBase.set(sample.name, new Set());
      byBase.get(sample.name)?.add(s);
      register(sample.name, kind);
    }
    const ts = sample.timestampSec ?? nowSec;
    if (ts < nowSec - retentionSec) return;
    const start = Math.floor(ts / bucketSec) * bucketSec;
    let b = s.buckets.get(start);
    if (!b) {
      b = { total: 0, last: 0 };
      s.buckets.set(start, b);
    }
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
      }
    }
    metricSamples++;
    lastKind.set(sample.name, kind);
    const m = perMetric.get(sample.name) ?? { count: 0, lastSeenMs: 0 };
    m.count++;
    m.lastSeenMs = nowMs;
    perMetric.set(sample.name, m);
  }

  /** One series' value over the buckets of one rollup interval (time aggregation). */
  function seriesValue(
    s: Series,
    view: View,
    buckets: Bucket[],
    query: MetricQuery,
    intervalSec: number,
  ): number | undefined {
    if (buckets.length === 0) return undefined;
    const countLike = s.kind === 'counter' || view === 'count';
    if (countLike) {
      const total = buckets.reduce(
        (sum, b) => sum + (view === 'count' ? (b.sketch?.count ?? 0) : b.total),
        0,
      );
      return query.fn === 'as_count' ? total : total / intervalSec;
    }
    const values = buckets
      .map((b) => {
        switch (view) {
          case 'avg':
            return b.sketch && b.sketch.count > 0 ? b.sketch.sum / b.sketch.count : undefined;
          case 'max':
            return b.sketch && b.sketch.count > 0 ? b.sketch.max : undefined;
          case 'median':
            return quantileOf(b.sketch, 0.5);
          case '95percentile':
            return quantileOf(b.sketch, 0.95);
          default:
            return s.kind === 'set' ? (b.members?.size ?? 0) : b.last;
        }
      })
      .filter((v): v is number => v !== undefined);
    if (values.length === 0) return undefined;
    if (view === 'max') return Math.max(...values);
    return values.reduce((a, b) => a + b, 0) / values.length;
  }

  function spaceAggregate(agg: string, values: number[]): number {
    switch (agg) {
      case 'sum':
      case 'count':
        return values.reduce((a, b) => a + b, 0);
      case 'min':
        return Math.min(...values);
      case 'max':
        return Math.max(...values);
      default:
        return values.reduce((a, b) => a + b, 0) / values.length;
    }
  }

  /** Distributions aggregate across series by merging sketches, as Datadog does server-side. */
  function distributionValue(
    agg: string,
    buckets: Bucket[],
    query: MetricQuery,
    intervalSec: number,
  ): number | undefined {
    const merged = newSketch();
    for (const b of buckets) if (b.sketch && b.sketch.count > 0) merged.merge(b.sketch);
    if (merged.count === 0) return undefined;
    const q = PERCENTILES[agg];
    if (q !== undefined) return merged.getValueAtQuantile(q);
    switch (agg) {
      case 'sum':
        return merged.sum;
      case 'min':
        return merged.min;
      case 'max':
        return merged.max;
      case 'count':
        return query.fn === 'as_rate' ? merged.count / intervalSec : merged.count;
      default:
        return merged.sum / merged.count;
    }
  }

  function query(text: string, fromSec: number, toSec: number): EvaluatedSeries[] {
    const q = parseQuery(text);
    const target = names.get(q.metric);
    if (target && PERCENTILES[q.agg] !== undefined && metricType(q.metric) !== 'distribution') {
      throw new QueryError(`Error parsing query: ${q.agg} is only available for distribution metrics`);
    }
    if (!target || toSec < fromSec) return [];
    const windowSec = Math.max(toSec - fromSec, bucketSec);
    const intervalSec = Math.max(bucketSec, Math.ceil(windowSec / 300 / bucketSec) * bucketSec);
    const groups = new Map<string, { tagSet: string[]; members: Series[] }>();
    for (const s of byBase.get(target.base) ?? []) {
      if (!matchesFilters(s.tags, q.filters)) continue;
      const tagSet = groupOf(s.tags, q.groupBy);
      const key = tagSet.join(',');
      if (!groups.has(key)) groups.set(key, { tagSet, members: [] });
      groups.get(key)?.members.push(s);
    }
    const results: EvaluatedSeries[] = [];
    for (const { tagSet, members } of groups.values()) {
      const points: Array<[number, number]> = [];
      const first = Math.floor(fromSec / intervalSec) * intervalSec;
      for (let t = first; t <= toSec; t += intervalSec) {
        const pick = (s: Series) => {
          const out: Bucket[] = [];
          for (let b = t; b < t + intervalSec; b += bucketSec) {
            const bucket = s.buckets.get(b);
            if (bucket && b >= fromSec - bucketSec && b <= toSec) out.push(bucket);
          }
          return out;
        };
        let value: number | undefined;
        if (members[0]?.kind === 'distribution') {
          value = distributionValue(q.agg, members.flatMap(pick), q, intervalSec);
        } else {
          const values = members
            .map((s) => seriesValue(s, target.view, pick(s), q, intervalSec))
            .filter((v): v is number => v !== undefined);
          if (values.length > 0) value = spaceAggregate(q.agg, values);
        }
        if (value !== undefined) points.push([t * 1000, value]);
      }
      if (points.length > 0) {
        results.push({
          metric: q.metric,
          expression: q.text,
          scope: scopeOf(q),
          tagSet,
          aggr: q.agg,
          intervalSec,
          points,
        });
      }
    }
    return results;
  }

  function activeMetrics(sinceSec: number): string[] {
    const active = new Set<string>();
    for (const [name, { base }] of names) {
      for (const s of byBase.get(base) ?? []) {
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
    for (const s of byBase.get(target.base) ?? []) for (const t of s.tags) tags.add(t);
    return [...tags].sort();
  }

  function metricType(metric: string): StoredMetricType | undefined {
    const target = names.get(metric);
    if (!target) return undefined;
    const kind = lastKind.get(target.base);
    if (kind === 'counter' || target.view === 'count') return 'rate';
    if (kind === 'distribution') return 'distribution';
    return 'gauge';
  }

  return {
    counters,
    ingest,
    query,
    activeMetrics,
    allTags,
    metricType,
    countParseError(reason) {
      counters.parseErrors[reason] = (counters.parseErrors[reason] ?? 0) + 1;
    },
    stats() {
      const contexts = new Map<string, number>();
      for (const s of series.values()) contexts.set(s.name, (contexts.get(s.name) ?? 0) + 1);
      return {
        ...counters,
        parseErrors: { ...counters.parseErrors },
        metricSamples,
        droppedSeries,
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
