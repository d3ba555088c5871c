/** The console's pure parts: time ranges, the query builder, chart alignment, the waterfall. */
import { describe, expect, it } from 'vitest';
import { alignSeries, colourFor, ratioPoints, withGaps, yRange } from './chart-data.js';
import { formatDuration, formatNumber, tagSummary } from './format.js';
import { AGGREGATORS, defaultQuery, joinQuery, splitQuery } from './query-builder.js';
import { buildWaterfall, type SpanLike } from './span-tree.js';
import { customRange, parseRange } from './time-range.js';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

describe('time ranges', () => {
  it('reads presets as live windows ending now', () => {
    expect(parseRange('5m', NOW)).toMatchObject({ fromSec: NOW / 1000 - 300, toSec: NOW / 1000, live: true });
    expect(parseRange('1d', NOW).fromSec).toBe(NOW / 1000 - 86_400);
  });
  it('reads a custom range and keeps it still', () => {
    const r = parseRange(customRange(NOW - 60_000, NOW), NOW + 3_600_000);
    expect(r).toMatchObject({ fromSec: NOW / 1000 - 60, toSec: NOW / 1000, live: false });
  });
  it('falls back on nonsense, reversed or absurd ranges', () => {
    for (const raw of ['', 'banana', '0m', '99999d', `${NOW}-${NOW - 1000}`])
      expect(parseRange(raw, NOW)).toMatchObject({
        toSec: NOW / 1000,
        fromSec: NOW / 1000 - 900,
        live: true,
      });
  });
});

describe('query builder', () => {
  it('splits and joins Datadog queries without changing them', () => {
    for (const q of [
      'avg:cpu.load{*}',
      'sum:request_count{service:webapp,!endpoint:/health} by {endpoint,status}.as_count()',
      'p95:ecommerce.processing_time{*}.as_rate()',
    ])
      expect(joinQuery(splitQuery(q) ?? ({} as never))).toBe(q);
    expect(splitQuery('sum:request_count{*} by {endpoint}')).toEqual({
      aggr: 'sum',
      metric: 'request_count',
      from: [],
      by: ['endpoint'],
      modifier: '',
    });
  });
  it('leaves arithmetic and functions to the text box', () => {
    expect(splitQuery('sum:a{*} / sum:b{*}')).toBeUndefined();
    expect(splitQuery('top(avg:a{*} by {x}, 5)')).toBeUndefined();
    expect(splitQuery('sum:a{*}.rollup(sum, 60)')).toBeUndefined();
    expect(splitQuery('median:a{*}')).toBeUndefined();
  });
  it('reads the grammar the intake evaluates: count is an aggregator, as on Datadog', () => {
    expect(AGGREGATORS).toContain('count');
    expect(splitQuery('count:ecommerce.processing_time{*}')?.aggr).toBe('count');
  });
  it('picks a first query that suits the metric type', () => {
    expect(defaultQuery('request_count', 'rate')).toBe('sum:request_count{*}.as_count()');
    expect(defaultQuery('ecommerce.processing_time', 'distribution')).toBe(
      'p95:ecommerce.processing_time{*}',
    );
    expect(defaultQuery('cpu.load', 'gauge')).toBe('avg:cpu.load{*}');
  });
});

describe('chart data', () => {
  it('aligns series on one time axis with gaps as null', () => {
    const data = alignSeries([
      {
        label: 'a',
        points: [
          [10_000, 1],
          [20_000, 2],
        ],
      },
      {
        label: 'b',
        points: [
          [20_000, 5],
          [30_000, 6],
        ],
      },
    ]);
    expect(data).toEqual([
      [10, 20, 30],
      [1, 2, null],
      [null, 5, 6],
    ]);
  });
  it('gives few series distinct colours, and a group the same colour every time', () => {
    const three = ['p50', 'p95', 'p99'].map((l, i) => colourFor(l, i, 3));
    expect(new Set(three).size).toBe(3);
    expect(colourFor('service:webapp', 3, 50)).toBe(colourFor('service:webapp', 7, 60));
  });
});

