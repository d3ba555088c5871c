import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SpanResult } from '../lessons/check-api.js';
import { parseHints } from '../lessons/render.js';
import { DRILLS, findDrill, firstDetection, flagFile } from './scenarios.js';

const span = (over: Partial<SpanResult>): SpanResult => ({
  service: 'webapp',
  resource: 'POST /purchase',
  tags: {},
  traceId: '1',
  spanId: '1',
  parentId: '0',
  ...over,
});

describe('the drills', () => {
  it('each says what users see, never the cause, and what it asks', () => {
    expect(DRILLS.map((d) => d.name)).toEqual([
      'checkout-errors',
      'slow-users',
      'metric-cardinality',
      'error-log-flood',
      'slow-product-page',
      'memory-leak',
      'metrics-stopped',
      'users-n-plus-one',
    ]);
    for (const d of DRILLS) {
      expect(d.symptom).not.toMatch(
        /product_id|inventory|user_id|retry|index|leak|statsd|dogstatsd|n\+1|query/i,
      );
      expect(d.asks.length).toBeGreaterThan(0);
    }
  });

  it('are written as OpenFeature in-memory flags: one variant, on', () => {
    expect(flagFile({ 'drill.failing-product': 7 })).toEqual({
      'drill.failing-product': { variants: { on: 7 }, defaultVariant: 'on', disabled: false },
    });
  });

  it('grade the cause and the evidence the API found', () => {
    const d = findDrill('checkout-errors');
    const injected = d?.flags(2) ?? {};
    expect(injected).toEqual({ 'drill.failing-product': 3 });
    const failed = [span({ tags: { 'http.status_code': '500' } })];
    expect(d?.judge({ product: 3, trace: '1' }, injected, { traceSpans: failed })).toBeUndefined();
    expect(d?.judge({ product: 4, trace: '1' }, injected, { traceSpans: failed })).toBe(
      'product 4 is not the one that fails',
    );
    expect(d?.judge({ product: 3 }, injected, {})).toMatch(/evidence trace id is needed/);
    expect(d?.judge({ product: 3, trace: '9' }, injected, { traceSpans: [] })).toMatch(/no span of trace 9/);
    expect(
      d?.judge({ product: 3, trace: '1' }, injected, {
        traceSpans: [span({ tags: { 'http.status_code': '201' } })],
      }),
    ).toMatch(/not a failed purchase/);
    const slow = findDrill('slow-users');
    const flags = slow?.flags(0) ?? {};
    const ok = { route: '/users', span: 'inventory.lookup', trace: '2' };
    expect(slow?.judge(ok, flags, { traceSpans: [span({ durationMs: 1_250 })] })).toBeUndefined();
    expect(slow?.judge(ok, flags, { traceSpans: [span({ durationMs: 40 })] })).toMatch(/no span of a second/);
    expect(slow?.judge({ ...ok, span: 'pg.query' }, flags, {})).toMatch(/not the operation/);
    expect(
      findDrill('metric-cardinality')?.judge(
        { metric: 'webapp.page_views', tag: 'user_id' },
        {},
        { tagValues: 500 },
      ),
    ).toBeUndefined();
    expect(
      findDrill('metric-cardinality')?.judge({ metric: 'request_count', tag: 'user_id' }, {}, {}),
    ).toMatch(/not the metric/);
    expect(
      findDrill('error-log-flood')?.judge({ message: 'Payment retry failed' }, {}, { errorLogs: 400 }),
    ).toBeUndefined();
  });

  it('grade the index, the leak, the metrics address and the N+1 on the data', () => {
    const index = findDrill('slow-product-page');
    expect(index?.sideEffect).toBe('drop-product-index');
    expect(
      index?.judge({ table: 'purchases', statement: 'x' }, {}, { seqScans: ['purchases'] }),
    ).toBeUndefined();
    expect(index?.judge({ table: 'users', statement: 'x' }, {}, { seqScans: ['purchases'] })).toMatch(
      /not the table/,
    );
    expect(index?.judge({ table: 'purchases', statement: 'x' }, {}, { seqScans: [] })).toMatch(
      /through an index/,
    );
    expect(index?.judge({ table: 'purchases', statement: 'x' }, {}, {})).toMatch(/could not be planned/);

    const leak = findDrill('memory-leak');
    expect(leak?.sideEffect).toBe('restart-webapp');
    const grown = { metric: 'runtime.node.mem.heap_used', cause: 'leak' };
    expect(leak?.judge(grown, {}, { growthMb: 48 })).toBeUndefined();
    expect(leak?.judge(grown, {}, { growthMb: 3 })).toMatch(/grown 3 MB since the drill began/);
    expect(leak?.judge({ ...grown, metric: 'request_count' }, {}, { growthMb: 48 })).toMatch(
      /not a memory metric/,
    );
    expect(leak?.judge({ ...grown, cause: 'traffic' }, {}, { growthMb: 48 })).toMatch(
      /not what is happening/,
    );

    const stopped = findDrill('metrics-stopped');
    expect(stopped?.asks[0]?.choices?.map((c) => c.value)).toContain('dogstatsd-address');
    const address = { cause: 'dogstatsd-address' };
    expect(stopped?.judge(address, {}, { sinceStart: { requestCount: 0, spans: 40 } })).toBeUndefined();
    expect(stopped?.judge(address, {}, { sinceStart: { requestCount: 12, spans: 40 } })).toMatch(
      /the metrics arrive/,
    );
    expect(stopped?.judge(address, {}, { sinceStart: { requestCount: 0, spans: 0 } })).toMatch(/no trace/);
    expect(stopped?.judge({ cause: 'database' }, {}, { sinceStart: { requestCount: 0, spans: 40 } })).toMatch(
      /not what is wrong/,
    );

    const n1 = findDrill('users-n-plus-one');
    const query = (i: number) =>
      span({
        service: 'webapp-postgres',
        resource: 'SELECT count(*) FROM purchases WHERE user_id = $1',
        spanId: String(i),
      });
    const many = [span({ resource: 'GET /users' }), ...Array.from({ length: 50 }, (_, i) => query(i))];
    const ok = { route: '/users', table: 'purchases', trace: '1' };
    expect(n1?.judge(ok, {}, { traceSpans: many })).toBeUndefined();
    expect(n1?.judge(ok, {}, { traceSpans: many.slice(0, 3) })).toMatch(/runs no query more than 2 times/);
    expect(n1?.judge({ ...ok, table: 'users' }, {}, { traceSpans: many })).toMatch(/not the table/);
    expect(n1?.judge({ ...ok, route: '/purchases' }, {}, { traceSpans: many })).toMatch(/not the slow route/);
  });

  it('tell the time to detect: the first look since the start that touches the fault', () => {
    const drill = findDrill('checkout-errors');
    if (!drill) throw new Error('no checkout-errors');
    const looks = [
      { atMs: 500, kind: 'spans' as const, text: 'status:error' },
      { atMs: 1_500, kind: 'metric' as const, text: 'avg:system.cpu.user{*}' },
      { atMs: 2_500, kind: 'spans' as const, text: 'trace_id:123' },
      { atMs: 3_000, kind: 'logs' as const, text: 'service:webapp status:error' },
      { atMs: 4_000, kind: 'spans' as const, text: 'status:error' },
    ];
    expect(firstDetection(drill, looks, 1_000)).toEqual(looks[3]);
    expect(firstDetection(drill, looks.slice(0, 3), 1_000)).toBeUndefined();
    for (const d of DRILLS) expect(d.detect.length, d.name).toBeGreaterThan(0);
  });

  it('each have a briefing and hints that teach where to look, never the answer', () => {
    // What would give each answer away, were a hint to say it.
    const answers: Record<string, RegExp> = {
      'checkout-errors': /declined|product \d/i,
      'slow-users': /inventory/i,
      'metric-cardinality': /page_views|user_id/i,
      'error-log-flood': /payment retry/i,
      'slow-product-page': /purchases_product_id_idx|product_id/i,
      'memory-leak': /\brss\b|64 ?KB/i,
      'metrics-stopped': /port 9|wrong port/i,
      'users-n-plus-one': /user_id|purchases/i,
    };
    for (const d of DRILLS) {
      const dir = join(import.meta.dirname, '../../drills', d.name);
      const briefing = readFileSync(join(dir, 'README.md'), 'utf8');
      expect(briefing, d.name).toMatch(/^# Drill: /);
      const hints = parseHints(readFileSync(join(dir, 'hints.md'), 'utf8'));
      expect(hints.length, d.name).toBeGreaterThanOrEqual(3);
      for (const text of [briefing, ...hints]) expect(text, d.name).not.toMatch(answers[d.name] ?? /^$/);
    }
  });
});
