import { describe, expect, it } from 'vitest';
import { defaultRollupSec } from './rollup-interval.js';

// Datadog's docs: "on a one-day view ... one datapoint every 5 min ... 288 buckets"; "for a four
// hour time window, data is aggregated to have one value per minute for a line graph".
describe('the default rollup interval', () => {
  it('is Datadog’s for its documented windows', () => {
    expect(defaultRollupSec(3_600, 10)).toBe(20);
    expect(defaultRollupSec(4 * 3_600, 10)).toBe(60);
    expect(defaultRollupSec(86_400, 10)).toBe(300);
    expect(defaultRollupSec(7 * 86_400, 10)).toBe(3_600);
    expect(defaultRollupSec(30 * 86_400, 10)).toBe(14_400);
  });
  it('never goes under the store’s buckets, and keeps to whole buckets', () => {
    expect(defaultRollupSec(300, 10)).toBe(10);
    expect(defaultRollupSec(900, 10)).toBe(10);
    expect(defaultRollupSec(3_600, 15)).toBe(30);
    expect(defaultRollupSec(10 * 365 * 86_400, 10) * 300).toBeGreaterThanOrEqual(10 * 365 * 86_400);
  });
});
