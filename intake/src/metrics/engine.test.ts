import { describe, expect, it } from 'vitest';
import { createMetricsEngine } from './engine.js';
import { newBucketBytes, seriesBaseBytes } from './series-budget.js';

/** What the one remaining gauge series (two 10 s buckets) costs, by the same estimate. */
function seriesBytesOf(_engine: ReturnType<typeof createMetricsEngine>): number {
  return seriesBaseBytes('g', []) + 2 * newBucketBytes('gauge');
}

function engineAt(startMs: number) {
  let now = startMs;
  const engine = createMetricsEngine({ now: () => now, retentionSec: 60, maxSeries: 3 });
  return { engine, tick: (ms: number) => (now += ms), now: () => now };
}

const T0 = 1_700_000_000_000;

describe('aggregation in 10-second buckets', () => {
  it('counters: counts with .as_count(), per-second rates without, sample rates honoured', () => {
    const { engine } = engineAt(T0);
    engine.ingest({ name: 'c', type: 'c', value: 1, sampleRate: 0.5, tags: [] }, T0);
    engine.ingest({ name: 'c', type: 'c', value: 3, sampleRate: 1, tags: [] }, T0 + 1000);
    engine.ingest({ name: 'c', type: 'c', value: 4, sampleRate: 1, tags: [] }, T0 + 10_000);
    const s = T0 / 1000;
    const counts = engine.query('sum:c{*}.as_count()', s, s + 19);
    expect(counts[0]?.points).toEqual([
      [T0, 5],
      [T0 + 10_000, 4],
    ]);
    expect(engine.query('sum:c{*}', s, s + 19)[0]?.points.map((p) => p[1])).toEqual([0.5, 0.4]);
    expect(engine.metricType('c')).toBe('rate');
  });

  it('gauges keep the last value; histograms answer their five series; sets count members', () => {
    const { engine } = engineAt(T0);
    for (const v of [3, 1, 2]) engine.ingest({ name: 'g', type: 'g', value: v, sampleRate: 1, tags: [] }, T0);
    for (let v = 1; v <= 100; v++)
      engine.ingest({ name: 'h', type: 'h', value: v, sampleRate: 1, tags: [] }, T0);
    for (const m of ['a', 'b', 'a'])
      engine.ingest({ name: 's', type: 's', value: m, sampleRate: 1, tags: [] }, T0);
    const s = T0 / 1000;
    const value = (q: string) => engine.query(q, s, s + 9)[0]?.points[0]?.[1];
    expect(value('avg:g{*}')).toBe(2);
    expect(value('avg:h.avg{*}')).toBeCloseTo(50.5, 5);
    expect(value('sum:h.count{*}.as_count()')).toBe(100);
    expect(value('max:h.max{*}')).toBeCloseTo(100, 0);
    expect(value('avg:h.median{*}')).toBeCloseTo(50, -1);
    expect(value('avg:h.95percentile{*}')).toBeCloseTo(95, -1);
    expect(value('avg:s{*}')).toBe(2);
    expect(engine.metricType('h.95percentile')).toBe('gauge');
  });

  it('distributions merge across series: percentiles, count, sum, min, max', () => {
    const { engine } = engineAt(T0);
    engine.tagConfigs.set('d', {
      metricType: 'distribution',
      tags: [],
      excludeTagsMode: true,
      includePercentiles: true,
      createdAt: '',
      modifiedAt: '',
    });
    for (let v = 1; v <= 50; v++)
      engine.ingest({ name: 'd', type: 'd', value: v, sampleRate: 1, tags: ['host:a'] }, T0);
    for (let v = 51; v <= 100; v++)
      engine.ingest({ name: 'd', type: 'd', value: v, sampleRate: 1, tags: ['host:b'] }, T0);
    const s = T0 / 1000;
    const value = (q: string) => engine.query(q, s, s + 9)[0]?.points[0]?.[1] ?? Number.NaN;
    expect(value('p50:d{*}')).toBeCloseTo(50, -0.5);
    expect(value('p99:d{*}')).toBeCloseTo(99, -0.5);
    expect(value('count:d{*}')).toBe(100);
    expect(value('sum:d{*}')).toBeCloseTo(5050, -1);
    expect(value('min:d{*}')).toBeCloseTo(1, 1);
    expect(value('max:d{*}')).toBeCloseTo(100, 0);
    expect(value('avg:d{*}')).toBeCloseTo(50.5, 0);
    expect(engine.query('p95:d{*} by {host}', s, s + 9).map((r) => r.tagSet)).toEqual([
      ['host:a'],
      ['host:b'],
    ]);
    expect(() => engine.query('p95:c{*}', s, s)).not.toThrow();
  });

  it('filters, wildcards, negation and grouping', () => {
    const { engine } = engineAt(T0);
    for (const [endpoint, status] of [
      ['/users', '200'],
      ['/users', '500'],
      ['/health', '200'],
    ]) {
      engine.ingest(
        { name: 'r', type: 'c', value: 1, sampleRate: 1, tags: [`endpoint:${endpoint}`, `status:${status}`] },
        T0,
      );
    }
    const s = T0 / 1000;
    const total = (q: string) => engine.query(q, s, s + 9).map((r) => [r.tagSet.join(','), r.points[0]?.[1]]);
    expect(total('sum:r{endpoint:/users}.as_count()')).toEqual([['', 2]]);
    expect(total('sum:r{!status:500}.as_count()')).toEqual([['', 2]]);
    expect(total('sum:r{endpoint:/u*,status:2*}.as_count()')).toEqual([['', 1]]);
    expect(total('sum:r{*} by {endpoint}.as_count()')).toEqual([
      ['endpoint:/users', 2],
      ['endpoint:/health', 1],
    ]);
    expect(() => engine.query('sum:r{', s, s)).toThrow('Error parsing query');
    expect(() => engine.query('median:r{*}', s, s)).toThrow('unknown aggregator');
    expect(engine.query('avg:unknown{*}', s, s)).toEqual([]);
  });
});

