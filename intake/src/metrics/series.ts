/** The shapes the metric store keeps and the evaluator reads. */
import { DDSketch } from '@datadog/sketches-js';
import type { Samples } from './histogram.js';

export type Kind = 'counter' | 'gauge' | 'histogram' | 'distribution' | 'set';

export interface Bucket {
  total: number;
  last: number;
  sketch?: DDSketch;
  /** A histogram's samples, for the agent's exact median and 95th percentile (until the cap). */
  samples?: Samples;
  /** More samples arrived than are kept: the sketch answers for this bucket. */
  overflow?: boolean;
  /** Only the points that arrived while percentiles were enabled: Datadog computes them from those. */
  pctSketch?: DDSketch;
  members?: Set<string>;
}

export interface Series {
  name: string;
  kind: Kind;
  tags: string[];
  buckets: Map<number, Bucket>;
}

/** A histogram's derived metrics and what each one reads. */
export const HISTOGRAM_VIEWS = ['avg', 'count', 'max', 'median', '95percentile'] as const;
export type View = (typeof HISTOGRAM_VIEWS)[number] | 'value';

export const newSketch = () => new DDSketch({ relativeAccuracy: 0.01 });

export function quantileOf(sketch: DDSketch | undefined, q: number): number | undefined {
  return sketch && sketch.count > 0 ? sketch.getValueAtQuantile(q) : undefined;
}

export const PERCENTILES: Record<string, number> = { p50: 0.5, p75: 0.75, p90: 0.9, p95: 0.95, p99: 0.99 };
