/**
 * Datadog's query language evaluated over the metric store: filters and groups, time
 * aggregation into rollup intervals, space aggregation across series, distributions merged as
 * sketches (as Datadog does server-side). Pure: it reads the store and changes nothing.
 */

import {
  type MetricQuery,
  parseQuery,
  QueryError,
  type RollupMethod,
  scopeOf,
} from '#contracts/metric-query.js';
import type { EvaluatedSeries, StoredMetricType } from '../metrics-seam.js';
import { groupOf, matchesFilters } from '../query/match-filters.js';
import { defaultRollupSec } from '../query/rollup-interval.js';
import { histogramMedian, histogramPercentile } from './histogram.js';
import { type Bucket, newSketch, PERCENTILES, quantileOf, type Series, type View } from './series.js';

/** What evaluation needs from the store. */
export interface StoreView {
  bucketSec: number;
  /** A queryable name (`h.95percentile`) -> the series it reads and how. */
  target(metric: string): { base: string; view: View } | undefined;
  /** The series a name reads: its histogram's for `.avg`, `.count`…, else those of the type it last arrived as. */
  seriesOf(base: string, view: View): Iterable<Series>;
  metricType(metric: string): StoredMetricType | undefined;
  /** Which tags of the metric are queryable (its tag configuration; all when it has none). */
  queryable(base: string): (tag: string) => boolean;
}

/** The rollup intervals of one evaluation: `n` intervals of `intervalSec` from `first`. */
interface Grid {
  first: number;
  intervalSec: number;
  n: number;
  fromSec: number;
  toSec: number;
  bucketSec: number;
  /** What a rate divides by: the interval, or the window asked for in 'window' mode. */
  perSecondOf: number;
}

/** Per-interval accumulators, allocated once per evaluation and reused by every group. */
interface Scratch {
  gSum: Float64Array;
  gN: Uint32Array;
  gMin: Float64Array;
  gMax: Float64Array;
  sSum: Float64Array;
  sN: Uint32Array;
  sMax: Float64Array;
  sMin: Float64Array;
}

function newScratch(n: number): Scratch {
  return {
    gSum: new Float64Array(n),
    gN: new Uint32Array(n),
    gMin: new Float64Array(n),
    gMax: new Float64Array(n),
    sSum: new Float64Array(n),
    sN: new Uint32Array(n),
    sMax: new Float64Array(n).fill(Number.NEGATIVE_INFINITY),
    sMin: new Float64Array(n).fill(Number.POSITIVE_INFINITY),
  };
}

/** One bucket's value under a view (a histogram's avg/max/median/p95, a set's size, a gauge's last). */
function bucketValue(s: Series, view: View, b: Bucket): number | undefined {
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
}

/**
 * Time then space aggregation for one group of non-distribution series, in flat arrays indexed
 * by rollup interval: each series' buckets are folded into its interval (counts summed, other
 * views averaged, `max` maxed), then the series' values are combined by the space aggregator.
 * No per-point objects: 500 series × 360 buckets is one pass.
 */
/**
 * The agent keeps sending a counter it has seen as 0 for `dogstatsd_expiry_seconds` (300 s by
 * default) after its last update, so a Datadog query sees zeros, not a gap, while a service is
 * idle — and a monitor on an error count recovers instead of going to No Data.
 */
export const COUNTER_EXPIRY_SEC = 300;

function foldSeries(
  members: Series[],
  view: View,
  q: MetricQuery,
  grid: Grid,
  scratch: Scratch,
): Array<[number, number]> {
  const { first, intervalSec, n } = grid;
  const { gSum, gN, gMin, gMax, sSum, sN, sMax, sMin } = scratch;
  gSum.fill(0);
  gN.fill(0);
  gMin.fill(Number.POSITIVE_INFINITY);
  gMax.fill(Number.NEGATIVE_INFINITY);
  const touched: number[] = [];
  const low = Math.max(grid.fromSec - grid.bucketSec, first);
  for (const s of members) {
    const countLike = s.kind === 'counter' || view === 'count';
    touched.length = 0;
    let firstBucket = Number.POSITIVE_INFINITY;
    let lastBucket = Number.NEGATIVE_INFINITY;
    // forEach, not for-of: no [key, value] array per bucket on the hot path.
    s.buckets.forEach((bucket, b) => {
      if (b < firstBucket) firstBucket = b;
      if (b > lastBucket) lastBucket = b;
      if (b < low || b > grid.toSec) return;
      const v = countLike
        ? view === 'count'
          ? (bucket.sketch?.count ?? 0)
          : bucket.total
        : bucketValue(s, view, bucket);
      if (v === undefined) return;
      const i = Math.floor((b - first) / intervalSec);
      if (sN[i] === 0) touched.push(i);
      sSum[i] = (sSum[i] as number) + v;
      sN[i] = (sN[i] as number) + 1;
      if (v > (sMax[i] as number)) sMax[i] = v;
      if (v < (sMin[i] as number)) sMin[i] = v;
    });
    if (s.kind === 'counter' && view === 'value') {
      // The agent's zeros: every bucket from the counter's first until its expiry, up to the query's end.
      const until = Math.min(grid.toSec, lastBucket + COUNTER_EXPIRY_SEC);
      const skip = Math.max(0, Math.ceil((low - firstBucket) / grid.bucketSec));
      for (let b = firstBucket + skip * grid.bucketSec; b <= until; b += grid.bucketSec) {
        const i = Math.floor((b - first) / intervalSec);
        if (i < 0 || i >= n || sN[i] !== 0) continue;
        touched.push(i);
        sN[i] = 1;
      }
    }
    for (const i of touched) {
      const sum = sSum[i] as number;
      const value = countLike
        ? q.fn === 'as_count'
          ? sum
          : sum / grid.perSecondOf
        : view === 'max'
          ? (sMax[i] as number)
          : rolledUp(q.rollup?.method, sum, sN[i] as number, sMin[i] as number, sMax[i] as number);
      gSum[i] = (gSum[i] as number) + value;
      gN[i] = (gN[i] as number) + 1;
      if (value < (gMin[i] as number)) gMin[i] = value;
      if (value > (gMax[i] as number)) gMax[i] = value;
      sSum[i] = 0;
      sN[i] = 0;
      sMax[i] = Number.NEGATIVE_INFINITY;
      sMin[i] = Number.POSITIVE_INFINITY;
    }
  }
  const points: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) {
    const count = gN[i] as number;
    if (count === 0) {
      // `.fill(zero)`: an interval without points is drawn as 0, not left out.
      if (q.fill === 'zero' && members.length > 0) points.push([(first + i * intervalSec) * 1000, 0]);
      continue;
    }
    const value =
      q.agg === 'sum' || q.agg === 'count'
        ? (gSum[i] as number)
        : q.agg === 'min'
          ? (gMin[i] as number)
          : q.agg === 'max'
            ? (gMax[i] as number)
            : (gSum[i] as number) / count;
    points.push([(first + i * intervalSec) * 1000, value]);
  }
  return points;
}

