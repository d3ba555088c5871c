/**
 * The console's data: Datadog's API endpoints (as the API client calls them) and the intake's
 * own `/intake/*` reports. The token in the page stands in for the keys.
 */
const token = document.querySelector<HTMLMetaElement>('meta[name="ddworkshop-token"]')?.content ?? '';

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      ...init,
      headers: { 'content-type': 'application/json', 'x-ddworkshop-console': token, ...init.headers },
    });
  } catch {
    throw new ApiProblem(0, 'The intake does not answer: is the stack up? (./ddw status)');
  }
  const text = await res.text();
  const body = text ? (JSON.parse(text) as unknown) : {};
  if (!res.ok) {
    const errors = (body as { errors?: unknown }).errors;
    throw new ApiProblem(res.status, Array.isArray(errors) ? errors.join('; ') : `HTTP ${res.status}`);
  }
  return body as T;
}

export interface V1Series {
  metric: string;
  scope: string;
  expression: string;
  tag_set: string[];
  pointlist: Array<[number, number | null]>;
  interval: number;
}

export function queryMetrics(query: string, fromSec: number, toSec: number): Promise<{ series: V1Series[] }> {
  const q = new URLSearchParams({ from: String(fromSec), to: String(toSec), query });
  return call(`/api/v1/query?${q}`);
}

export async function listMetrics(sinceSec: number): Promise<string[]> {
  return (await call<{ metrics: string[] }>(`/api/v1/metrics?from=${sinceSec}`)).metrics;
}

export interface MetricMetadata {
  type: string;
  unit: string | null;
  statsd_interval: number | null;
}
export function metricMetadata(name: string): Promise<MetricMetadata> {
  return call(`/api/v1/metrics/${encodeURIComponent(name)}`);
}

export async function metricTags(name: string): Promise<{ tags: string[]; ingested: string[] }> {
  const body = await call<{ data: { attributes: { tags: string[]; ingested_tags?: string[] } } }>(
    `/api/v2/metrics/${encodeURIComponent(name)}/all-tags`,
  );
  return { tags: body.data.attributes.tags, ingested: body.data.attributes.ingested_tags ?? [] };
}

export async function metricVolume(name: string): Promise<number | undefined> {
  const body = await call<{ data: { attributes: { indexed_volume?: number; distinct_volume?: number } } }>(
    `/api/v2/metrics/${encodeURIComponent(name)}/volumes`,
  );
  return body.data.attributes.indexed_volume ?? body.data.attributes.distinct_volume;
}

export interface TagConfiguration {
  tags: string[];
  include_percentiles?: boolean;
  metric_type: string;
}
/** Every metric's tag configuration, in one call (Datadog's list with `filter[configured]`). */
export async function tagConfigurations(): Promise<Map<string, TagConfiguration>> {
  const body = await call<{ data: Array<{ id: string; attributes: TagConfiguration }> }>(
    '/api/v2/metrics?filter[configured]=true',
  );
  return new Map(body.data.map((d) => [d.id, d.attributes]));
}

/** Datadog's percentile switch: a tag configuration with `include_percentiles` (created when absent). */
export async function setPercentiles(
  name: string,
  on: boolean,
  existing: TagConfiguration | undefined,
): Promise<void> {
  const attributes = existing
    ? { include_percentiles: on }
    : { include_percentiles: on, metric_type: 'distribution', tags: [], exclude_tags_mode: true };
  await call(`/api/v2/metrics/${encodeURIComponent(name)}/tags`, {
    method: existing ? 'PATCH' : 'POST',
    body: JSON.stringify({ data: { type: 'manage_tags', id: name, attributes } }),
  });
}

export interface SpanAttributes {
  service: string;
  resource_name: string;
  operation_name: string;
  type: string;
  env: string;
  trace_id: string;
  span_id: string;
  parent_id: string;
  start_timestamp: string;
  end_timestamp: string;
  status: string;
  tags: string[];
  custom: Record<string, unknown>;
}

export async function searchSpans(
  query: string,
  from: string,
  to: string,
  limit: number,
): Promise<SpanAttributes[]> {
  const body = await call<{ data: Array<{ attributes: SpanAttributes }> }>('/intake/spans/search', {
    method: 'POST',
    body: JSON.stringify({
      data: {
        type: 'search_request',
        attributes: { filter: { query, from, to }, page: { limit }, sort: '-timestamp' },
      },
    }),
  });
  return body.data.map((d) => d.attributes);
}

