/**
 * What the metric store's series cost in memory, estimated as they grow, and which series go when
 * the store is full: the least recently updated first (Datadog's agent expires idle contexts the
 * same way), with the metric and tag that caused the growth named. Pure.
 */
import type { Bucket, Kind, Series } from './series.js';

export const SKETCH_BYTES = 640;
export const SAMPLE_BYTES = 16;
export const MEMBER_BYTES = 48;
const BUCKET_BYTES: Record<Kind, number> = {
  counter: 96,
  gauge: 96,
  set: 96,
  histogram: 96 + SKETCH_BYTES,
  distribution: 96 + SKETCH_BYTES,
};

export function seriesBaseBytes(name: string, tags: readonly string[]): number {
  return 160 + name.length * 2 + tags.reduce((sum, t) => sum + 40 + t.length * 2, 0);
}

export function newBucketBytes(kind: Kind): number {
  return BUCKET_BYTES[kind];
}

/** What a bucket holds now: its fixed part and what it grew by (samples, set members, a percentile sketch). */
export function bucketBytes(kind: Kind, b: Bucket): number {
  return (
    BUCKET_BYTES[kind] +
    (b.samples?.values.length ?? 0) * SAMPLE_BYTES +
    (b.members?.size ?? 0) * MEMBER_BYTES +
    (b.pctSketch ? SKETCH_BYTES : 0)
  );
}

export function seriesBytes(s: Series): number {
  let bytes = seriesBaseBytes(s.name, s.tags);
  for (const b of s.buckets.values()) bytes += bucketBytes(s.kind, b);
  return bytes;
}

/** The least recently updated series to drop so that the store is back under 90 % of both limits. */
export function evictionOrder(
  all: Array<{ series: Series; lastSeenSec: number; bytes: number }>,
  limits: { count: number; bytes: number },
  totalBytes: number,
): Series[] {
  const sorted = [...all].sort((a, b) => a.lastSeenSec - b.lastSeenSec);
  const out: Series[] = [];
  let count = all.length;
  let bytes = totalBytes;
  for (const entry of sorted) {
    if (count <= limits.count * 0.9 && bytes <= limits.bytes * 0.9) break;
    out.push(entry.series);
    count--;
    bytes -= entry.bytes;
  }
  return out;
}

/** The metric with the most series, and its tag key with the most values: what to lower. */
export function cardinalityHint(
  all: Iterable<Series>,
): { metric: string; series: number; tag?: string; values?: number } | undefined {
  const byMetric = new Map<string, Series[]>();
  for (const s of all) {
    const list = byMetric.get(s.name) ?? [];
    list.push(s);
    byMetric.set(s.name, list);
  }
  let top: [string, Series[]] | undefined;
  for (const entry of byMetric) if (!top || entry[1].length > top[1].length) top = entry;
  if (!top) return undefined;
  const values = new Map<string, Set<string>>();
  for (const s of top[1])
    for (const t of s.tags) {
      const colon = t.indexOf(':');
      const key = colon === -1 ? t : t.slice(0, colon);
      const set = values.get(key) ?? new Set();
      set.add(t);
      values.set(key, set);
    }
  let tag: [string, Set<string>] | undefined;
  for (const entry of values) if (!tag || entry[1].size > tag[1].size) tag = entry;
  return { metric: top[0], series: top[1].length, ...(tag ? { tag: tag[0], values: tag[1].size } : {}) };
}