describe('bounded memory', () => {
  it('drops points older than the retention window; at the series cap the least recently updated go, never the new one', () => {
    const { engine, tick, now } = engineAt(T0);
    engine.ingest({ name: 'old', type: 'g', value: 1, sampleRate: 1, tags: [] }, now());
    tick(120_000);
    engine.ingest({ name: 'new', type: 'g', value: 1, sampleRate: 1, tags: ['k:a'] }, now());
    expect(engine.activeMetrics(T0 / 1000 - 10)).toEqual(['new']);
    tick(1_000);
    engine.ingest({ name: 'new', type: 'g', value: 1, sampleRate: 1, tags: ['k:b'] }, now());
    engine.ingest({ name: 'new', type: 'g', value: 1, sampleRate: 1, tags: ['k:c'] }, now());
    engine.ingest({ name: 'student.metric', type: 'c', value: 1, sampleRate: 1, tags: [] }, now());
    const stats = engine.stats();
    expect(stats.evictedSeries).toBeGreaterThanOrEqual(1);
    expect(stats.series).toBeLessThanOrEqual(3);
    // The new metric is kept and queryable; the oldest series (tag a) went first.
    expect(
      engine.query('sum:student.metric{*}.as_count()', now() / 1000 - 20, now() / 1000)[0]?.points[0]?.[1],
    ).toBe(1);
    expect(engine.allTags('new')).not.toContain('k:a');
    expect(stats.cardinalityHint).toMatchObject({ metric: 'new', series: 3, tag: 'k', values: 3 });
  });

  it('bounds memory in bytes: huge tag lists evict old series instead of growing without end', () => {
    const engine = createMetricsEngine({ now: () => T0, maxBytes: 2 * 1024 * 1024 });
    const fat = Array.from({ length: 200 }, (_, i) => `tag${i}:${'v'.repeat(30)}`);
    for (let n = 0; n < 2000; n++)
      engine.ingest({ name: 'fat', type: 'g', value: n, sampleRate: 1, tags: [`id:${n}`, ...fat] }, T0 + n);
    const stats = engine.stats();
    expect(stats.seriesBytes).toBeLessThanOrEqual(stats.maxSeriesBytes);
    expect(stats.evictedSeries).toBeGreaterThan(1000);
    expect(stats.cardinalityHint).toMatchObject({ metric: 'fat', tag: 'id' });
    // Every series accounted: dropping them all brings the estimate back to zero.
    const none = createMetricsEngine({ now: () => T0, retentionSec: 60 });
    none.ingest({ name: 'h', type: 'h', value: 1, sampleRate: 1, tags: ['x:1'] }, T0);
    none.ingest({ name: 's', type: 's', value: 'u1', sampleRate: 1, tags: [] }, T0);
    expect(none.stats().seriesBytes).toBeGreaterThan(0);
    none.ingest({ name: 'g', type: 'g', value: 1, sampleRate: 1, tags: [] }, T0 + 600_000);
    none.ingest({ name: 'g', type: 'g', value: 1, sampleRate: 1, tags: [] }, T0 + 620_000);
    const after = none.stats();
    expect(after.series).toBe(1);
    expect(after.seriesBytes).toBe(seriesBytesOf(none));
  });
});

