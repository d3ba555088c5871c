/**
 * Datadog's metric query syntax, `aggr:metric{scope} by {tags}.as_count()`, split into the
 * explorer's builder fields and joined back, through the one grammar (#contracts/metric-query).
 * The query string stays the truth: what cannot be split (arithmetic, functions) is left to the text box.
 */
import { type MetricQuery, parseQuery, SPACE_AGGREGATORS } from '#contracts/metric-query.js';

export interface QueryParts {
  aggr: string;
  metric: string;
  /** Scope terms: `service:webapp`, `!env:dev`; empty means `*`. */
  from: string[];
  by: string[];
  modifier: '' | 'as_count' | 'as_rate';
}

/** The builder's aggregators: the grammar's own list. */
export const AGGREGATORS = SPACE_AGGREGATORS;

/** The builder's fields, when the query is one the builder can show (no rollup, fill or arithmetic). */
export function splitQuery(query: string): QueryParts | undefined {
  let parsed: MetricQuery;
  try {
    parsed = parseQuery(query);
  } catch {
    return undefined;
  }
  if (parsed.rollup || parsed.fill) return undefined;
  return {
    aggr: parsed.agg,
    metric: parsed.metric,
    from: parsed.filters.map((f) => f.text),
    by: parsed.groupBy,
    modifier: parsed.fn ?? '',
  };
}

export function joinQuery(p: QueryParts): string {
  const scope = p.from.length ? p.from.join(',') : '*';
  const by = p.by.length ? ` by {${p.by.join(',')}}` : '';
  const modifier = p.modifier ? `.${p.modifier}()` : '';
  return `${p.aggr}:${p.metric}{${scope}}${by}${modifier}`;
}

/** A sensible first query for a metric of a given Datadog type. */
export function defaultQuery(metric: string, type: string | undefined): string {
  if (type === 'count' || type === 'rate') return `sum:${metric}{*}.as_count()`;
  if (type === 'distribution') return `p95:${metric}{*}`;
  return `avg:${metric}{*}`;
}
