/**
 * Datadog's metric submission API, `POST /api/v1/series` and `POST /api/v2/series` (the API
 * clients' `submitMetrics`), stored as DogStatsD points are: a gauge's value as it is, a count's
 * as counted in its 10 s bucket, a rate's (per second over `interval`) as the count it stands
 * for; at each point's own timestamp (more than 10 minutes ahead or an hour back: dropped and
 * counted, as Datadog drops them); tags normalised, the host as `host:`. Answers as the
 * recorded exchanges do: 202 `{"status": "ok"}` (v1), 202 `{"errors": []}` (v2). Pure.
 */

import { normalizeTag } from '../metrics/normalize-tag.js';
import type { MetricSample } from '../metrics-seam.js';
import { ApiError } from './api-error.js';

/** v2's `type`: 0 unspecified, 1 count, 2 rate, 3 gauge (MetricIntakeType). */
const V2_TYPES = ['gauge', 'count', 'rate', 'gauge'] as const;
type Kind = (typeof V2_TYPES)[number];
const MAX_SERIES = 10_000;

const fail = (i: number, what: string): never => {
  throw new ApiError(400, `Invalid series at position ${i}: ${what}`);
};

function list(body: Record<string, unknown>): Array<Record<string, unknown>> {
  const series = body.series;
  if (!Array.isArray(series)) throw new ApiError(400, 'Invalid payload: "series" must be a list');
  if (series.length > MAX_SERIES)
    throw new ApiError(413, `Payload too large: at most ${MAX_SERIES} series a request`);
  return series.map((s, i) =>
    s && typeof s === 'object' && !Array.isArray(s) ? s : fail(i, 'not an object'),
  );
}

function tagsOf(s: Record<string, unknown>, i: number, host: unknown): string[] {
  const tags = s.tags ?? [];
  if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string'))
    fail(i, '"tags" must be a list of strings');
  const all = [...(tags as string[]), ...(typeof host === 'string' && host ? [`host:${host}`] : [])];
  return [...new Set(all.map(normalizeTag).filter(Boolean))];
}

function sample(
  name: string,
  kind: Kind,
  value: number,
  timestampSec: number,
  interval: number,
  tags: string[],
): MetricSample {
  const type = kind === 'gauge' ? 'g' : 'c';
  return { name, type, value: kind === 'rate' ? value * interval : value, sampleRate: 1, tags, timestampSec };
}

function common(s: Record<string, unknown>, i: number): { name: string; interval: number } {
  if (typeof s.metric !== 'string' || s.metric === '' || s.metric.length > 200)
    fail(i, '"metric" must be a name of 1 to 200 characters');
  const interval = s.interval === undefined || s.interval === null ? 10 : Number(s.interval);
  if (!Number.isFinite(interval) || interval <= 0) fail(i, '"interval" must be a positive number of seconds');
  return { name: s.metric as string, interval };
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function v1SeriesSamples(body: Record<string, unknown>): MetricSample[] {
  return list(body).flatMap((s, i) => {
    const { name, interval } = common(s, i);
    const type = s.type ?? 'gauge';
    if (type !== 'gauge' && type !== 'count' && type !== 'rate')
      fail(i, '"type" must be gauge, count or rate');
    if (!Array.isArray(s.points) || s.points.length === 0)
      fail(i, '"points" must be a list of [timestamp, value]');
    const tags = tagsOf(s, i, s.host);
    return (s.points as unknown[]).map((p) => {
      if (!Array.isArray(p) || p.length !== 2 || !isNumber(p[0]) || !isNumber(p[1]))
        return fail(i, 'each point must be [unix seconds, value]');
      return sample(name, type as Kind, p[1], Math.floor(p[0]), interval, tags);
    });
  });
}

export function v2SeriesSamples(body: Record<string, unknown>): MetricSample[] {
  return list(body).flatMap((s, i) => {
    const { name, interval } = common(s, i);
    const kind = V2_TYPES[Number(s.type ?? 0)];
    if (!kind || !Number.isInteger(Number(s.type ?? 0)))
      fail(i, '"type" must be 0 (unspecified), 1 (count), 2 (rate) or 3 (gauge)');
    if (!Array.isArray(s.points) || s.points.length === 0)
      fail(i, '"points" must be a list of {timestamp, value}');
    const resources = Array.isArray(s.resources) ? (s.resources as Array<Record<string, unknown>>) : [];
    const host = resources.find((r) => r && r.type === 'host')?.name;
    const tags = tagsOf(s, i, host);
    return (s.points as Array<Record<string, unknown>>).map((p) => {
      if (!p || !isNumber(p.timestamp) || !isNumber(p.value))
        return fail(i, 'each point must be {timestamp, value}');
      return sample(name, kind as Kind, p.value, Math.floor(p.timestamp), interval, tags);
    });
  });
}
