/** A trace's spans as the rows of a waterfall: depth-first by start time, offsets to scale. */
export interface SpanLike {
  spanId: string;
  parentId: string;
  startMs: number;
  durationMs: number;
  service: string;
  name: string;
  resource: string;
  error: boolean;
}

export interface SpanRow<S extends SpanLike> {
  span: S;
  depth: number;
  /** Start and width as fractions of the trace's duration (0..1). */
  offset: number;
  width: number;
}

export interface Waterfall<S extends SpanLike> {
  rows: Array<SpanRow<S>>;
  startMs: number;
  durationMs: number;
  /** Spans whose parent is not in the trace (partial traces): shown as roots. */
  orphans: number;
}

export function buildWaterfall<S extends SpanLike>(spans: S[]): Waterfall<S> {
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string, S[]>();
  const roots: S[] = [];
  for (const s of spans) {
    if (s.parentId !== '0' && s.parentId !== s.spanId && ids.has(s.parentId)) {
      const list = children.get(s.parentId) ?? [];
      list.push(s);
      children.set(s.parentId, list);
    } else roots.push(s);
  }
  const startMs = Math.min(...spans.map((s) => s.startMs));
  const endMs = Math.max(...spans.map((s) => s.startMs + s.durationMs));
  const total = Math.max(endMs - startMs, 1e-6);
  const rows: Array<SpanRow<S>> = [];
  const byStart = (a: S, b: S) => a.startMs - b.startMs;
  // Iterative depth-first walk: a hostile trace may nest thousands of spans deep.
  const stack: Array<{ span: S; depth: number }> = roots
    .sort(byStart)
    .reverse()
    .map((span) => ({ span, depth: 0 }));
  const seen = new Set<string>();
  while (stack.length) {
    const { span, depth } = stack.pop() as { span: S; depth: number };
    if (seen.has(span.spanId)) continue;
    seen.add(span.spanId);
    rows.push({
      span,
      depth,
      offset: (span.startMs - startMs) / total,
      width: Math.max(span.durationMs / total, 0),
    });
    const kids = (children.get(span.spanId) ?? []).slice().sort(byStart).reverse();
    for (const kid of kids) stack.push({ span: kid, depth: depth + 1 });
  }
  // Spans in a parent cycle are reachable from no root: list them rather than lose them.
  for (const span of spans)
    if (!seen.has(span.spanId))
      rows.push({ span, depth: 0, offset: (span.startMs - startMs) / total, width: span.durationMs / total });
  const orphans = roots.filter((s) => s.parentId !== '0' && s.parentId !== '').length;
  return { rows, startMs: spans.length ? startMs : 0, durationMs: spans.length ? total : 0, orphans };
}
