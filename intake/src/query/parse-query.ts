/**
 * The subset of Datadog's metric query language the workshop uses:
 *   [agg:]metric{filter,filter} [by {tag,tag}][.as_count()|.as_rate()][.rollup(method[, seconds])][.fill(null|zero)]
 * agg: avg sum min max, and on distributions p50 p75 p90 p95 p99 (also count). Filters:
 * `*`, `tag:value`, `!tag:value`, `tag:val*` wildcards, bare `tag` (any value); all must hold.
 */
import { QueryError } from '../contracts.js';
import { globMatch } from './glob.js';

export type SpaceAgg = 'avg' | 'sum' | 'min' | 'max' | 'count' | 'p50' | 'p75' | 'p90' | 'p95' | 'p99';

export interface TagFilter {
  key: string;
  /** undefined: the tag key with any value. */
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

export type RollupMethod = 'avg' | 'sum' | 'min' | 'max' | 'count';
const ROLLUP_METHODS = new Set<RollupMethod>(['avg', 'sum', 'min', 'max', 'count']);

const AGGS = new Set<SpaceAgg>(['avg', 'sum', 'min', 'max', 'count', 'p50', 'p75', 'p90', 'p95', 'p99']);
const GRAMMAR =
  /^(?:([a-z0-9]+):)?([A-Za-z][A-Za-z0-9_.]*)\{([^}]*)\}(?:\s*by\s*\{([^}]*)\})?((?:\.[a-z_]+\([^()]*\))*)$/;

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

export function parseQuery(text: string): MetricQuery {
  const trimmed = text.trim();
  const m = GRAMMAR.exec(trimmed);
  if (!m) {
    throw new QueryError(
      `Error parsing query: unable to parse ${JSON.stringify(trimmed)}: expected agg:metric{tag:value} [by {tag}]`,
    );
  }
  const [, aggText = 'avg', metric = '', scope = '', by, fns = ''] = m;
  if (!AGGS.has(aggText as SpaceAgg))
    throw new QueryError(`Error parsing query: unknown aggregator "${aggText}"`);
  const filters = scope
    .split(',')
    .map(parseFilter)
    .filter((f): f is TagFilter => f !== undefined);
  const groupBy = (by ?? '')
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t !== '');
  const query: MetricQuery = { agg: aggText as SpaceAgg, metric, filters, groupBy, text: trimmed };
  for (const [, name = '', args = ''] of fns.matchAll(/\.([a-z_]+)\(([^()]*)\)/g))
    applyFunction(query, name, args);
  return query;
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
  else if (name === 'fill') {
    const how = parts[0] ?? '';
    if (how === 'null' || how === 'zero') query.fill = how;
    else if (how === 'linear' || how === 'last') throw validOnDatadog(`.fill(${how})`);
    else throw new QueryError(`Error parsing query: .fill() takes null, zero, linear or last`);
  } else throw new QueryError(`Error parsing query: unsupported function .${name}(${args.slice(0, 40)})`);
}

function rollupOf(parts: string[]): { method: RollupMethod; seconds?: number } {
  const [method = '', time] = parts;
  if (!ROLLUP_METHODS.has(method as RollupMethod))
    throw new QueryError(
      'Error parsing query: .rollup() takes avg, sum, min, max or count, then an interval in seconds',
    );
  if (time === undefined) return { method: method as RollupMethod };
  if (/^(daily|weekly|monthly)$/.test(time) || time.includes("'"))
    throw validOnDatadog(`.rollup(${method}, ${time})`);
  const seconds = Number(time);
  if (!Number.isInteger(seconds) || seconds <= 0)
    throw new QueryError('Error parsing query: the .rollup() interval is a whole number of seconds');
  return { method: method as RollupMethod, seconds };
}

export function matchesFilters(tags: readonly string[], filters: readonly TagFilter[]): boolean {
  return filters.every((f) => {
    const hit = tags.some((tag) => {
      const colon = tag.indexOf(':');
      const key = colon < 0 ? tag : tag.slice(0, colon);
      if (key !== f.key) return false;
      return f.pattern === undefined || globMatch(f.pattern, colon < 0 ? '' : tag.slice(colon + 1));
    });
    return f.negate ? !hit : hit;
  });
}

/** The group of a series: its value of each group-by tag (`endpoint:/users`), or `key:N/A`. */
export function groupOf(tags: readonly string[], groupBy: readonly string[]): string[] {
  return groupBy.map((key) => tags.find((t) => t.startsWith(`${key}:`)) ?? `${key}:n/a`);
}

export function scopeOf(query: MetricQuery): string {
  return query.filters.length === 0 ? '*' : query.filters.map((f) => f.text).join(',');
}
