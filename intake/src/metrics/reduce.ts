/** Reducing a series' points over a window to one value (scalar queries, monitors, query_value widgets). */
export const REDUCERS: Record<string, (values: number[]) => number> = {
  avg: (v) => v.reduce((a, b) => a + b, 0) / v.length,
  mean: (v) => v.reduce((a, b) => a + b, 0) / v.length,
  sum: (v) => v.reduce((a, b) => a + b, 0),
  min: (v) => v.reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY),
  max: (v) => v.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY),
  last: (v) => v.at(-1) as number,
};

export function reduce(aggregator: string, values: number[]): number | undefined {
  const fn = REDUCERS[aggregator];
  return fn && values.length > 0 ? fn(values) : undefined;
}
