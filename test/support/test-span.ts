/** A span for the intake's unit tests: a webapp request with what each test changes on top. */
import type { Span } from '../../intake/src/traces/decode.js';

export function testSpan(over: Partial<Span> = {}): Span {
  return {
    traceId: '1',
    spanId: '1',
    parentId: '0',
    service: 'webapp',
    name: 'express.request',
    resource: 'GET /users',
    type: 'web',
    startMs: 1_000,
    durationMs: 5,
    error: false,
    meta: { env: 'workshop' },
    metrics: {},
    ...over,
  };
}
