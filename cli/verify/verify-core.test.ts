import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { nextDelayMs, readRateLimit } from '../datadog/backoff.js';
import { durationMs } from '../ui/options.js';
import { ECOMMERCE_METRICS, queriesFor, resolveMetrics, WEBAPP_METRICS } from './catalog.js';
import { applyExpectedTags, evaluateMetric, summarizeTags } from './metric-results.js';
import { arrivedLabel, typeMismatch } from './metric-types.js';

describe('durations', () => {
  it('reads 90s, 5m, 1h and plain seconds; refuses the rest', () => {
    expect(durationMs('90s')).toBe(90_000);
    expect(durationMs('5m')).toBe(300_000);
    expect(durationMs('1h')).toBe(3_600_000);
    expect(durationMs('30')).toBe(30_000);
    expect(durationMs('1m30s')).toBe(90_000);
    for (const bad of ['soon', 'abc', '-5s', '0', '1e308', ''])
      expect(() => durationMs(bad), bad).toThrow(InvalidArgumentError);
  });
});

describe('catalog', () => {
  it('asks for each type in the form that fits it', () => {
    const byName = (n: string) => [...WEBAPP_METRICS, ...ECOMMERCE_METRICS].find((m) => m.name === n)!;
    expect(queriesFor(byName('request_count'))).toEqual([
      { label: 'count', query: 'sum:request_count{service:webapp}.as_count()' },
    ]);
    expect(queriesFor(byName('memory_usage_bytes'))[0]?.query).toBe('avg:memory_usage_bytes{service:webapp}');
    expect(queriesFor(byName('request_latency_seconds_hist'))[0]?.query).toBe(
      'avg:request_latency_seconds_hist.avg{service:webapp}',
    );
    expect(queriesFor(byName('ecommerce.processing_time')).map((q) => q.query)).toEqual([
      'count:ecommerce.processing_time{service:webapp}.as_count()',
      'p50:ecommerce.processing_time{service:webapp}',
      'p95:ecommerce.processing_time{service:webapp}',
      'p99:ecommerce.processing_time{service:webapp}',
    ]);
    expect(resolveMetrics([], { ecommerce: true })).toBe(ECOMMERCE_METRICS);
    expect(resolveMetrics([], { infra: true }).map((m) => queriesFor(m)[0]?.query)).toContain(
      'avg:system.cpu.user{*}',
    );
    expect(resolveMetrics([], { containers: true, dbm: true }).map((m) => m.name)).toEqual([
      'container.cpu.usage',
      'container.memory.usage',
      'container.net.rcvd',
      'postgresql.queries.count',
      'postgresql.queries.time',
    ]);
    // A rate of the postgres check is a gauge (metadata.csv): averaged, never summed as a count.
    expect(queriesFor(resolveMetrics(['postgresql.seq_scans'])[0]!)[0]?.query).toBe(
      'avg:postgresql.seq_scans{table:purchases}',
    );
    expect(queriesFor(resolveMetrics(['postgresql.queries.count'])[0]!)[0]?.query).toBe(
      'sum:postgresql.queries.count{*}.as_count()',
    );
    expect(resolveMetrics(['custom.thing'])).toEqual([
      { name: 'custom.thing', kind: 'gauge', tags: [], unknown: true },
    ]);
  });
});

describe('results', () => {
  const metric = ECOMMERCE_METRICS[1]!;
  it('sums counts, keeps the latest value otherwise, and needs the metric tags', () => {
    const r = evaluateMetric(
      metric,
      true,
      [
        {
          label: 'count',
          points: [
            [2, 3],
            [1, 2],
          ],
        },
      ],
      ['transaction_type:purchase', 'product_id:4'],
    );
    expect(r).toMatchObject({ found: true, points: 2, latest: { count: 5 }, missingTags: [] });
    const noTags = evaluateMetric(metric, true, [{ label: 'count', points: [[1, 1]] }], ['product_id:4']);
    expect(noTags).toMatchObject({ found: false, missingTags: ['transaction_type'] });
    expect(evaluateMetric(metric, false, [], []).found).toBe(false);
  });

  it('a metric no catalogue knows accepts any type, and says so; a histogram stored as gauges says why', () => {
    const [custom] = resolveMetrics(['custom.thing']);
    const r = evaluateMetric(custom!, true, [{ label: 'avg', points: [[1, 2]] }], [], 'distribution');
    expect(r).toMatchObject({ kind: 'any', found: true });
    expect(r.typeProblem).toBeUndefined();
    expect(arrivedLabel('gauge', 'histogram')).toMatch(/\.avg/);
    expect(arrivedLabel('gauge', 'gauge')).toBe('gauge');
  });

  it('never passes on zeros it cannot explain: points that count nothing are not an arrival', () => {
    const distribution = ECOMMERCE_METRICS.find((m) => m.kind === 'distribution')!;
    const zeros = evaluateMetric(
      distribution,
      true,
      [
        {
          label: 'count',
          points: [
            [1, 0],
            [2, 0],
          ],
        },
        { label: 'p50', points: [[1, 0]] },
      ],
      ['operation:purchase'],
      'distribution',
    );
    expect(zeros.found).toBe(false);
    expect(zeros.zeroProblem).toMatch(/every one counts 0/);
    const some = evaluateMetric(
      distribution,
      true,
      [
        {
          label: 'count',
          points: [
            [1, 0],
            [2, 3],
          ],
        },
      ],
      ['operation:purchase'],
      'distribution',
    );
    expect(some.found).toBe(true);
  });

  it('wants each expected tag on at least one metric', () => {
    const a = evaluateMetric(
      ECOMMERCE_METRICS[0]!,
      true,
      [{ label: 'avg', points: [[1, 5]] }],
      ['currency:usd', 'amount_range:small', 'product_id:1'],
    );
    const b = evaluateMetric(
      ECOMMERCE_METRICS[2]!,
      true,
      [{ label: 'p50', points: [[1, 0.5]] }],
      ['operation:purchase'],
    );
    expect(applyExpectedTags([a, b], ['amount_range', 'product_id']).every((r) => r.found)).toBe(true);
    const missing = applyExpectedTags([a, b], ['region']);
    expect(missing.map((r) => [r.found, r.missingTags])).toEqual([
      [false, ['region']],
      [false, ['region']],
    ]);
    expect(
      summarizeTags(['service:webapp', 'product_id:1', 'product_id:2', 'product_id:3', 'product_id:4']),
    ).toBe('product_id(1, 2, 3, …)');
  });
});

