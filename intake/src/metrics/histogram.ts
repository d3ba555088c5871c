/**
 * A histogram's `.median` and `.95percentile` as the agent computes them at each flush
 * (pkg/metrics/histogram.go): the samples sorted, each weighted by 1/sample rate, and the value
 * where the running weight first passes (count−1)/2, or (p·count−1)/100. Exact, not sketched.
 */

/** Beyond this many samples in one 10 s bucket the store stops keeping them and uses its sketch. */
export const MAX_SAMPLES_PER_BUCKET = 20_000;

export interface Samples {
  values: number[];
  weights: number[];
}

/** The agent's weight for a sample: int64(1/rate). */
export function weightOf(sampleRate: number): number {
  return Math.max(1, Math.trunc(1 / sampleRate));
}

function valueAtTarget(samples: Samples, target: number): number | undefined {
  const order = samples.values
    .map((_, i) => i)
    .sort((a, b) => (samples.values[a] ?? 0) - (samples.values[b] ?? 0));
  let weight = 0;
  for (const i of order) {
    weight += samples.weights[i] ?? 1;
    if (weight > target) return samples.values[i];
  }
  return undefined;
}

function totalWeight(samples: Samples): number {
  return samples.weights.reduce((a, b) => a + b, 0);
}

export function histogramMedian(samples: Samples): number | undefined {
  return valueAtTarget(samples, Math.trunc((totalWeight(samples) - 1) / 2));
}

export function histogramPercentile(samples: Samples, percentile: number): number | undefined {
  return valueAtTarget(samples, Math.trunc((percentile * totalWeight(samples) - 1) / 100));
}
