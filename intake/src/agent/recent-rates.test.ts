import { describe, expect, it } from 'vitest';
import { ratesOf, trackRecentRates } from './recent-rates.js';

const totals = (packets: number, webapp: number) => ({
  packets,
  parseErrors: 0,
  metricSamples: packets,
  spans: webapp * 3,
  tracesByService: { webapp },
});

describe('recent rates', () => {
  it('are per second between the oldest and newest snapshot', () => {
    const r = ratesOf([
      { atMs: 0, totals: totals(0, 0) },
      { atMs: 10_000, totals: totals(500, 20) },
    ]);
    expect(r).toMatchObject({
      windowSec: 10,
      packetsPerSec: 50,
      spansPerSec: 6,
      tracesPerSecByService: { webapp: 2 },
    });
  });
  it('are zero before a second snapshot', () => {
    expect(ratesOf([{ atMs: 0, totals: totals(5, 1) }]).packetsPerSec).toBe(0);
  });
  it('count a service first seen inside the window from zero', () => {
    const r = ratesOf([
      { atMs: 0, totals: { ...totals(0, 0), tracesByService: {} } },
      { atMs: 2000, totals: totals(0, 4) },
    ]);
    expect(r.tracesPerSecByService).toEqual({ webapp: 2 });
  });
  it('read the live totals on demand', () => {
    let now = 1000;
    let packets = 0;
    const tracker = trackRecentRates(
      () => totals(packets, 0),
      () => now,
    );
    now = 3000;
    packets = 10;
    expect(tracker.rates().packetsPerSec).toBe(5);
    tracker.stop();
  });
});
