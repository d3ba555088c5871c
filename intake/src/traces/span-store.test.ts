import { describe, expect, it } from 'vitest';
import { testSpan as span } from '../../../test/support/test-span.js';
import { globMatch } from '../query/glob.js';
import { parseTimeMs } from '../query/time.js';
import { createSpanStore, parseSpanQuery } from './span-store.js';

describe('spans search', () => {
  it('parses terms, quotes, negation and attributes', () => {
    expect(
      parseSpanQuery('service:webapp resource_name:"GET /users" -status:error @purchase.product_id:42 *'),
    ).toEqual({
      kind: 'and',
      children: [
        { kind: 'field', key: 'service', value: 'webapp', attribute: false, phrase: false },
        { kind: 'field', key: 'resource_name', value: 'GET /users', attribute: false, phrase: true },
        {
          kind: 'not',
          child: { kind: 'field', key: 'status', value: 'error', attribute: false, phrase: false },
        },
        { kind: 'field', key: 'purchase.product_id', value: '42', attribute: true, phrase: false },
        { kind: 'text', value: '*', phrase: false },
      ],
    });
    expect(() => parseSpanQuery('resource_name:"GET /users')).toThrow('unbalanced quotes');
    // Spans have no message: free text is refused with what to write instead (it matched every span).
    expect(() => parseSpanQuery('webapp')).toThrow(/no free text/);
  });

  it('matches wildcards in linear time, whatever the pattern', () => {
    expect(globMatch('GET*', 'get /users')).toBe(true);
    expect(globMatch('*users', 'GET /users')).toBe(true);
    expect(globMatch('a*b*c', 'axxbyyc')).toBe(true);
    expect(globMatch('a*b', 'aaa')).toBe(false);
    // The pattern that stalled a regex for 30 s: must answer at once.
    const started = performance.now();
    expect(globMatch('a*a*a*a*a*a*a*a*a*b', 'a'.repeat(70))).toBe(false);
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('filters by fields, tags, metrics, wildcards and time, newest first', () => {
    let now = 10_000;
    const store = createSpanStore({ now: () => now, retentionMs: 60_000, maxSpans: 100 });
    store.add([
      span({ spanId: '1', resource: 'GET /users', startMs: 1_000 }),
      span({ spanId: '2', resource: 'GET /error', error: true, startMs: 2_000 }),
      span({
        spanId: '3',
        service: 'webapp-postgres',
        name: 'pg.query',
        resource: 'SELECT 1',
        startMs: 3_000,
        metrics: { 'db.rows': 3 },
      }),
      span({
        spanId: '4',
        resource: 'POST /purchase',
        meta: { env: 'workshop', 'purchase.product_id': '42' },
        startMs: 4_000,
      }),
    ]);
    const ids = (q: string, from = 0, to = 1e9) => store.search(q, from, to, 10).map((s) => s.spanId);
    expect(ids('service:webapp')).toEqual(['4', '2', '1']);
    expect(ids('status:error')).toEqual(['2']);
    expect(ids('-status:error service:webapp')).toEqual(['4', '1']);
    expect(ids('resource_name:GET*')).toEqual(['2', '1']);
    expect(ids('@purchase.product_id:42')).toEqual(['4']);
    expect(ids('@db.rows:3 operation_name:pg.query')).toEqual(['3']);
    // As in Datadog: a span attribute needs its @; without it the term looks for a tag and finds none.
    expect(ids('purchase.product_id:42')).toEqual([]);
    expect(ids('db.rows:3')).toEqual([]);
    expect(ids('*', 2_500, 3_500)).toEqual(['3']);
    expect(store.counts().byService).toEqual({
      webapp: { spans: 3, traces: 1 },
      'webapp-postgres': { spans: 1, traces: 0 }, // its trace is counted under webapp, where it began
    });
    now += 120_000;
    store.add([span({ spanId: '5', startMs: now })]);
    expect(ids('*')).toEqual(['5']);
  });
});

describe('API times', () => {
  it('reads ms, ISO dates, now and now-<n><unit>', () => {
    const now = Date.parse('2026-11-24T12:00:00Z');
    expect(parseTimeMs('now', now)).toBe(now);
    expect(parseTimeMs('now-15m', now)).toBe(now - 900_000);
    expect(parseTimeMs('2026-11-24T11:00:00Z', now)).toBe(now - 3_600_000);
    expect(parseTimeMs('1700000000000', now)).toBe(1_700_000_000_000);
    expect(parseTimeMs(5, now)).toBe(5);
    expect(parseTimeMs('soon', now)).toBeUndefined();
  });
});

describe('trace counts', () => {
  it('counts each trace once, so the per-service counts add up to the total', () => {
    const store = createSpanStore();
    // A web request with a database child in another service, then a second request.
    store.add([
      span({ traceId: 't1', spanId: '1', service: 'webapp' }),
      span({ traceId: 't1', spanId: '2', parentId: '1', service: 'webapp-postgres', name: 'pg.query' }),
    ]);
    store.add([span({ traceId: 't2', spanId: '3', service: 'webapp' })]);
    const counts = store.counts();
    expect(counts.traces).toBe(2);
    expect(counts.spans).toBe(3);
    const perService = Object.values(counts.byService).reduce((n, s) => n + s.traces, 0);
    expect(perService).toBe(counts.traces);
    expect(counts.byService['webapp-postgres']).toEqual({ spans: 1, traces: 0 });
  });
});

describe('resources as spans spell them', () => {
  it('lists a service’s resources with their case (trace metrics’ tags are lowercased)', () => {
    const store = createSpanStore({ now: () => 10_000 });
    store.add([
      span({ resource: 'POST /purchase' }),
      span({ resource: 'GET /users' }),
      span({ resource: 'POST /purchase', spanId: '2' }),
      span({ service: 'other', resource: 'SELECT 1' }),
    ]);
    expect(store.resources('webapp')).toEqual(['GET /users', 'POST /purchase']);
    expect(store.resources('WEBAPP')).toEqual(['GET /users', 'POST /purchase']);
    expect(store.resources('nobody')).toEqual([]);
  });
});
