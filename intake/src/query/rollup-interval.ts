/**
 * The rollup interval Datadog picks for a graph when the query names none: the shortest of its
 * standard intervals that keeps a series at or under ~300 points. Its documented examples hold:
 * an hour at 20 s, four hours at one minute, a day at five minutes (288 buckets), a week at an
 * hour, a month at four hours. Pure.
 */
const LADDER_SEC = [
  10, 20, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400, 28800, 43200, 86400, 172800, 604800,
];
export const MAX_POINTS = 300;

/** Never finer than the store's buckets, and always a whole number of them. */
export function defaultRollupSec(windowSec: number, bucketSec: number): number {
  const wanted = LADDER_SEC.find((s) => windowSec / s <= MAX_POINTS) ?? Math.ceil(windowSec / MAX_POINTS);
  return Math.max(bucketSec, Math.ceil(wanted / bucketSec) * bucketSec);
}
