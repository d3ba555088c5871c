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
    throw new ApiProblem(0, 'The intake does not answer: is the stack up? (npx ddworkshop status)');
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
  const body = await call<{ data: Array<{ attributes: SpanAttributes }> }>('/api/v2/spans/events/search', {
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
  const body = await call<{
    data: { attributes: { columns: Array<{ type: string; name: string; values: unknown[] }> } };
  }>('/api/v2/query/scalar', {
    method: 'POST',
    body: JSON.stringify({
      data: {
        type: 'scalar_request',
        attributes: {
          from: fromSec * 1000,
          to: toSec * 1000,
          queries: queries.map((q) => ({ data_source: 'metrics', ...q })),
          formulas: queries.map((q) => ({ formula: q.name })),
        },
      },
    }),
  });
  const columns = body.data.attributes.columns;
  const groups = (columns.find((c) => c.type === 'group')?.values ?? []) as string[][];
  const out = new Map<string, Record<string, number | null>>();
  groups.forEach((tags, i) => {
    const row: Record<string, number | null> = {};
    for (const c of columns) if (c.type === 'number') row[c.name] = (c.values[i] as number | null) ?? null;
    out.set(tags.join(','), row);
  });
  return out;
}
