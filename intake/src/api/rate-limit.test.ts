import { describe, expect, it } from 'vitest';
import { createRateLimiter, DATADOG_LIMITS, familyOf, parseLimits } from './rate-limit.js';

describe('rate limits', () => {
  it('allows the limit per calendar-aligned window, with Datadog headers, then refuses', () => {
    let now = 3_600_000 * 10 + 1_000; // one second into an hour
    const limiter = createRateLimiter({ spans_search: { limit: 2, periodSec: 3600 } }, () => now);
    const first = limiter.take('spans_search');
    expect(first).toEqual({
      allowed: true,
      headers: {
        'x-ratelimit-limit': '2',
        'x-ratelimit-period': '3600',
        'x-ratelimit-remaining': '1',
        'x-ratelimit-reset': '3599',
      },
    });
    expect(limiter.take('spans_search')?.allowed).toBe(true);
    expect(limiter.take('spans_search')).toMatchObject({
      allowed: false,
      headers: { 'x-ratelimit-remaining': '0' },
    });
    now += 3_600_000;
    expect(limiter.take('spans_search')?.allowed).toBe(true);
    expect(limiter.take('metrics_query')).toBeUndefined();
  });

  it('reads INTAKE_RATE_LIMITS and maps endpoints to families', () => {
    expect(parseLimits(undefined)).toBe(DATADOG_LIMITS);
    expect(DATADOG_LIMITS.spans_search).toEqual({ limit: 300, periodSec: 3600 });
    expect(parseLimits('off')).toEqual({});
    expect(parseLimits('metrics_query=100/3600')).toEqual({ metrics_query: { limit: 100, periodSec: 3600 } });
    expect(() => parseLimits('spans=1')).toThrow('INTAKE_RATE_LIMITS');
    expect(familyOf('POST', '/api/v2/spans/events/search')).toBe('spans_search');
    expect(familyOf('GET', '/api/v1/query')).toBe('metrics_query');
    expect(familyOf('GET', '/api/v1/validate')).toBeUndefined();
  });
});
