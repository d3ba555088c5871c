/** One metric's evidence, from the API's answers to a row of the table. Pure. */
import type { ExpectedMetric } from './catalog.js';
import { typeMismatch } from './metric-types.js';

export interface SeriesAnswer {
  label: string;
  /** Points of every series the query returned, oldest first. */
  points: Array<[number, number]>;
}

export interface MetricResult {
  metric: string;
  kind: ExpectedMetric['kind'] | 'any';
  active: boolean;
  points: number;
  /** Latest value per query label (`count`, `avg`, `p95`...). */
  latest: Record<string, number>;
  tags: string[];
  missingTags: string[];
  /** The type the metric arrived as (metric metadata), when known. */
  arrivedType?: string;
  /** Set when the arrived type is not the expected one: what differs and the fix. */
  typeProblem?: string;
  /** A distribution with points but no percentiles: they are not enabled for it (yet). */
  percentilesOff?: boolean;
  /** Points, but nothing counted in them: zeros are not evidence that the metric arrived. */
  zeroProblem?: string;
  found: boolean;
}

export function evaluateMetric(
  metric: ExpectedMetric,
  active: boolean,
  answers: SeriesAnswer[],
  tags: string[],
  arrivedType?: string,
): MetricResult {
  const latest: Record<string, number> = {};
  let points = 0;
  for (const a of answers) {
    points = Math.max(points, a.points.length);
    const last = [...a.points].sort((x, y) => x[0] - y[0]).at(-1);
    if (last) latest[a.label] = a.label === 'count' ? a.points.reduce((n, p) => n + p[1], 0) : last[1];
  }
  const keys = new Set(tags.map((t) => t.split(':')[0]));
  const missingTags = metric.tags.filter((k) => !keys.has(k));
  const typeProblem = metric.unknown ? undefined : typeMismatch(metric.name, metric.kind, arrivedType);
  const counted = latest.count;
  // Only the webapp's own metrics (no scope): an agent check's counters (postgresql.commits on an
  // idle database) report zero deltas as data.
  const zeroProblem =
    !metric.scope &&
    (metric.kind === 'count' || metric.kind === 'distribution') &&
    points > 0 &&
    counted === 0
      ? `${metric.name}: ${points} point(s) arrived but every one counts 0 — nothing was recorded in the window`
      : undefined;
  const result: MetricResult = {
    metric: metric.name,
    kind: metric.unknown ? 'any' : metric.kind,
    active,
    points,
    latest,
    tags,
    missingTags,
    found: active && points > 0 && missingTags.length === 0 && !typeProblem && !zeroProblem,
  };
  if (zeroProblem) result.zeroProblem = zeroProblem;
  if (arrivedType) result.arrivedType = arrivedType;
  const percentiles = answers.filter((a) => /^p\d+$/.test(a.label));
  if (
    metric.kind === 'distribution' &&
    points > 0 &&
    percentiles.length &&
    percentiles.every((a) => !a.points.length)
  )
    result.percentilesOff = true;
  if (typeProblem) result.typeProblem = typeProblem;
  return result;
}

/**
 * `--expect-tag` keys must each appear on at least one of the metrics (the seed's amount_range
 * is on purchase_amount only); one seen nowhere fails every metric.
 */
export function applyExpectedTags(results: MetricResult[], expectTags: string[]): MetricResult[] {
  const seen = new Set(results.flatMap((r) => r.tags.map((t) => t.split(':')[0])));
  const absent = expectTags.filter((k) => !seen.has(k));
  if (absent.length === 0) return results;
  return results.map((r) => ({
    ...r,
    missingTags: [...new Set([...r.missingTags, ...absent])],
    found: false,
  }));
}

export function formatValue(result: MetricResult): string {
  const entries = Object.entries(result.latest);
  if (entries.length === 0) return '-';
  const fmt = (v: number) =>
    Math.abs(v) >= 1000 || Number.isInteger(v) ? String(Math.round(v * 100) / 100) : v.toPrecision(3);
  return entries
    .map(([k, v]) =>
      k === 'avg' || k === 'count' ? `${fmt(v)}${k === 'count' ? ' total' : ''}` : `${k} ${fmt(v)}`,
    )
    .join(', ');
}

/** Tag keys with a few values each: `endpoint(/users, /health, …)`. */
export function summarizeTags(tags: string[], max = 3): string {
  const byKey = new Map<string, string[]>();
  for (const t of tags) {
    const [k = '', ...rest] = t.split(':');
    const list = byKey.get(k) ?? [];
    list.push(rest.join(':'));
    byKey.set(k, list);
  }
  return [...byKey]
    .filter(([k]) => k !== 'service' && k !== 'env' && k !== 'version')
    .map(([k, vs]) => `${k}(${vs.slice(0, max).join(', ')}${vs.length > max ? ', …' : ''})`)
    .join(' ');
}