export function intakeStatus<T>(): Promise<T> {
  return call('/intake/status');
}

export function stackReport<T>(): Promise<T> {
  return call('/intake/stack');
}

export interface ScalarQuery {
  name: string;
  query: string;
  aggregator: 'avg' | 'sum' | 'min' | 'max' | 'last';
}

/** Datadog's scalar query: one value per group and query over the window, keyed by the group's tags. */
export async function scalarQuery(
  queries: ScalarQuery[],
  fromSec: number,
  toSec: number,
): Promise<Map<string, Record<string, number | null>>> {
  const rows = await formulaScalar(
    queries,
    queries.map((q) => ({ formula: q.name })),
    fromSec,
    toSec,
  );
  return new Map(
    rows.map((r) => [
      r.tags.join(','),
      Object.fromEntries(queries.map((q, i) => [q.name, r.values[i] ?? null])),
    ]),
  );
}

export interface FormulaQuery {
  name: string;
  query: string;
  data_source?: string;
  aggregator?: string;
}

/** Datadog's v2 timeseries query: named queries and formulas; one series per formula and group. */
export async function formulaTimeseries(
  queries: FormulaQuery[],
  formulas: Array<{ formula: string }>,
  fromSec: number,
  toSec: number,
): Promise<Array<{ formula: string; tags: string[]; points: Array<[number, number | null]> }>> {
  const body = await call<{
    data: {
      attributes: {
        series: Array<{ group_tags: string[]; query_index: number }>;
        times: number[];
        values: Array<Array<number | null>>;
      };
    };
  }>('/api/v2/query/timeseries', {
    method: 'POST',
    body: JSON.stringify({
      data: {
        type: 'timeseries_request',
        attributes: {
          from: fromSec * 1000,
          to: toSec * 1000,
          queries: queries.map((q) => ({ data_source: 'metrics', ...q })),
          formulas,
        },
      },
    }),
  });
  const { series, times, values } = body.data.attributes;
  return series.map((s, i) => ({
    formula: formulas[s.query_index]?.formula ?? '',
    tags: s.group_tags,
    points: times.map((t, j): [number, number | null] => [t, values[i]?.[j] ?? null]),
  }));
}

/** The scalar query with formulas: rows of group tags and one value per formula. */
export async function formulaScalar(
  queries: FormulaQuery[],
  formulas: Array<{ formula: string }>,
  fromSec: number,
  toSec: number,
): Promise<Array<{ tags: string[]; values: Array<number | null> }>> {
  const body = await call<{ data: { attributes: { columns: Array<{ type: string; values: unknown[] }> } } }>(
    '/api/v2/query/scalar',
    {
      method: 'POST',
      body: JSON.stringify({
        data: {
          type: 'scalar_request',
          attributes: {
            from: fromSec * 1000,
            to: toSec * 1000,
            queries: queries.map((q) => ({ data_source: 'metrics', ...q })),
            formulas,
          },
        },
      }),
    },
  );
  const columns = body.data.attributes.columns;
  const groups = (columns.find((c) => c.type === 'group')?.values ?? []) as string[][];
  const numbers = columns.filter((c) => c.type === 'number');
  return groups.map((tags, i) => ({
    tags,
    values: numbers.map((c) => (c.values[i] as number | null) ?? null),
  }));
}

export interface DashboardSummary {
  id: string;
  title: string;
  description: string | null;
  url: string;
  modified_at: string;
}
export async function listDashboards(): Promise<DashboardSummary[]> {
  return (await call<{ dashboards: DashboardSummary[] }>('/api/v1/dashboard')).dashboards;
}

export interface Widget {
  id?: number;
  definition: Record<string, unknown> & { type: string; title?: string };
}
export interface DashboardJson {
  id: string;
  title: string;
  description: string | null;
  layout_type: string;
  widgets: Widget[];
}
export function getDashboard(id: string): Promise<DashboardJson> {
  return call(`/api/v1/dashboard/${encodeURIComponent(id)}`);
}

