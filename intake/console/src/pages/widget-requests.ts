/** A widget request's queries and formulas, whether it uses the formulas form or an old-style `q`. Pure. */
import type { FormulaQuery } from '../api.js';

export interface RequestQueries {
  queries: FormulaQuery[];
  formulas: Array<{ formula: string; alias?: string }>;
}

export function requestQueries(request: Record<string, unknown>): RequestQueries | undefined {
  if (Array.isArray(request.queries)) {
    const queries = (request.queries as Array<Record<string, unknown>>)
      .filter((q) => (q.data_source ?? 'metrics') === 'metrics' && typeof q.query === 'string')
      .map((q) => ({
        name: String(q.name),
        query: String(q.query),
        ...(typeof q.aggregator === 'string' ? { aggregator: q.aggregator } : {}),
      }));
    if (queries.length === 0) return undefined;
    const formulas = Array.isArray(request.formulas)
      ? (request.formulas as Array<Record<string, unknown>>).map((f) => ({
          formula: String(f.formula),
          ...(typeof f.alias === 'string' ? { alias: f.alias } : {}),
        }))
      : queries.map((q) => ({ formula: q.name }));
    return { queries, formulas };
  }
  if (typeof request.q === 'string') {
    const aggregator = typeof request.aggregator === 'string' ? request.aggregator : undefined;
    return {
      queries: [{ name: 'query1', query: request.q, ...(aggregator ? { aggregator } : {}) }],
      // An old-style request has no formula to name its line: the query itself does.
      formulas: [{ formula: 'query1', alias: request.q }],
    };
  }
  return undefined;
}

export function widgetRequests(definition: Record<string, unknown>): RequestQueries[] {
  const raw = definition.requests;
  const list = Array.isArray(raw) ? raw : raw && typeof raw === 'object' ? [raw] : [];
  return list
    .map((r) => requestQueries(r as Record<string, unknown>))
    .filter((r): r is RequestQueries => r !== undefined);
}
