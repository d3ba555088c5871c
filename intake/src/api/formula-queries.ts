/**
 * Datadog's v2 query endpoints: `POST /api/v2/query/timeseries` and `POST /api/v2/query/scalar`.
 * Named metric queries, then formulas over them (`a`, `a / b * 100`) joined by group as Datadog
 * joins them. Timeseries keep every interval; scalars reduce each query over the window by its
 * `aggregator` first — a distribution's percentile from the window's merged sketches.
 */
import type { MetricsEngine } from '../metrics/engine.js';
import { REDUCERS, windowValues } from '../metrics/reduce.js';
import { type Formula, parseFormula, references } from '../query/formula.js';
import { applyFormula, type GroupSeries } from '../query/formula-series.js';
import { ApiError, checkRange, dataAttributes } from './api-error.js';

type Deps = { engine: MetricsEngine };

interface NamedQuery {
  name: string;
  query: string;
  aggregator: string;
}

interface QueryRequest {
  fromMs: number;
  toMs: number;
  intervalMs?: number;
  queries: NamedQuery[];
  formulas: Array<{ text: string; tree: Formula }>;
}

/** The request body, checked as Datadog checks it (400 with the reason). */
export function parseQueryRequest(body: Record<string, unknown>): QueryRequest {
  const attrs = dataAttributes(body);
  const fromMs = Number(attrs.from);
  const toMs = Number(attrs.to);
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs))
    throw new ApiError(400, 'from and to (milliseconds) are required');
  checkRange(fromMs / 1000, toMs / 1000);
  if (!Array.isArray(attrs.queries) || attrs.queries.length === 0)
    throw new ApiError(400, 'queries must be a non-empty list of queries');
  if (attrs.formulas !== undefined && !Array.isArray(attrs.formulas))
    throw new ApiError(400, 'formulas must be a list of formulas');
  const queries = (attrs.queries as Array<Record<string, unknown> | null>).map((q, i): NamedQuery => {
    if (!q || typeof q !== 'object') throw new ApiError(400, `queries[${i}] must be an object`);
    if (q.data_source !== undefined && q.data_source !== 'metrics')
      throw new ApiError(400, `queries[${i}]: only data_source metrics is supported offline`);
    if (typeof q.query !== 'string' || q.query.trim() === '')
      throw new ApiError(400, `queries[${i}].query is required`);
    const aggregator = String(q.aggregator ?? 'avg');
    if (!REDUCERS[aggregator])
      throw new ApiError(
        400,
        `queries[${i}]: aggregator ${aggregator} is not supported (avg, sum, min, max, last)`,
      );
    return { name: String(q.name ?? `query${i + 1}`), query: q.query, aggregator };
  });
  const names = new Set(queries.map((q) => q.name));
  const rawFormulas =
    (attrs.formulas as Array<{ formula?: unknown }> | undefined) ?? queries.map((q) => ({ formula: q.name }));
  const formulas = rawFormulas.map((f) => {
    const text = String(f?.formula ?? '');
    const tree = parseFormula(text);
    for (const ref of references(tree))
      if (!names.has(ref))
        throw new ApiError(400, `formula "${text}" refers to ${ref}, which is not one of the queries`);
    return { text, tree };
  });
  const interval = Number(attrs.interval);
  return {
    fromMs,
    toMs,
    queries,
    formulas,
    ...(Number.isFinite(interval) && interval > 0 ? { intervalMs: interval } : {}),
  };
}

function window(r: QueryRequest) {
  return { fromSec: Math.floor(r.fromMs / 1000), toSec: Math.ceil(r.toMs / 1000) };
}

function seriesInputs(deps: Deps, r: QueryRequest): Map<string, GroupSeries[]> {
  const { fromSec, toSec } = window(r);
  const inputs = new Map<string, GroupSeries[]>();
  for (const q of r.queries)
    inputs.set(
      q.name,
      deps.engine
        .query(q.query, fromSec, toSec, r.intervalMs ? r.intervalMs / 1000 : undefined)
        .map((s) => ({ tagSet: s.tagSet, points: new Map(s.points) })),
    );
  return inputs;
}

/** Each query reduced over the window per group (a single point, keyed 0). */
export function scalarInputs(deps: Deps, r: QueryRequest): Map<string, GroupSeries[]> {
  const { fromSec, toSec } = window(r);
  const inputs = new Map<string, GroupSeries[]>();
  for (const q of r.queries)
    inputs.set(
      q.name,
      windowValues(deps.engine, q.query, fromSec, toSec, q.aggregator).map((g) => ({
        tagSet: g.tagSet,
        points: new Map([[0, g.value]]),
      })),
    );
  return inputs;
}

export function timeseries(deps: Deps, body: Record<string, unknown>) {
  const r = parseQueryRequest(body);
  const inputs = seriesInputs(deps, r);
  const series: Array<{ group_tags: string[]; query_index: number; unit: null }> = [];
  const columns: Array<Map<number, number>> = [];
  r.formulas.forEach((f, fi) => {
    for (const s of applyFormula(f.tree, inputs)) {
      series.push({ group_tags: s.tagSet, query_index: fi, unit: null });
      columns.push(s.points);
    }
  });
  const times = [...new Set(columns.flatMap((c) => [...c.keys()]))].sort((a, b) => a - b);
  return {
    data: {
      type: 'timeseries_response',
      id: '0',
      attributes: { series, times, values: columns.map((c) => times.map((t) => c.get(t) ?? null)) },
    },
  };
}

export function scalar(deps: Deps, body: Record<string, unknown>) {
  const r = parseQueryRequest(body);
  const inputs = scalarInputs(deps, r);
  const rows = new Map<string, string[]>();
  const columns = r.formulas.map((f) => {
    const values = new Map<string, number>();
    for (const s of applyFormula(f.tree, inputs)) {
      const key = s.tagSet.join(',');
      rows.set(key, s.tagSet);
      values.set(key, s.points.get(0) as number);
    }
    return { name: f.text, values };
  });
  const keys = [...rows.keys()];
  return {
    data: {
      type: 'scalar_response',
      attributes: {
        columns: [
          { type: 'group', name: 'group', values: keys.map((k) => rows.get(k) ?? []) },
          ...columns.map((c) => ({
            type: 'number',
            name: c.name,
            values: keys.map((k) => c.values.get(k) ?? null),
            meta: { unit: null },
          })),
        ],
      },
    },
  };
}
