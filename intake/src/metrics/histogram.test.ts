import { describe, expect, it } from 'vitest';
import { createMetricsEngine } from './engine.js';
import { histogramMedian, histogramPercentile, weightOf } from './histogram.js';

const of = (values: number[], weights = values.map(() => 1)) => ({ values, weights });

describe('histogram aggregates as the agent computes them', () => {
  it('median and 95th percentile from the sorted samples, exactly', () => {
    // Agent: median target (n−1)/2, percentile target (p·n−1)/100, first value whose running weight passes it.
    const values = [5, 1, 4, 2, 3];
    expect(histogramMedian(of(values))).toBe(3);
    expect(histogramPercentile(of(values), 95)).toBe(5);
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(histogramMedian(of(hundred))).toBe(50);
    expect(histogramPercentile(of(hundred), 95)).toBe(95);
    // Four values: (4−1)/2 = 1 → the second smallest.
    expect(histogramMedian(of([10, 20, 30, 40]))).toBe(20);
  });

  it('weights sampled values by 1/rate', () => {
    expect(weightOf(0.5)).toBe(2);
    expect(weightOf(1)).toBe(1);
    // 1 sent at rate 0.25 stands for four 1s: with one 100 the median is 1.
    expect(histogramMedian(of([1, 100], [4, 1]))).toBe(1);
  });

  it('the store answers .median and .95percentile exactly, where a 1 % sketch would not', () => {
    const engine = createMetricsEngine({ now: () => 1_000_000_000 });
    const values = [0.101, 0.203, 0.307, 0.409, 0.511];
    for (const value of values) engine.ingest({ name: 'lat', type: 'h', value, sampleRate: 1, tags: [] });
    const at = (q: string) => engine.query(q, 999_990, 1_000_010)[0]?.points[0]?.[1];
    expect(at('avg:lat.median{*}')).toBe(0.307);
    expect(at('avg:lat.95percentile{*}')).toBe(0.511);
    expect(at('avg:lat.max{*}')).toBe(0.511);
  });
});