describe('formatting', () => {
  it('prints numbers and durations for people', () => {
    expect(formatNumber(12_345)).toBe('12.3k');
    expect(formatNumber(null)).toBe('—');
    expect(formatNumber(0.01234)).toBe('0.0123');
    expect(formatDuration(0.25)).toBe('250 µs');
    expect(formatDuration(1500)).toBe('1.50 s');
  });
});

describe('waterfall', () => {
  const span = (spanId: string, parentId: string, startMs: number, durationMs: number): SpanLike => ({
    spanId,
    parentId,
    startMs,
    durationMs,
    service: 'webapp',
    name: spanId,
    resource: spanId,
    error: false,
  });

  it('nests children under parents, in start order, to scale', () => {
    const w = buildWaterfall([
      span('db', 'req', 1010, 20),
      span('mw', 'req', 1002, 5),
      span('req', '0', 1000, 100),
    ]);
    expect(w.rows.map((r) => [r.span.spanId, r.depth])).toEqual([
      ['req', 0],
      ['mw', 1],
      ['db', 1],
    ]);
    expect(w.rows[2]).toMatchObject({ offset: 0.1, width: 0.2 });
    expect(w.durationMs).toBe(100);
    expect(w.orphans).toBe(0);
  });

  it('shows spans whose parent is missing as roots, and survives parent cycles and deep nesting', () => {
    const partial = buildWaterfall([span('child', 'gone', 0, 1)]);
    expect(partial.orphans).toBe(1);
    const cycle = buildWaterfall([span('a', 'b', 0, 1), span('b', 'a', 0, 1)]);
    expect(cycle.rows).toHaveLength(2);
    const deep = Array.from({ length: 20_000 }, (_, i) => span(String(i + 1), String(i), i, 1));
    expect(buildWaterfall(deep).rows.at(-1)?.depth).toBe(19_999);
  });
});

describe('a metric’s tags in a table cell', () => {
  it('shows a few values per key and how many more: one key per restart cannot flood the row', () => {
    const tags = [
      'service:webapp',
      ...Array.from({ length: 40 }, (_, i) => `_dd.rc.client_id:${i}`),
      'env:workshop',
    ];
    expect(tagSummary(tags)).toEqual([
      { text: 'service:webapp' },
      { text: '_dd.rc.client_id:0' },
      { text: '_dd.rc.client_id:1' },
      { text: '_dd.rc.client_id:2' },
      { text: '+37 _dd.rc.client_id', more: true },
      { text: 'env:workshop' },
    ]);
  });
});

describe('charts of sparse data', () => {
  it('break a line where points are missing instead of ramping across the gap', () => {
    expect(withGaps([0, 10, 20, 860, 870])).toEqual([0, 10, 20, 30, 860, 870]);
    expect(withGaps([0, 10, 20])).toEqual([0, 10, 20]);
    const [xs, col] = alignSeries([
      {
        label: 'a',
        points: [
          [0, 1],
          [10_000, 2],
          [850_000, 3],
        ],
      },
    ]);
    expect(xs).toEqual([0, 10, 20, 850]);
    expect(col).toEqual([1, 2, null, 3]);
  });

  it('keep every threshold line inside the y range', () => {
    expect(yRange(0, 3, [10, 5])).toEqual([0, 10.5]);
    expect(yRange(null, null, [])).toEqual([0, 1.05]);
  });
});

describe('blocks per call per interval', () => {
  it('divides hit + read by calls at each timestamp; no calls, no point', () => {
    const hit: Array<[number, number | null]> = [
      [1, 900],
      [2, 4],
      [3, 0],
    ];
    const read: Array<[number, number | null]> = [
      [1, 120],
      [2, 0],
    ];
    const calls: Array<[number, number | null]> = [
      [1, 2],
      [2, 2],
      [3, 0],
    ];
    expect(ratioPoints([hit, read], calls)).toEqual([
      [1, 510],
      [2, 2],
      [3, null],
    ]);
  });
});
