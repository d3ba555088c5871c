/**
 * Datadog's metric query syntax, `aggr:metric{scope} by {tags}.as_count()`, split into the
 * explorer's builder fields and joined back. The query string stays the truth: what cannot be
 * split (arithmetic, functions) is left to the text box.
 */
export interface QueryParts {
  aggr: string;
  metric: string;
  /** Scope terms: `service:webapp`, `!env:dev`; empty means `*`. */
  from: string[];
  by: string[];
  modifier: '' | 'as_count' | 'as_rate';
}

export const AGGREGATORS = ['avg', 'sum', 'min', 'max', 'p50', 'p75', 'p90', 'p95', 'p99'] as const;

const QUERY_RE =
  /^\s*([a-z]+\d*):([A-Za-z][\w.]*)\s*\{([^}]*)\}\s*(?:by\s*\{([^}]*)\})?\s*(?:\.(as_count|as_rate)\(\))?\s*$/;

function list(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '' && t !== '*');
}

export function splitQuery(query: string): QueryParts | undefined {
  const m = QUERY_RE.exec(query);
  if (!m) return undefined;
  return {
    aggr: m[1] ?? 'avg',
    metric: m[2] ?? '',
    from: list(m[3]),
    by: list(m[4]),
    modifier: (m[5] as QueryParts['modifier'] | undefined) ?? '',
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
