import { describe, expect, it } from 'vitest';
import { toSpanResult } from './check-context.js';
import { emptyProgress, markApplied, markPassed, restartLesson, startLesson } from './progress.js';

describe('progress transitions', () => {
  const t1 = new Date('2026-11-24T10:00:00Z');
  const t2 = new Date('2026-11-24T11:00:00Z');
  it('starts once, passes once, restarts the clock on reset', () => {
    let p = startLesson(emptyProgress(), '01-a', t1);
    p = startLesson(p, '01-a', t2);
    expect(p).toEqual({ version: 1, current: '01-a', lessons: { '01-a': { startedAt: t1.toISOString() } } });
    p = markApplied(markPassed(p, '01-a', t1), '01-a');
    p = markPassed(p, '01-a', t2);
    expect(p.lessons['01-a']).toEqual({
      startedAt: t1.toISOString(),
      passedAt: t1.toISOString(),
      applied: true,
    });
    p = restartLesson(p, '01-a', t2);
    expect(p.lessons['01-a']).toEqual({ startedAt: t2.toISOString() });
  });
});

describe('spans as checks see them', () => {
  it('flattens tags and custom attributes; takes no operation name or status, which Datadog does not send', () => {
    const span = toSpanResult({
      attributes: {
        service: 'webapp',
        resourceName: 'POST /purchase',
        traceId: '7',
        spanId: '8',
        parentId: '0',
        startTimestamp: new Date('2026-12-03T09:00:00.000Z'),
        endTimestamp: '2026-12-03T09:00:01.250Z',
        additionalProperties: { operation_name: 'express.request', status: 'error' },
        tags: ['env:workshop', 'http.status_code:500'],
        custom: { purchase: { product_id: 42 } },
      },
    });
    expect(span).toMatchObject({
      service: 'webapp',
      resource: 'POST /purchase',
      traceId: '7',
      durationMs: 1250,
    });
    expect(span).not.toHaveProperty('name');
    expect(span).not.toHaveProperty('error');
    expect(span.tags).toMatchObject({
      env: 'workshop',
      'http.status_code': '500',
      'purchase.product_id': '42',
    });
  });
});
