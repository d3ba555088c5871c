/** Query answers to uPlot's aligned columns: one x axis (unix seconds), one column per series. */
export interface ChartSeries {
  label: string;
  /** `[unix ms, value]` pairs, as Datadog's v1 query returns them. */
  points: Array<[number, number | null]>;
}

export type Aligned = [number[], ...Array<Array<number | null>>];

export function alignSeries(series: ChartSeries[]): Aligned {
  const times = new Set<number>();
  for (const s of series) for (const [t] of s.points) times.add(t);
  const xs = withGaps([...times].sort((a, b) => a - b));
  const index = new Map(xs.map((t, i) => [t, i]));
  const columns = series.map((s) => {
    const col: Array<number | null> = new Array(xs.length).fill(null);
    for (const [t, v] of s.points) col[index.get(t) ?? 0] = v;
    return col;
  });
  return [xs.map((t) => t / 1000), ...columns];
}

/**
 * Where points are missing, a break: an x one step after the last point before a gap (all
 * series null there), so a line stops instead of ramping across minutes without data. The step
 * is the smallest spacing of the points (the query's rollup).
 */
export function withGaps(xs: number[]): number[] {
  let step = Number.POSITIVE_INFINITY;
  for (let i = 1; i < xs.length; i++) step = Math.min(step, (xs[i] as number) - (xs[i - 1] as number));
  if (!Number.isFinite(step) || step <= 0) return xs;
  const out: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] as number;
    out.push(x);
    const next = xs[i + 1];
    if (next !== undefined && next - x > step * 1.5) out.push(x + step);
  }
  return out;
}

/** The y range: the data's, stretched to show every threshold line (a monitor's critical and warning). */
export function yRange(min: number | null, max: number | null, markers: number[]): [number, number] {
  const lo = Math.min(min ?? 0, 0, ...markers);
  const hi = Math.max(max ?? 1, ...markers);
  return [lo, hi === lo ? lo + 1 : hi + (hi - lo) * 0.05];
}

/**
 * Per-point ratio of summed numerators to a denominator, matched by timestamp: blocks per call
 * from `shared_blks_hit` + `shared_blks_read` over `count`. A point with no calls has no ratio.
 */
export function ratioPoints(
  numerators: Array<Array<[number, number | null]>>,
  denominator: Array<[number, number | null]>,
): Array<[number, number | null]> {
  const sums = new Map<number, number>();
  for (const points of numerators)
    for (const [t, v] of points) if (v !== null) sums.set(t, (sums.get(t) ?? 0) + v);
  return denominator.map(([t, d]): [number, number | null] => [t, d ? (sums.get(t) ?? 0) / d : null]);
}

/** A series' label: its group's tags, or the query when it has no group. */
export function seriesLabel(tagSet: string[], fallback: string): string {
  return tagSet.length ? tagSet.join(', ') : fallback;
}

/** Datadog's classic palette; a chart with few series takes them in order, so no two lines share one. */
const PALETTE = [
  '#632ca6',
  '#3d8bd9',
  '#e8845c',
  '#39b54a',
  '#d93d7b',
  '#1aa5a0',
  '#c9a227',
  '#7a6fdb',
  '#8b572a',
  '#e04e39',
];

/** The colour of series `index` of `count`; past the palette, by label, so a group keeps its colour across refreshes. */
export function colourFor(label: string, index = -1, count = Number.POSITIVE_INFINITY): string {
  if (index >= 0 && count <= PALETTE.length) return PALETTE[index] ?? '#632ca6';
  let h = 0;
  for (let i = 0; i < label.length; i++) h = (h * 31 + label.charCodeAt(i)) >>> 0;
  return PALETTE[h % PALETTE.length] ?? '#632ca6';
}
