/**
 * Datadog limits spans search to 300 requests an hour (the API client's SpansApi docs), for the
 * whole organisation. The lesson checks space their searches so that the worst case of a course
 * pass — every spans check failing and waiting out its patience — stays well inside that:
 *
 *   calls per check  = patience / interval + 1      offline 40 s / 4 s + 1 = 11;  Datadog 180 s / 15 s + 1 = 13
 *   spans checks     = 4 (lesson 1: 1, lesson 5: 2, lesson 8: 1)
 *   verify traces    = 2 searches a poll             offline 20 s / 2 s = 10 polls → 20;  Datadog 7 polls → 14
 *   worst case       = 4 × 11 + 20 = 64 per pass     ≈ 4 failing passes an hour, far more passing ones
 *
 * The test beside this file recomputes it from the lessons' own checks.
 */
import type { Mode } from '../config/workshop-config.js';

export const SPANS_SEARCH_PER_HOUR = 300;

/** The least time between two spans searches of one check run. */
export const SPANS_INTERVAL_MS: Record<Mode, number> = { offline: 4_000, datadog: 15_000 };

export function spansCallsPerCheck(patienceMs: number, intervalMs: number): number {
  return Math.floor(patienceMs / intervalMs) + 1;
}
