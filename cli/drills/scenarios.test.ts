import { describe, expect, it } from 'vitest';
import type { SpanResult } from '../lessons/check-api.js';
import { DRILLS, findDrill, flagFile } from './scenarios.js';

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
    ]);
    for (const d of DRILLS) {
      expect(d.symptom).not.toMatch(/product_id|inventory|user_id|retry/);
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
});
