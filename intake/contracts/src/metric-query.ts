/**
 * The subset of Datadog's metric query language the workshop uses — one grammar for the intake's
 * evaluation, the console's query builder and the CLI's lesson checks:
 *   [agg:]metric{filter,filter} [by {tag,tag}][.as_count()|.as_rate()][.rollup(method[, seconds])][.fill(null|zero)]
 * agg: avg sum min max count, and on distributions p50 p75 p90 p95 p99. Filters:
 * `*`, `tag:value`, `!tag:value`, `tag:val*` wildcards, bare `tag` (any value); all must hold.
 */

/** The query failed to parse, or names something the workshop does not evaluate. */
export class QueryError extends Error {
  override name = 'QueryError';
}

export const SPACE_AGGREGATORS = [
  'avg',
  'sum',
  'min',
  'max',
  'count',
  'p50',
  'p75',
  'p90',
  'p95',
  'p99',
] as const;
export type SpaceAgg = (typeof SPACE_AGGREGATORS)[number];

export const ROLLUP_METHODS = ['avg', 'sum', 'min', 'max', 'count'] as const;
export type RollupMethod = (typeof ROLLUP_METHODS)[number];

export interface TagFilter {
  key: string;
  /** `val*`-style wildcard of the value; undefined: the tag key with any value. */
  pattern?: string;
  negate: boolean;
  text: string;
}

export interface MetricQuery {
  agg: SpaceAgg;
  metric: string;
  filters: TagFilter[];
  groupBy: string[];
  fn?: 'as_count' | 'as_rate';
  /** `.rollup(method[, seconds])`: how each series' points are combined per interval, and the interval. */
  rollup?: { method: RollupMethod; seconds?: number };
  /** `.fill(zero)`: empty intervals drawn as 0 (`null`, the default, leaves them empty). */
  fill?: 'null' | 'zero';
  text: string;
}

const HEAD = String.raw`(?:([a-z0-9]+):)?([A-Za-z][A-Za-z0-9_.]*)\{([^}]*)\}(?:\s*by\s*\{([^}]*)\})?`;
const GRAMMAR = new RegExp(String.raw`^${HEAD}((?:\.[a-z_]+\([^()]*\))*)$`);
const LEADING = new RegExp(String.raw`^\s*${HEAD}`);

const isOneOf = <T extends string>(list: readonly T[], value: string): value is T =>
  (list as readonly string[]).includes(value);

function parseFilter(raw: string): TagFilter | undefined {
  const text = raw.trim();
  if (text === '' || text === '*') return undefined;
  const negate = text.startsWith('!') || text.startsWith('-');
  const body = negate ? text.slice(1) : text;
  const colon = body.indexOf(':');
  if (colon === 0 || body === '') throw new QueryError(`bad filter "${text}"`);
  if (colon < 0) return { key: body.toLowerCase(), negate, text };
  return { key: body.slice(0, colon).toLowerCase(), pattern: body.slice(colon + 1), negate, text };
}

const tagList = (raw: string | undefined) =>
  (raw ?? '')
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t !== '');

export function parseQuery(text: string): MetricQuery {
  const trimmed = text.trim();
  const m = GRAMMAR.exec(trimmed);
  if (!m) {
    throw new QueryError(
      `Error parsing query: unable to parse ${JSON.stringify(trimmed)}: expected agg:metric{tag:value} [by {tag}]`,
    );
  }
  const [, aggText = 'avg', metric = '', scope = '', by, fns = ''] = m;
  if (!isOneOf(SPACE_AGGREGATORS, aggText))
    throw new QueryError(`Error parsing query: unknown aggregator "${aggText}"`);
  const filters = scope
    .split(',')
    .map(parseFilter)
    .filter((f): f is TagFilter => f !== undefined);
  const query: MetricQuery = { agg: aggText, metric, filters, groupBy: tagList(by), text: trimmed };
  for (const [, name = '', args = ''] of fns.matchAll(/\.([a-z_]+)\(([^()]*)\)/g))
    applyFunction(query, name, args);
  return query;
}

/**
 * The metric query a longer expression starts with (`sum:a{*} / sum:b{*}` → a): what a lesson check
 * needs to know which metric a widget reads, even when the widget does arithmetic on it.
 */
export function leadingQuery(text: string): { agg: string; metric: string; groupBy: string[] } | undefined {
  const m = LEADING.exec(text);
  if (!m) return undefined;
  return { agg: m[1] ?? 'avg', metric: m[2] ?? '', groupBy: tagList(m[4]) };
}

/** The query's scope as Datadog echoes it: `*` or the filters as written. */
export function scopeOf(query: MetricQuery): string {
  return query.filters.length === 0 ? '*' : query.filters.map((f) => f.text).join(',');
}

const validOnDatadog = (what: string) =>
  new QueryError(`Error parsing query: ${what} is valid on Datadog, but not evaluated offline`);

function applyFunction(query: MetricQuery, name: string, args: string): void {
  const parts = args
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  if ((name === 'as_count' || name === 'as_rate') && parts.length === 0) query.fn = name;
  else if (name === 'rollup') query.rollup = rollupOf(parts);
  else if (name === 'fill') query.fill = fillOf(parts[0] ?? '');
  else throw new QueryError(`Error parsing query: unsupported function .${name}(${args.slice(0, 40)})`);
}

function fillOf(how: string): 'null' | 'zero' {
  if (how === 'null' || how === 'zero') return how;
  if (how === 'linear' || how === 'last') throw validOnDatadog(`.fill(${how})`);
  throw new QueryError('Error parsing query: .fill() takes null, zero, linear or last');
}

function rollupOf(parts: string[]): { method: RollupMethod; seconds?: number } {
  const [method = '', time] = parts;
  if (!isOneOf(ROLLUP_METHODS, method))
    throw new QueryError(
      'Error parsing query: .rollup() takes avg, sum, min, max or count, then an interval in seconds',
    );
  if (time === undefined) return { method };
  if (/^(daily|weekly|monthly)$/.test(time) || time.includes("'"))
    throw validOnDatadog(`.rollup(${method}, ${time})`);
  const seconds = Number(time);
  if (!Number.isInteger(seconds) || seconds <= 0)
    throw new QueryError('Error parsing query: the .rollup() interval is a whole number of seconds');
  return { method, seconds };
}
