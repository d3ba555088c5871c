/**
 * Datadog's query language evaluated over the metric store: filters and groups, time
 * aggregation into rollup intervals, space aggregation across series, distributions merged as
 * sketches (as Datadog does server-side). Pure: it reads the store and changes nothing.
 */
import type { EvaluatedSeries, StoredMetricType } from '../contracts.js';
import { QueryError } from '../contracts.js';
import { groupOf, type MetricQuery, matchesFilters, parseQuery, scopeOf } from '../query/parse-query.js';
import { histogramMedian, histogramPercentile } from './histogram.js';
import { type Bucket, newSketch, PERCENTILES, quantileOf, type Series, type View } from './series.js';

/** What evaluation needs from the store. */
export interface StoreView {
  bucketSec: number;
  /** A queryable name (`h.95percentile`) -> the series it reads and how. */
  target(metric: string): { base: string; view: View } | undefined;
  seriesOf(base: string): Iterable<Series>;
  metricType(metric: string): StoredMetricType | undefined;
  /** Which tags of the metric are queryable (its tag configuration; all when it has none). */
  queryable(base: string): (tag: string) => boolean;
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
    const total = buckets.reduce((sum, b) => sum + (view === 'count' ? (b.sketch?.count ?? 0) : b.total), 0);
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
          return b.samples ? histogramMedian(b.samples) : quantileOf(b.sketch, 0.5);
        case '95percentile':
          return b.samples ? histogramPercentile(b.samples, 95) : quantileOf(b.sketch, 0.95);
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
  const q = PERCENTILES[agg];
  // Percentiles come only from points that arrived while they were enabled, as in Datadog.
  const merged = newSketch();
  for (const b of buckets) {
    const sketch = q !== undefined ? b.pctSketch : b.sketch;
    if (sketch && sketch.count > 0) merged.merge(sketch);
  }
  if (merged.count === 0) return undefined;
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

export function evaluateQuery(
  store: StoreView,
  text: string,
  fromSec: number,
  toSec: number,
  requestedIntervalSec?: number | 'window',
): EvaluatedSeries[] {
  const { bucketSec } = store;
  const q = parseQuery(text);
  const target = store.target(q.metric);
  if (target && PERCENTILES[q.agg] !== undefined && store.metricType(q.metric) !== 'distribution') {
    throw new QueryError(`Error parsing query: ${q.agg} is only available for distribution metrics`);
  }
  if (!target || toSec < fromSec) return [];
  const windowSec = Math.max(toSec - fromSec, bucketSec);
  // Datadog returns at most ~300 points; a requested rollup is honoured, in whole buckets.
  const fitted = Math.max(bucketSec, Math.ceil(windowSec / 300 / bucketSec) * bucketSec);
  // 'window': one interval over the whole window (scalar queries, monitors): a distribution's
  // percentile is then the window's, merged from every sketch, not an average of slices.
  const whole = requestedIntervalSec === 'window';
  const windowStart = Math.floor(fromSec / bucketSec) * bucketSec;
  const intervalSec = whole
    ? Math.ceil((toSec + 1 - windowStart) / bucketSec) * bucketSec + bucketSec
    : requestedIntervalSec && requestedIntervalSec > 0
      ? Math.max(fitted, Math.ceil(requestedIntervalSec / bucketSec) * bucketSec)
      : fitted;
  const groups = new Map<string, { tagSet: string[]; members: Series[] }>();
  const visible = store.queryable(target.base);
  for (const s of store.seriesOf(target.base)) {
    // A tag its configuration leaves out cannot be filtered or grouped on, as in Datadog.
    const tags = s.tags.filter(visible);
    if (!matchesFilters(tags, q.filters)) continue;
    const tagSet = groupOf(tags, q.groupBy);
    const key = tagSet.join(',');
    if (!groups.has(key)) groups.set(key, { tagSet, members: [] });
    groups.get(key)?.members.push(s);
  }
  const results: EvaluatedSeries[] = [];
  // Rates are per second of the window asked for, not of the padded interval.
  const perSecondOf = whole ? Math.max(toSec - fromSec, bucketSec) : intervalSec;
  const first = whole ? windowStart : Math.floor(fromSec / intervalSec) * intervalSec;
  for (const { tagSet, members } of groups.values()) {
    // Each series' buckets, sorted into the rollup intervals they fall in: the work follows the
    // data stored, never the width of the window asked for.
    const perInterval = new Map<number, Map<Series, Bucket[]>>();
    for (const s of members) {
      for (const [b, bucket] of s.buckets) {
        if (b < fromSec - bucketSec || b > toSec || b < first) continue;
        const t = first + Math.floor((b - first) / intervalSec) * intervalSec;
        let bySeries = perInterval.get(t);
        if (!bySeries) {
          bySeries = new Map();
          perInterval.set(t, bySeries);
        }
        const list = bySeries.get(s);
        if (list) list.push(bucket);
        else bySeries.set(s, [bucket]);
      }
    }
    const points: Array<[number, number]> = [];
    for (const t of [...perInterval.keys()].sort((a, b) => a - b)) {
      const bySeries = perInterval.get(t) as Map<Series, Bucket[]>;
      let value: number | undefined;
      if (members[0]?.kind === 'distribution') {
        value = distributionValue(q.agg, [...bySeries.values()].flat(), q, perSecondOf);
      } else {
        const values = [...bySeries]
          .map(([s, buckets]) => seriesValue(s, target.view, buckets, q, perSecondOf))
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
