/**
 * What the student looked at, and when: each query, search and page's data request the API
 * answers, as its kind and text (a metric query, a spans or logs search, the database page). A
 * drill reads it to tell its time to detect — the first look that touches the fault — offline,
 * where the intake sees every request. Bounded: the last 5,000 looks.
 */
import type { Look, LookKind } from '#contracts/wire/intake-views.js';

export interface Looks {
  saw(kind: LookKind, text: string): void;
  since(ms: number): Look[];
}

const MAX_LOOKS = 5_000;
const MAX_TEXT = 500;

export function createLooks(now: () => number = Date.now): Looks {
  const kept: Look[] = [];
  return {
    saw(kind, text) {
      kept.push({ atMs: now(), kind, text: text.slice(0, MAX_TEXT) });
      if (kept.length > MAX_LOOKS) kept.splice(0, kept.length - MAX_LOOKS);
    },
    since: (ms) => kept.filter((l) => l.atMs >= ms),
  };
}