/** A gauge's points in one interval, combined as `.rollup(method)` says (avg by default). */
function rolledUp(
  method: RollupMethod | undefined,
  sum: number,
  n: number,
  min: number,
  max: number,
): number {
  switch (method) {
    case 'sum':
      return sum;
    case 'min':
      return min;
    case 'max':
      return max;
    case 'count':
      return n;
    default:
      return sum / n;
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

/** A group of distributions: each interval's sketches merged across series, then read. */
function distributionPoints(members: Series[], q: MetricQuery, grid: Grid): Array<[number, number]> {
  const perInterval: Array<Bucket[] | undefined> = new Array(grid.n);
  for (const s of members) {
    for (const [b, bucket] of s.buckets) {
      if (b < grid.fromSec - grid.bucketSec || b > grid.toSec || b < grid.first) continue;
      const i = Math.floor((b - grid.first) / grid.intervalSec);
      const list = perInterval[i];
      if (list) list.push(bucket);
      else perInterval[i] = [bucket];
    }
  }
  const points: Array<[number, number]> = [];
  perInterval.forEach((buckets, i) => {
    const value = buckets && distributionValue(q.agg, buckets, q, grid.perSecondOf);
    if (value !== undefined) points.push([(grid.first + i * grid.intervalSec) * 1000, value]);
  });
  return points;
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
  const kind = store.metricType(q.metric);
  // A count's points are summed per interval; another rollup of them is Datadog's to draw.
  if (
    q.rollup &&
    q.rollup.method !== 'sum' &&
    (kind === 'rate' || kind === 'count' || kind === 'distribution')
  )
    throw new QueryError(
      `Error parsing query: .rollup(${q.rollup.method}) of a ${kind} is valid on Datadog, but not evaluated offline (use sum)`,
    );
  const windowSec = Math.max(toSec - fromSec, bucketSec);
  // Datadog's own interval for the window (at most ~300 points); a requested rollup is honoured,
  // in whole buckets, when it is coarser.
  const fitted = defaultRollupSec(windowSec, bucketSec);
  // 'window': one interval over the whole window (scalar queries, monitors): a distribution's
  // percentile is then the window's, merged from every sketch, not an average of slices.
  const whole = requestedIntervalSec === 'window';
  const windowStart = Math.floor(fromSec / bucketSec) * bucketSec;
  const intervalSec = whole
    ? Math.ceil((toSec + 1 - windowStart) / bucketSec) * bucketSec + bucketSec
    : (q.rollup?.seconds ?? requestedIntervalSec)
      ? Math.max(
          fitted,
          Math.ceil((q.rollup?.seconds ?? (requestedIntervalSec as number)) / bucketSec) * bucketSec,
        )
      : fitted;
  const groups = new Map<string, { tagSet: string[]; members: Series[] }>();
  const visible = store.queryable(target.base);
  for (const s of store.seriesOf(target.base, target.view)) {
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
  const grid: Grid = {
    first,
    intervalSec,
    n: Math.floor((toSec - first) / intervalSec) + 1,
    fromSec,
    toSec,
    bucketSec,
    perSecondOf,
  };
  const scratch = newScratch(grid.n);
  for (const { tagSet, members } of groups.values()) {
    const points =
      members[0]?.kind === 'distribution'
        ? distributionPoints(members, q, grid)
        : foldSeries(members, target.view, q, grid, scratch);
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
