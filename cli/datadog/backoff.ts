/**
 * How long to wait before asking again: a steady poll while waiting for data to arrive, and
 * Datadog's own rate-limit headers when it answers 429. Pure.
 */
export interface RateLimit {
  limit?: number;
  period?: number;
  remaining?: number;
  /** Seconds until the window resets. */
  reset?: number;
}

export function readRateLimit(headers: Record<string, string | undefined>): RateLimit {
  const n = (k: string) => {
    const v = headers[k] ?? headers[k.toLowerCase()];
    const x = Number(v);
    return v === undefined || Number.isNaN(x) ? undefined : x;
  };
  const out: RateLimit = {};
  const fields: Array<[keyof RateLimit, string]> = [
    ['limit', 'x-ratelimit-limit'],
    ['period', 'x-ratelimit-period'],
    ['remaining', 'x-ratelimit-remaining'],
    ['reset', 'x-ratelimit-reset'],
  ];
  for (const [key, header] of fields) {
    const v = n(header);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

/** Wait before poll `attempt` (1-based): 2 s, 4 s, 8 s… capped at `maxMs`; a 429 waits for its reset. */
export function nextDelayMs(attempt: number, rateLimit?: RateLimit, maxMs = 30_000): number {
  if (rateLimit?.reset !== undefined && (rateLimit.remaining === undefined || rateLimit.remaining <= 0)) {
    return Math.max(1000, rateLimit.reset * 1000 + 250);
  }
  return Math.min(maxMs, 1000 * 2 ** Math.min(attempt, 10));
}