describe('hostile queries', () => {
  it('a many-star tag filter against long values answers at once (no backtracking regex)', () => {
    const engine = createMetricsEngine({ now: () => 1_000_000_000 });
    for (let n = 60; n <= 70; n++)
      engine.ingest({ name: 'm', type: 'c', value: 1, sampleRate: 1, tags: [`t:${'a'.repeat(n)}`] });
    const started = performance.now();
    expect(engine.query('sum:m{t:a*a*a*a*a*a*a*a*a*b}', 999_000, 1_000_010)).toEqual([]);
    expect(engine.query('sum:m{t:a*a*a*}', 999_000, 1_000_010)[0]?.points[0]?.[1]).toBeCloseTo(11 / 10);
    expect(performance.now() - started).toBeLessThan(100);
  });
});

describe('timestamped points', () => {
  it('takes what Datadog takes (10 minutes ahead, 1 hour back), drops and counts the rest', () => {
    const nowMs = 2_000_000_000_000;
    const engine = createMetricsEngine({ now: () => nowMs });
    const at = (offsetSec: number) =>
      engine.ingest({
        name: 'tp',
        type: 'g',
        value: 1,
        sampleRate: 1,
        tags: [],
        timestampSec: nowMs / 1000 + offsetSec,
      });
    at(-3000);
    at(500);
    at(-7200);
    at(2_000_000_000);
    expect(engine.stats().parseErrors['timestamp out of range']).toBe(2);
    const points = engine.query('avg:tp{*}', nowMs / 1000 - 3600, nowMs / 1000 + 600)[0]?.points ?? [];
    expect(points).toHaveLength(2);
  });
});

describe('a metric name whose type changes (a student’s fix)', () => {
  it('histogram then distribution: the distribution answers at once, and the histogram’s .avg stays its own', () => {
    const { engine } = engineAt(T0);
    const s = T0 / 1000;
    for (const v of [1, 2, 3])
      engine.ingest(
        { name: 'ecommerce.processing_time', type: 'h', value: v, sampleRate: 1, tags: ['product:1'] },
        T0,
      );
    for (const v of [0.5, 1.5])
      engine.ingest(
        { name: 'ecommerce.processing_time', type: 'd', value: v, sampleRate: 1, tags: ['product:1'] },
        T0 + 1000,
      );
    expect(engine.metricType('ecommerce.processing_time')).toBe('distribution');
    const value = (q: string) => engine.query(q, s, s + 9)[0]?.points[0]?.[1];
    expect(value('avg:ecommerce.processing_time{*}')).toBeCloseTo(1, 1);
    expect(value('count:ecommerce.processing_time{*}')).toBe(2);
    expect(value('max:ecommerce.processing_time{*}')).toBeCloseTo(1.5, 1);
    expect(value('avg:ecommerce.processing_time.avg{*}')).toBeCloseTo(2, 5);
    expect(engine.allTags('ecommerce.processing_time')).toEqual(['product:1']);
  });

  it('increment then gauge: the gauge’s values, typed gauge, with the counter’s series not read under the name', () => {
    const { engine } = engineAt(T0);
    const s = T0 / 1000;
    engine.ingest({ name: 'business_value', type: 'c', value: 7, sampleRate: 1, tags: ['kind:old'] }, T0);
    expect(engine.metricType('business_value')).toBe('rate');
    engine.ingest(
      { name: 'business_value', type: 'g', value: 59.98, sampleRate: 1, tags: ['kind:new'] },
      T0 + 1000,
    );
    expect(engine.metricType('business_value')).toBe('gauge');
    const result = engine.query('avg:business_value{*} by {kind}', s, s + 9);
    expect(result.map((r) => [r.tagSet, r.points[0]?.[1]])).toEqual([[['kind:new'], 59.98]]);
    expect(engine.contexts('business_value')).toEqual([['kind:new']]);
  });
});

