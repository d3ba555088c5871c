/**
 * Datadog's metric monitor query: `time_aggr(time_window):space_aggr:metric{tags} [by {key}] op #`
 * e.g. `sum(last_5m):sum:error_count{service:webapp}.as_count() > 20`. time_aggr is avg, sum,
 * min or max (change and pct_change are not evaluated offline and are refused with a reason);
 * the window is last_<n>m, last_<n>h or last_<n>d, up to a day.
 */
import { parseQuery, QueryError } from '#contracts/metric-query.js';

export type Comparator = '>' | '>=' | '<' | '<=';

export interface MonitorQuery {
  timeAggr: 'avg' | 'sum' | 'min' | 'max';
  windowSec: number;
  /** The metric query, as the query API takes it. */
  metricQuery: string;
  groupBy: string[];
  comparator: Comparator;
  threshold: number;
}

/** `avg(last_5m):` at the start, `> 10` at the end: each matched alone, in linear time. */
const HEAD = /^\s*([a-z_]+)\((last_(\d+)([mhd]))\):/;
const TAIL = /(>=|<=|>|<)\s*(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)$/;
export const MAX_MONITOR_QUERY = 4000;

/** The query's parts, or undefined. No pattern spans the middle: one did, and 200,000 spaces took 77 s. */
function shape(text: string): string[] | undefined {
  const head = HEAD.exec(text);
  if (!head) return undefined;
  const rest = text.slice(head[0].length).trimEnd();
  const tail = TAIL.exec(rest);
  if (!tail) return undefined;
  const metricQuery = rest.slice(0, tail.index).trim();
  if (!metricQuery) return undefined;
  return [
    head[0],
    head[1] ?? '',
    head[2] ?? '',
    head[3] ?? '',
    head[4] ?? '',
    metricQuery,
    tail[1] ?? '',
    tail[2] ?? '',
  ];
}
const UNIT_SEC: Record<string, number> = { m: 60, h: 3600, d: 86_400 };

export function parseMonitorQuery(text: string): MonitorQuery {
  if (text.length > MAX_MONITOR_QUERY)
    throw new QueryError(
      `The value provided for parameter 'query' is invalid: longer than ${MAX_MONITOR_QUERY} characters`,
    );
  const m = shape(text);
  // Datadog's calendar windows (`current_1mo`, `current_1w`…) and formula monitors: valid there.
  if (/^\s*[a-z_]+\(current_\d+[a-z]+\):/.test(text) || /^\s*formula\(/.test(text))
    throw new QueryError(
      `The value provided for parameter 'query' is invalid offline: ${/^\s*formula\(/.test(text) ? 'formula monitors' : 'calendar windows (current_…)'} are valid on Datadog, but the intake evaluates last_<n>m/h/d windows over one metric query`,
    );
  if (!m) {
    const op = /(>=|<=|>|<)/.test(text) ? '' : ' invalid operator specified';
    throw new QueryError(
      `The value provided for parameter 'query' is invalid:${op || ' expected time_aggr(last_5m):aggr:metric{scope} > threshold'}`,
    );
  }
  const [, aggr = '', , n = '0', unit = 'm', metricQuery = '', comparator = '>', threshold = '0'] = m;
  if (aggr === 'change' || aggr === 'pct_change')
    throw new QueryError(
      `The value provided for parameter 'query' is invalid offline: ${aggr}() monitors are valid on Datadog, but not evaluated offline`,
    );
  if (!['avg', 'sum', 'min', 'max'].includes(aggr))
    throw new QueryError(
      `The value provided for parameter 'query' is invalid: unknown time aggregation ${aggr}`,
    );
  const windowSec = Number(n) * (UNIT_SEC[unit] ?? 60);
  if (windowSec < 60 || windowSec > 86_400)
    throw new QueryError(
      "The value provided for parameter 'query' is invalid: the window must be from last_1m to last_1d",
    );
  const parsed = parseQuery(metricQuery);
  return {
    timeAggr: aggr as MonitorQuery['timeAggr'],
    windowSec,
    metricQuery: parsed.text,
    groupBy: parsed.groupBy,
    comparator: comparator as Comparator,
    threshold: Number(threshold),
  };
}

export function breaches(value: number, comparator: Comparator, threshold: number): boolean {
  switch (comparator) {
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '<':
      return value < threshold;
    default:
      return value <= threshold;
  }
}

/** A count query (its points counted, `.as_count()`, or summed over the window): empty means 0. */
export function isCountQuery(q: MonitorQuery): boolean {
  return q.timeAggr === 'sum' || /\.as_count\(\)/.test(q.metricQuery);
}
