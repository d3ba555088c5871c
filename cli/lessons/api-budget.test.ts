import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nextDelayMs } from '../datadog/backoff.js';
import { SPANS_INTERVAL_MS, SPANS_SEARCH_PER_HOUR, spansCallsPerCheck } from './api-budget.js';

const lessons = resolve(import.meta.dirname, '../../lessons');

/** Checks that search spans, counted in the lessons' own code. */
function spansChecks(): number {
  return readdirSync(lessons)
    .filter((d) => /^\d{2}-/.test(d))
    .map((d) => readFileSync(join(lessons, d, 'checks.ts'), 'utf8').match(/ctx\.searchSpans\(/g)?.length ?? 0)
    .reduce((a, b) => a + b, 0);
}

/** Polls of `verify traces` before its timeout, as apiPollOptions paces them. */
function verifyTracesPolls(mode: 'offline' | 'datadog'): number {
  const timeoutMs = mode === 'offline' ? 20_000 : 120_000;
  let elapsed = 0;
  let polls = 0;
  for (let attempt = 1; elapsed <= timeoutMs; attempt++) {
    polls++;
    elapsed += mode === 'offline' ? 2_000 : nextDelayMs(attempt);
  }
  return polls;
}

describe('the spans-search budget of a course pass', () => {
  for (const [mode, patienceMs] of [
    ['offline', 40_000],
    ['datadog', 180_000],
  ] as const) {
    it(`${mode}: every spans check failing plus one verify traces stays within a quarter of the hourly allowance`, () => {
      const checks = spansChecks();
      expect(checks).toBeGreaterThan(0);
      const worst =
        checks * spansCallsPerCheck(patienceMs, SPANS_INTERVAL_MS[mode]) + 2 * verifyTracesPolls(mode);
      expect(worst).toBeLessThanOrEqual(SPANS_SEARCH_PER_HOUR / 4);
    });
  }
});
