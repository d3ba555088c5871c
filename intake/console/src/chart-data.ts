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
  const xs = [...times].sort((a, b) => a - b);
  const index = new Map(xs.map((t, i) => [t, i]));
  const columns = series.map((s) => {
    const col: Array<number | null> = new Array(xs.length).fill(null);
    for (const [t, v] of s.points) col[index.get(t) ?? 0] = v;
    return col;
  });
  return [xs.map((t) => t / 1000), ...columns];
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
