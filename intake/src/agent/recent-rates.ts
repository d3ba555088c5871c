/**
 * "Is data arriving?": per-second rates over the last minute, from snapshots of the intake's
 * running totals taken once a second (a ring of 61), so the home page needs no history of its own.
 */
export interface Totals {
  packets: number;
  parseErrors: number;
  metricSamples: number;
  spans: number;
  tracesByService: Record<string, number>;
}

export interface RecentRates {
  windowSec: number;
  packetsPerSec: number;
  parseErrorsPerSec: number;
  samplesPerSec: number;
  spansPerSec: number;
  tracesPerSecByService: Record<string, number>;
}

export const WINDOW_SEC = 60;

/** Rates between the oldest and newest snapshot (at most WINDOW_SEC apart). */
export function ratesOf(snapshots: Array<{ atMs: number; totals: Totals }>): RecentRates {
  const first = snapshots[0];
  const last = snapshots.at(-1);
  const empty = {
    windowSec: 0,
    packetsPerSec: 0,
    parseErrorsPerSec: 0,
    samplesPerSec: 0,
    spansPerSec: 0,
    tracesPerSecByService: {},
  };
  if (!first || !last || last.atMs <= first.atMs) return empty;
  const sec = (last.atMs - first.atMs) / 1000;
  const rate = (a: number, b: number) => Math.round(((b - a) / sec) * 100) / 100;
  const traces: Record<string, number> = {};
  for (const [svc, n] of Object.entries(last.totals.tracesByService))
    traces[svc] = rate(first.totals.tracesByService[svc] ?? 0, n);
  return {
    windowSec: Math.round(sec),
    packetsPerSec: rate(first.totals.packets, last.totals.packets),
    parseErrorsPerSec: rate(first.totals.parseErrors, last.totals.parseErrors),
    samplesPerSec: rate(first.totals.metricSamples, last.totals.metricSamples),
    spansPerSec: rate(first.totals.spans, last.totals.spans),
    tracesPerSecByService: traces,
  };
}

/** Takes a snapshot every second (unref'd timer); `stop` ends it. */
export function trackRecentRates(read: () => Totals, now = Date.now) {
  const ring: Array<{ atMs: number; totals: Totals }> = [{ atMs: now(), totals: read() }];
  const timer = setInterval(() => {
    ring.push({ atMs: now(), totals: read() });
    if (ring.length > WINDOW_SEC + 1) ring.shift();
  }, 1000);
  timer.unref();
  return {
    rates: () => ratesOf([...ring, { atMs: now(), totals: read() }].slice(-(WINDOW_SEC + 1))),
    stop: () => clearInterval(timer),
  };
}
