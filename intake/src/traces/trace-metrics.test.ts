import { describe, expect, it } from 'vitest';
import { testSpan } from '../../../test/support/test-span.js';
import { createMetricsEngine } from '../metrics/engine.js';
import type { Span } from './decode.js';
import { createIntervalTotals, recordTraceMetrics, traceMetricTags } from './trace-metrics.js';

const span = (over: Partial<Span>): Span =>
  testSpan({
    resource: 'POST /purchase',
    startMs: 0,
    durationMs: 250,
    meta: { env: 'workshop', version: '1.0.0', 'http.status_code': '201' },
    ...over,
  });

// Docs (Trace Metrics): hits "Tags: env, service, version, resource, resource_name,
// http.status_code, http.status_class"; duration "Metric type: GAUGE" (total time in the interval).
describe('trace metrics', () => {
  it('are tagged resource and resource_name as Datadog stores them, and http.status_class', () => {
    expect(traceMetricTags(span({}))).toEqual([
      'service:webapp',
      'resource:post_/purchase',
      'resource_name:post_/purchase',
      'env:workshop',
      'version:1.0.0',
      'http.status_code:201',
      'http.status_class:2xx',
    ]);
    expect(traceMetricTags(span({ meta: {} }))).toEqual([
      'service:webapp',
      'resource:post_/purchase',
      'resource_name:post_/purchase',
      'env:none',
    ]);
  });

  it('count hits and errors, and gauge the total duration of each 10 s interval', () => {
    const t0 = 1_700_000_000_000;
    const engine = createMetricsEngine({ now: () => t0 + 5_000 });
    const totals = createIntervalTotals();
    recordTraceMetrics(
      engine,
      [[span({ spanId: '1' })], [span({ spanId: '2', traceId: '2', error: true, durationMs: 750 })]],
      totals,
      t0,
    );
    const points = (q: string) => engine.query(q, t0 / 1000 - 10, t0 / 1000 + 10)[0]?.points ?? [];
    const sum = (q: string) => points(q).reduce((n, p) => n + (p[1] ?? 0), 0);
    const max = (q: string) => Math.max(...points(q).map((p) => p[1] ?? 0));
    expect(sum('sum:trace.express.request.hits{resource:post_/purchase}.as_count()')).toBe(2);
    expect(sum('sum:trace.express.request.errors{http.status_class:2xx}.as_count()')).toBe(1);
    expect(max('max:trace.express.request.duration{*}')).toBeCloseTo(1, 5);
    expect(engine.metricType('trace.express.request.duration')).toBe('gauge');
    // The next interval starts from zero.
    recordTraceMetrics(engine, [[span({ spanId: '3', traceId: '3', durationMs: 100 })]], totals, t0 + 10_000);
    expect(totals.add('x', [], 0, t0 + 10_000)).toBe(0);
  });
});
