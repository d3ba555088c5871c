import { describe, expect, it } from 'vitest';
import { plausibleStart } from './process-identity.js';

describe('plausibleStart', () => {
  const now = Date.parse('2026-12-03T18:00:00Z');
  it('takes a start time of the past, within a moment of now', () => {
    expect(plausibleStart(now - 5_000, now)).toBe(true);
    expect(plausibleStart(now + 1_000, now)).toBe(true);
  });
  it('refuses what ps once reported for a process caught starting, and the future', () => {
    expect(plausibleStart(-38107276697746440, now)).toBe(false);
    expect(plausibleStart(now + 60_000, now)).toBe(false);
    expect(plausibleStart(Number.NaN, now)).toBe(false);
  });
});
