/**
 * The spans API answers as Datadog's recorded answers do (datadog-api-client-typescript
 * `cassettes/v2/Spans_*`): "custom", "env", "host", "resource_name", "service", "span_id",
 * "trace_id", "parent_id", "start_timestamp", "end_timestamp", "tags", "type"… — no
 * `operation_name`, no `status`, and `custom` nested (`{"http":{"status_code":"200"}}`). The
 * lesson checks and `verify traces` read a recorded answer through the real client as they read
 * the intake's.
 */
import { v2 } from '@datadog/datadog-api-client';
import { describe, expect, it } from 'vitest';
import { type ClientSpan, toSpanResult } from '../../cli/lessons/check-context.js';
import { summarizeSpans } from '../../cli/verify/run-verify-traces.js';
import { nestDotted, spanJson } from '../../intake/src/api/spans-api.js';
import type { StoredSpan } from '../../intake/src/traces/span-store.js';
import { recordedExchange } from '../support/cassettes.js';

const SPANS = 'v2/Spans_3419372246';
const recorded = recordedExchange(SPANS, 'Search-spans-returns-OK-response_');
const recordedBody = JSON.parse(recorded.responseText) as {
  data: Array<{ id: string; type: string; attributes: Record<string, unknown> }>;
};

const stored: StoredSpan = {
  traceId: '3740652481065462946',
  spanId: '9270756141854228302',
  parentId: '0',
  service: 'webapp',
  name: 'express.request',
  resource: 'POST /purchase',
  type: 'web',
  startMs: Date.parse('2026-12-03T10:00:00.000Z'),
  durationMs: 3.4,
  error: true,
  meta: {
    env: 'workshop',
    'http.status_code': '500',
    'http.method': 'POST',
    'purchase.product_id': '3',
    '_dd.p.tid': '6761b3a500000000',
  },
  metrics: { 'purchase.quantity': 4, _sampling_priority_v1: 1, process_id: 12 },
  receivedMs: 0,
};

const typeOf = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);

describe('the spans API answer', () => {
  it('has the recorded attribute names and types, and nothing Datadog does not send', () => {
    const ours = spanJson(stored);
    const theirs = recordedBody.data[0] as (typeof recordedBody.data)[0];
    expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort());
    expect(Object.keys(ours.attributes).sort()).toEqual(Object.keys(theirs.attributes).sort());
    for (const [key, value] of Object.entries(theirs.attributes))
      expect(typeOf((ours.attributes as Record<string, unknown>)[key]), key).toBe(typeOf(value));
    expect(ours.attributes).not.toHaveProperty('operation_name');
    expect(ours.attributes).not.toHaveProperty('status');
  });

  it('nests span attributes under custom as Datadog does, internal ones left out', () => {
    const { custom } = spanJson(stored).attributes;
    expect(custom).toMatchObject({
      env: 'workshop',
      http: { status_code: '500', method: 'POST' },
      purchase: { product_id: '3', quantity: 4 },
      process_id: 12,
      duration: 3_400_000,
    });
    expect(JSON.stringify(custom)).not.toMatch(/_dd|_sampling/);
    // The recording's own custom is nested the same way.
    expect((recordedBody.data[0]?.attributes.custom as { http?: unknown } | undefined)?.http).toMatchObject({
      status_code: '200',
    });
  });

  it('nests dotted keys; a key in the way of another stays whole, and __proto__ is only a key', () => {
    const tree = nestDotted([
      ['a', 1],
      ['a.b', 2],
      ['c.d', 3],
      ['c', 4],
      ['__proto__.polluted', 5],
    ]);
    expect(JSON.stringify(tree)).toBe('{"a":1,"a.b":2,"c":{"d":3},"__proto__":{"polluted":5}}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reads through the real client into the checks’ span, tags from the nested custom', () => {
    const answer = v2.ObjectSerializer.deserialize(recordedBody, 'SpansListResponse') as v2.SpansListResponse;
    const span = toSpanResult((answer.data ?? [])[0] as ClientSpan);
    expect(span).toMatchObject({
      service: 'python-sample-app-spartancrimson',
      resource: 'GET /',
      traceId: '3740652481065462946',
      spanId: '9270756141854228302',
      parentId: '0',
      durationMs: 3,
    });
    expect(span.tags['http.status_code']).toBe('200');
    expect(span.tags['http.url_details.port']).toBe('8080');
    // Ours reads the same way.
    const ourAnswer = v2.ObjectSerializer.deserialize(
      { data: [spanJson(stored)] },
      'SpansListResponse',
    ) as v2.SpansListResponse;
    const ourSpan = toSpanResult((ourAnswer.data ?? [])[0] as ClientSpan);
    expect(ourSpan.tags['purchase.product_id']).toBe('3');
    expect(ourSpan.tags['purchase.quantity']).toBe('4');
    expect(ourSpan.resource).toBe('POST /purchase');
  });

  it('verify traces counts resources and database spans of a recorded answer', () => {
    const summary = summarizeSpans(recordedBody.data);
    expect(summary.spans).toBe(recordedBody.data.length);
    expect(summary.resources['GET /']).toBeGreaterThan(0);
    const db = summarizeSpans([
      { attributes: { ...spanJson(stored).attributes, type: 'sql', resource_name: 'SELECT ?' } },
    ]);
    expect(db.databaseSpans).toBe(1);
  });
});
