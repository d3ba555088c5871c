/**
 * Trace metrics as Datadog derives them from top-level spans (docs: Trace Metrics):
 * `trace.<span>.hits` and `.errors` (counts), the latency distribution `trace.<span>` (with
 * percentiles) and `.duration` (a gauge: the total time of the spans in each 10 s interval),
 * tagged env, service, version, resource and resource_name, http.status_code and
 * http.status_class — tag values as Datadog stores them (`resource:post_/purchase`).
 */

import { normalizeTag } from '../metrics/normalize-tag.js';
import type { MetricSink } from '../metrics-seam.js';
import type { Span } from './decode.js';

/** Top-level: the root, a span whose parent is elsewhere, or the first span of a service. */
function topLevel(trace: Span[]): Span[] {
  const byId = new Map(trace.map((s) => [s.spanId, s]));
  return trace.filter((s) => {
    if (s.metrics._top_level === 1 || s.metrics['_dd.top_level'] === 1) return true;
    const parent = byId.get(s.parentId);
    return !parent || parent.service !== s.service;
  });
}

export function traceMetricTags(span: Span): string[] {
  const status = span.meta['http.status_code'];
  return [
    `service:${span.service}`,
    `resource:${span.resource}`,
    `resource_name:${span.resource}`,
    `env:${span.meta.env ?? 'none'}`,
    ...(span.meta.version ? [`version:${span.meta.version}`] : []),
    ...(status ? [`http.status_code:${status}`, `http.status_class:${status.slice(0, 1)}xx`] : []),
  ].map(normalizeTag);
}

const BUCKET_MS = 10_000;

/** Running totals of the current 10 s interval per series: `.duration` is the interval's sum so far. */
export function createIntervalTotals() {
  const totals = new Map<string, number>();
  let interval = 0;
  return {
    add(name: string, tags: string[], value: number, nowMs: number): number {
      const now = Math.floor(nowMs / BUCKET_MS);
      // A new interval starts every series from zero: the map holds the live interval only.
      if (now !== interval) {
        totals.clear();
        interval = now;
      }
      const key = `${name}|${tags.join(',')}`;
      const sum = (totals.get(key) ?? 0) + value;
      totals.set(key, sum);
      return sum;
    },
  };
}

export type IntervalTotals = ReturnType<typeof createIntervalTotals>;

export function recordTraceMetrics(
  sink: MetricSink,
  traces: Span[][],
  totals: IntervalTotals,
  nowMs = Date.now(),
): void {
  for (const trace of traces) {
    for (const span of topLevel(trace)) {
      const tags = traceMetricTags(span);
      sink.ingest({ name: `trace.${span.name}.hits`, type: 'c', value: 1, sampleRate: 1, tags }, nowMs);
      if (span.error)
        sink.ingest({ name: `trace.${span.name}.errors`, type: 'c', value: 1, sampleRate: 1, tags }, nowMs);
      // The latency distribution Datadog names after the span, percentiles included.
      sink.ingest(
        {
          name: `trace.${span.name}`,
          type: 'd',
          value: span.durationMs / 1000,
          sampleRate: 1,
          tags,
          percentiles: true,
        },
        nowMs,
      );
      const duration = totals.add(`trace.${span.name}.duration`, tags, span.durationMs / 1000, nowMs);
      sink.ingest(
        { name: `trace.${span.name}.duration`, type: 'g', value: duration, sampleRate: 1, tags },
        nowMs,
      );
    }
  }
}
