import { describe, expect, it } from 'vitest';
import { leadingQuery, parseQuery, QueryError, scopeOf } from './metric-query.js';

describe('the metric query grammar', () => {
  it('reads aggregator, metric, scope, groups and functions', () => {
    const q = parseQuery(
      ' sum:request_count{service:webapp,!endpoint:/health} by {Endpoint, status}.as_count() ',
    );
    expect(q).toMatchObject({
      agg: 'sum',
      metric: 'request_count',
      groupBy: ['endpoint', 'status'],
      fn: 'as_count',
    });
    expect(q.filters.map((f) => [f.key, f.pattern, f.negate])).toEqual([
      ['service', 'webapp', false],
      ['endpoint', '/health', true],
    ]);
    expect(scopeOf(q)).toBe('service:webapp,!endpoint:/health');
    expect(parseQuery('a.b{*}').agg).toBe('avg');
    expect(parseQuery('count:a{*}.rollup(sum, 60).fill(zero)')).toMatchObject({
      agg: 'count',
      rollup: { method: 'sum', seconds: 60 },
      fill: 'zero',
    });
  });

  it('refuses what it does not evaluate, saying whether Datadog would', () => {
    expect(() => parseQuery('median:a{*}')).toThrow(/unknown aggregator "median"/);
    expect(() => parseQuery('sum:a{*} / sum:b{*}')).toThrow(QueryError);
    expect(() => parseQuery('sum:a{*}.fill(linear)')).toThrow(/valid on Datadog, but not evaluated offline/);
    expect(() => parseQuery('sum:a{*}.rollup(sum, daily)')).toThrow(/valid on Datadog/);
    expect(() => parseQuery('sum:a{*}.rollup(sum, -5)')).toThrow(/whole number of seconds/);
  });

  it('finds the query an expression starts with', () => {
    expect(leadingQuery('sum:a.b{x:y} by {k}.as_count() / sum:c{*}')).toEqual({
      agg: 'sum',
      metric: 'a.b',
      groupBy: ['k'],
    });
    expect(leadingQuery('p95:ecommerce.processing_time{*}')).toEqual({
      agg: 'p95',
      metric: 'ecommerce.processing_time',
      groupBy: [],
    });
    expect(leadingQuery('top(avg:a{*}, 5)')).toBeUndefined();
  });
});