describe('an idle counter, as the agent reports it', () => {
  it('reads as zeros for dogstatsd_expiry_seconds (300 s) after its last update, then stops', () => {
    const engine = createMetricsEngine({ now: () => T0 + 600_000, retentionSec: 3600 });
    engine.ingest({ name: 'error_count', type: 'c', value: 3, sampleRate: 1, tags: [] }, T0);
    const s = T0 / 1000;
    const soon = engine.query('sum:error_count{*}.as_count()', s, s + 59)[0]?.points ?? [];
    expect(soon.map((p) => p[1])).toEqual([3, 0, 0, 0, 0, 0]);
    const later = engine.query('sum:error_count{*}.as_count()', s + 200, s + 500)[0]?.points ?? [];
    // Zeros until 300 s after the last bucket, nothing after.
    expect(later.at(-1)?.[0]).toBe(T0 + 300_000);
    expect(later.every((p) => p[1] === 0)).toBe(true);
    expect(engine.query('sum:error_count{*}.as_count()', s + 310, s + 500)).toEqual([]);
    // A gauge is not filled: its last value is its last value.
    engine.ingest({ name: 'g', type: 'g', value: 5, sampleRate: 1, tags: [] }, T0);
    expect(engine.query('avg:g{*}', s, s + 59)[0]?.points).toHaveLength(1);
  });
});

describe('an ingestion delay (INTAKE_INGESTION_DELAY_SEC)', () => {
  it('shows a point only once its bucket closed that long ago, as Datadog’s points land late', () => {
    let now = Date.UTC(2026, 11, 3, 12, 0, 5);
    const engine = createMetricsEngine({ now: () => now, ingestionDelaySec: 60 });
    engine.ingest({ name: 'late.count', type: 'c', value: 3, sampleRate: 1, tags: [] }, now);
    const sum = () => {
      const t = Math.floor(now / 1000);
      return (engine.query('sum:late.count{*}.as_count()', t - 600, t)[0]?.points ?? []).reduce(
        (n, p) => n + (p[1] ?? 0),
        0,
      );
    };
    expect(sum()).toBe(0);
    now += 60_000;
    expect(sum()).toBe(0);
    now += 10_000;
    expect(sum()).toBe(3);
  });
});

// Datadog's `.rollup(method, seconds)` and `.fill(zero)` on a metric query.
describe('rollup and fill', () => {
  const t0 = Date.UTC(2026, 11, 3, 12, 0, 0);
  const engine = createMetricsEngine({ now: () => t0 + 120_000 });
  for (const [offset, value] of [
    [0, 1],
    [10, 5],
    [20, 3],
    [90, 7],
  ] as const)
    engine.ingest({ name: 'r.gauge', type: 'g', value, sampleRate: 1, tags: [] }, t0 + offset * 1000);
  engine.ingest({ name: 'r.count', type: 'c', value: 2, sampleRate: 1, tags: [] }, t0);
  const points = (q: string) => engine.query(q, t0 / 1000, t0 / 1000 + 119)[0]?.points ?? [];

  it('combines each interval as the method says, over the interval asked for', () => {
    expect(points('avg:r.gauge{*}.rollup(max, 60)')).toEqual([
      [t0, 5],
      [t0 + 60_000, 7],
    ]);
    expect(points('avg:r.gauge{*}.rollup(min, 60)').map((p) => p[1])).toEqual([1, 7]);
    expect(points('avg:r.gauge{*}.rollup(sum, 60)').map((p) => p[1])).toEqual([9, 7]);
    expect(points('avg:r.gauge{*}.rollup(count, 60)').map((p) => p[1])).toEqual([3, 1]);
    expect(points('avg:r.gauge{*}.rollup(avg, 60)').map((p) => p[1])).toEqual([3, 7]);
  });

  it('draws empty intervals as 0 with fill(zero), and says what offline cannot do', () => {
    expect(points('avg:r.gauge{*}.fill(zero)').filter((p) => p[1] === 0).length).toBeGreaterThan(0);
    expect(points('avg:r.gauge{*}.fill(null)').some((p) => p[1] === 0)).toBe(false);
    expect(() => points('avg:r.gauge{*}.fill(linear)')).toThrow(
      'valid on Datadog, but not evaluated offline',
    );
    expect(() => points('avg:r.gauge{*}.rollup(sum, monthly)')).toThrow('valid on Datadog');
    expect(() => points('sum:r.count{*}.rollup(max, 60)')).toThrow('valid on Datadog');
    expect(points('sum:r.count{*}.as_count().rollup(sum, 60)')[0]?.[1]).toBe(2);
    expect(() => points('avg:r.gauge{*}.rollup(median)')).toThrow('takes avg, sum, min, max or count');
  });
});