export interface MonitorJson {
  id: number;
  name: string;
  query: string;
  message: string;
  tags: string[];
  overall_state: string;
  overall_state_modified: string | null;
  options: { thresholds?: { critical?: number; warning?: number }; [k: string]: unknown };
  state?: { groups?: Record<string, { status: string; name: string }> };
}
export function listMonitors(): Promise<MonitorJson[]> {
  return call('/api/v1/monitor?group_states=all');
}
export function getMonitor(id: string): Promise<MonitorJson> {
  return call(`/api/v1/monitor/${encodeURIComponent(id)}?group_states=all`);
}

export interface MonitorHistory {
  evaluated_every_sec: number;
  last_evaluated: string | null;
  groups: Array<{ group: string; status: string; value?: number }>;
  transitions: Array<{
    atMs: number;
    group: string;
    from: string | null;
    to: string;
    value?: number;
    notification: string;
  }>;
}
export function monitorHistory(id: string): Promise<MonitorHistory> {
  return call(`/intake/monitors/${encodeURIComponent(id)}/history`);
}

export interface LogEntry {
  id: string;
  attributes: {
    timestamp: string;
    status: string;
    service: string;
    host: string;
    message: string;
    tags: string[];
    attributes: Record<string, unknown>;
  };
}

/** Datadog's logs search: newest first, up to `limit`. */
/** A service's resource names as its spans spell them (an intake-only route). */
/** A resource as its spans spell it, and as the trace metrics' `resource_name` tag holds it. */
export interface ApmResource {
  name: string;
  tag: string;
}

export async function apmResources(service: string): Promise<ApmResource[]> {
  const body = await call<{ resources?: ApmResource[] }>(
    `/intake/apm/resources?service=${encodeURIComponent(service)}`,
  );
  return body.resources ?? [];
}

export async function searchLogs(
  query: string,
  from: string,
  to: string,
  limit: number,
): Promise<LogEntry[]> {
  const body = await call<{ data: LogEntry[] }>('/api/v2/logs/events/search', {
    method: 'POST',
    body: JSON.stringify({ filter: { query, from, to }, page: { limit }, sort: '-timestamp' }),
  });
  return body.data;
}

/** A query's series as chart lines, labelled by group. */
export async function chartSeries(
  query: string,
  fromSec: number,
  toSec: number,
): Promise<Array<{ label: string; points: Array<[number, number | null]> }>> {
  const { series } = await queryMetrics(query, fromSec, toSec);
  return series.map((s) => ({
    label: s.tag_set.length ? s.tag_set.join(', ') : s.expression,
    points: s.pointlist,
  }));
}

export interface DbStatement {
  signature: string;
  query: string;
  db: string;
  user: string;
  calls: number;
  totalTimeMs: number;
  rows: number;
  sharedBlksHit: number;
  sharedBlksRead: number;
  lastSeenMs: number;
}

export function dbStatements(): Promise<{ statements: DbStatement[]; enabled: boolean; warning?: string }> {
  return call('/intake/database/statements');
}

export interface DbPlanNode {
  depth: number;
  nodeType: string;
  relation?: string;
  index?: string;
  totalCost: number;
  planRows: number;
  details: string[];
}

export function dbPlan(
  signature: string,
): Promise<{ plan: { nodes: DbPlanNode[]; seqScans: string[]; indexes: string[]; totalCost: number } }> {
  return call(`/intake/database/statements/${encodeURIComponent(signature)}/plan`);
}

export function dbSpans(
  signature: string,
  from: string,
): Promise<{ data: Array<{ attributes: SpanAttributes }>; total: number }> {
  return call(
    `/intake/database/statements/${encodeURIComponent(signature)}/spans?from=${encodeURIComponent(from)}`,
  );
}

/** A facet or measure of the workshop (the intake's /intake/facets). */
export interface FacetInfo {
  source: 'logs' | 'spans';
  path: string;
  type: 'facet' | 'measure';
  createdMs: number;
}

export async function listFacets(): Promise<FacetInfo[]> {
  return (await call<{ facets?: FacetInfo[] }>('/intake/facets')).facets ?? [];
}

export async function createFacet(
  source: FacetInfo['source'],
  path: string,
  type: FacetInfo['type'],
): Promise<void> {
  await call('/intake/facets', { method: 'POST', body: JSON.stringify({ source, path, type }) });
}
