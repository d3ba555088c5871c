/**
 * Trace metrics as Datadog derives them from top-level spans: `trace.<span>.hits`, `.errors`,
 * the latency distribution `trace.<span>` (with percentiles) and `.duration`, tagged env,
 * service, resource_name, version and http.status_code.
 */
import type { MetricSink } from '../contracts.js';
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

export function recordTraceMetrics(sink: MetricSink, traces: Span[][], nowMs = Date.now()): void {
  for (const trace of traces) {
    for (const span of topLevel(trace)) {
      const tags = [
        `service:${span.service}`,
        `resource_name:${span.resource}`,
        `env:${span.meta.env ?? 'none'}`,
        ...(span.meta.version ? [`version:${span.meta.version}`] : []),
        ...(span.meta['http.status_code'] ? [`http.status_code:${span.meta['http.status_code']}`] : []),
      ].map((t) => t.toLowerCase());
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
      sink.ingest(
        {
          name: `trace.${span.name}.duration`,
          type: 'd',
          value: span.durationMs / 1000,
          sampleRate: 1,
          tags,
        },
        nowMs,
      );
    }
  }
}
