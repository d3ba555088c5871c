/**
 * Datadog's API rate limits, per endpoint family: a fixed window aligned to the calendar
 * (`X-RateLimit-Period` seconds), the four `X-RateLimit-*` headers on every answer of a limited
 * family, and 429 once the window's allowance is spent. Pure but for the clock it is given.
 */

export type Family = 'spans_search' | 'metrics_query' | 'metrics_read' | 'tag_config';

export interface Limit {
  limit: number;
  periodSec: number;
}

export type Limits = Partial<Record<Family, Limit>>;

/** What Datadog documents: spans search is limited to 300 requests an hour (SpansApi). */
export const DATADOG_LIMITS: Limits = { spans_search: { limit: 300, periodSec: 3600 } };

/** `off`, or `spans_search=300/3600,metrics_query=100/3600`: INTAKE_RATE_LIMITS. Unset: Datadog's. */
export function parseLimits(text: string | undefined): Limits {
  if (text === undefined || text.trim() === '') return DATADOG_LIMITS;
  if (text.trim() === 'off') return {};
  const limits: Limits = {};
  for (const part of text.split(',')) {
    const m = /^\s*(spans_search|metrics_query|metrics_read|tag_config)=(\d+)\/(\d+)\s*$/.exec(part);
    if (!m) throw new Error(`INTAKE_RATE_LIMITS: "${part}" is not family=limit/seconds`);
    limits[m[1] as Family] = { limit: Number(m[2]), periodSec: Math.max(1, Number(m[3])) };
  }
  return limits;
}

export interface Decision {
  allowed: boolean;
  headers: Record<string, string>;
}

export interface RateLimiter {
  take(family: Family): Decision | undefined;
}

export function createRateLimiter(limits: Limits, now: () => number = Date.now): RateLimiter {
  const windows = new Map<Family, { start: number; used: number }>();
  return {
    take(family) {
      const rule = limits[family];
      if (!rule) return undefined;
      const nowSec = now() / 1000;
      const start = Math.floor(nowSec / rule.periodSec) * rule.periodSec;
      let w = windows.get(family);
      if (!w || w.start !== start) {
        w = { start, used: 0 };
        windows.set(family, w);
      }
      const allowed = w.used < rule.limit;
      if (allowed) w.used++;
      return {
        allowed,
        headers: {
          'x-ratelimit-limit': String(rule.limit),
          'x-ratelimit-period': String(rule.periodSec),
          'x-ratelimit-remaining': String(Math.max(0, rule.limit - w.used)),
          'x-ratelimit-reset': String(Math.max(1, Math.ceil(start + rule.periodSec - nowSec))),
        },
      };
    },
  };
}

/** Which family a request belongs to, if any. */
export function familyOf(method: string, path: string): Family | undefined {
  if (path === '/api/v2/spans/events/search' || path === '/api/v2/spans/events') return 'spans_search';
  if (path === '/api/v1/query' || path === '/api/v2/query/timeseries') return 'metrics_query';
  if (/^\/api\/v2\/metrics\/[^/]+\/tags$/.test(path)) return 'tag_config';
  if (path.startsWith('/api/v1/metrics') || /^\/api\/v2\/metrics\/[^/]+\/all-tags$/.test(path))
    return method === 'GET' ? 'metrics_read' : undefined;
  return undefined;
}