describe('backoff', () => {
  it('grows while polling and waits for the reset on a 429', () => {
    expect([1, 2, 3, 10].map((n) => nextDelayMs(n))).toEqual([2000, 4000, 8000, 30_000]);
    const limit = readRateLimit({
      'x-ratelimit-limit': '100',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': '7',
      'x-ratelimit-period': '60',
    });
    expect(limit).toEqual({ limit: 100, period: 60, remaining: 0, reset: 7 });
    expect(nextDelayMs(1, limit)).toBe(7250);
    expect(nextDelayMs(1, { remaining: 5, reset: 7 })).toBe(2000);
  });
});

describe('percentiles', () => {
  it('a distribution with points but no percentiles is found, and says percentiles are off', () => {
    const dist = ECOMMERCE_METRICS[2]!;
    const answers = [
      { label: 'count', points: [[1, 4]] as Array<[number, number]> },
      { label: 'p50', points: [] },
      { label: 'p95', points: [] },
      { label: 'p99', points: [] },
    ];
    const r = evaluateMetric(dist, true, answers, ['operation:purchase'], 'distribution');
    expect(r.found).toBe(true);
    expect(r.percentilesOff).toBe(true);
    const on = evaluateMetric(
      dist,
      true,
      [answers[0]!, { label: 'p50', points: [[1, 0.5]] }],
      ['operation:purchase'],
      'distribution',
    );
    expect(on.percentilesOff).toBeUndefined();
  });
});

describe('arrived types', () => {
  it('accepts what Datadog stores each client call as', () => {
    expect(typeMismatch('c', 'count', 'rate')).toBeUndefined();
    expect(typeMismatch('c', 'count', 'count')).toBeUndefined();
    expect(typeMismatch('g', 'gauge', 'gauge')).toBeUndefined();
    expect(typeMismatch('d', 'distribution', 'distribution')).toBeUndefined();
    expect(typeMismatch('g', 'gauge', undefined)).toBeUndefined();
  });
  it('says what arrived, what the lesson asks for and the call that makes it', () => {
    expect(typeMismatch('ecommerce.purchase_amount', 'gauge', 'rate')).toBe(
      'ecommerce.purchase_amount arrived as a rate (a counter); it should be a gauge → statsd.gauge(name, value, tags)',
    );
    expect(typeMismatch('ecommerce.processing_time', 'distribution', 'histogram')).toContain(
      'arrived as a histogram; it should be a distribution → statsd.distribution(',
    );
    expect(arrivedLabel('rate')).toBe('rate (counter)');
    expect(arrivedLabel(undefined)).toBe('?');
  });
  it('a metric of the wrong type is not found, and says why', () => {
    const gauge = ECOMMERCE_METRICS[0]!;
    const r = evaluateMetric(
      gauge,
      true,
      [{ label: 'avg', points: [[1, 2]] }],
      ['currency:usd', 'amount_range:small', 'product_id:1'],
      'rate',
    );
    expect(r.found).toBe(false);
    expect(r.typeProblem).toContain('arrived as a rate (a counter)');
  });
});

describe('verify logs advice when nothing is found', () => {
  it('names the measure a numeric search needs, and traffic otherwise', async () => {
    const { noLogsAdvice } = await import('./run-verify-logs.js');
    expect(noLogsAdvice('@purchase.amount:>100')).toMatch(/purchase\.amount is a measure/);
    expect(noLogsAdvice('service:webapp @purchase.amount:[10 TO 20]')).toMatch(
      /create the measure on purchase\.amount/,
    );
    expect(noLogsAdvice('service:webapp @purchase.amount:120')).toMatch(/Send traffic/);
  });
});
