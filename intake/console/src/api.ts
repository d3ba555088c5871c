/**
 * The console's data: Datadog's API endpoints (as the API client calls them) and the intake's
 * own `/intake/*` reports. The token in the page stands in for the keys.
 */
import * as v from 'valibot';
import {
  type DashboardJson,
  DashboardListSchema,
  DashboardSchema,
  type DashboardSummary,
  type MonitorJson,
  MonitorListSchema,
  MonitorSchema,
} from '#contracts/wire/dashboards-monitors.js';
import {
  type LogEntry,
  LogsAnswerSchema,
  type SpanAttributes,
  SpansAnswerSchema,
} from '#contracts/wire/events.js';
import { IntakeStatusSchema, type IntakeStatusView } from '#contracts/wire/intake-status.js';
import {
  type ApmResources,
  ApmResourcesSchema,
  DbPlanSchema,
  DbSpansSchema,
  type DbStatements,
  DbStatementsSchema,
  type FacetInfo,
  FacetsSchema,
  type MonitorHistory,
  MonitorHistorySchema,
} from '#contracts/wire/intake-views.js';
import {
  AllTagsSchema,
  MetricListSchema,
  type MetricMetadata,
  MetricMetadataSchema,
  ScalarAnswerSchema,
  type TagConfiguration,
  TagConfigurationsSchema,
  TimeseriesAnswerSchema,
  V1QueryAnswerSchema,
  type V1Series,
  VolumesSchema,
} from '#contracts/wire/metrics.js';
import { ContractError, readAs } from '#contracts/wire/parse.js';
import { type StackReportAnswer, StackReportSchema } from '#contracts/wire/stack-report.js';

export type { Widget } from '#contracts/wire/dashboards-monitors.js';
export type { DbPlanNode, DbStatement } from '#contracts/wire/intake-views.js';
export type {
  DashboardJson,
  DashboardSummary,
  FacetInfo,
  IntakeStatusView,
  LogEntry,
  MetricMetadata,
  MonitorHistory,
  MonitorJson,
  SpanAttributes,
  StackReportAnswer,
  TagConfiguration,
  V1Series,
};
export type ApmResource = ApmResources['resources'][number];

const token = document.querySelector<HTMLMetaElement>('meta[name="ddworkshop-token"]')?.content ?? '';

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Calls the intake and reads its answer against the contract the intake writes to. */
async function call<S extends v.GenericSchema>(
  path: string,
  schema: S,
  init: RequestInit = {},
): Promise<v.InferOutput<S>> {
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
  let body: unknown = {};
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    throw new ApiProblem(
      res.status,
      `The intake answered ${path.split('?')[0]} with something that is not JSON (HTTP ${res.status})`,
    );
  }
  if (!res.ok) {
    const errors = (body as { errors?: unknown }).errors;
    throw new ApiProblem(res.status, Array.isArray(errors) ? errors.join('; ') : `HTTP ${res.status}`);
  }
  try {
    return readAs(schema, body, `The intake's answer to ${path.split('?')[0]}`);
  } catch (error) {
    // An intake and a console from different builds: say so rather than draw half a page.
    if (error instanceof ContractError)
      throw new ApiProblem(res.status, `${error.message} (rebuild: npm run build)`);
    throw error;
  }
}

/** A call whose answer the console does not read (a write). */
const ANY = v.unknown();

export function queryMetrics(query: string, fromSec: number, toSec: number): Promise<{ series: V1Series[] }> {
  const q = new URLSearchParams({ from: String(fromSec), to: String(toSec), query });
  return call(`/api/v1/query?${q}`, V1QueryAnswerSchema);
}

export async function listMetrics(sinceSec: number): Promise<string[]> {
  return (await call(`/api/v1/metrics?from=${sinceSec}`, MetricListSchema)).metrics;
}

export function metricMetadata(name: string): Promise<MetricMetadata> {
  return call(`/api/v1/metrics/${encodeURIComponent(name)}`, MetricMetadataSchema);
}

export async function metricTags(name: string): Promise<{ tags: string[]; ingested: string[] }> {
  const body = await call(`/api/v2/metrics/${encodeURIComponent(name)}/all-tags`, AllTagsSchema);
  return { tags: body.data.attributes.tags, ingested: body.data.attributes.ingested_tags ?? [] };
}

export async function metricVolume(name: string): Promise<number | undefined> {
  const body = await call(`/api/v2/metrics/${encodeURIComponent(name)}/volumes`, VolumesSchema);
  return body.data.attributes.indexed_volume ?? body.data.attributes.distinct_volume;
}

/** Every metric's tag configuration, in one call (Datadog's list with `filter[configured]`). */
export async function tagConfigurations(): Promise<Map<string, TagConfiguration>> {
  const body = await call('/api/v2/metrics?filter[configured]=true', TagConfigurationsSchema);
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
  await call(`/api/v2/metrics/${encodeURIComponent(name)}/tags`, ANY, {
    method: existing ? 'PATCH' : 'POST',
    body: JSON.stringify({ data: { type: 'manage_tags', id: name, attributes } }),
  });
}

export async function searchSpans(
  query: string,
  from: string,
  to: string,
  limit: number,
): Promise<SpanAttributes[]> {
  const body = await call('/intake/spans/search', SpansAnswerSchema, {
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

export function intakeStatus(): Promise<IntakeStatusView> {
  return call('/intake/status', IntakeStatusSchema);
}

export function stackReport(): Promise<StackReportAnswer> {
  return call('/intake/stack', StackReportSchema);
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
  const body = await call('/api/v2/query/timeseries', TimeseriesAnswerSchema, {
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
  const body = await call('/api/v2/query/scalar', ScalarAnswerSchema, {
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
  });
  const columns = body.data.attributes.columns;
  const groups = (columns.find((c) => c.type === 'group')?.values ?? []) as string[][];
  const numbers = columns.filter((c) => c.type === 'number');
  return groups.map((tags, i) => ({
    tags,
    values: numbers.map((c) => (c.values[i] as number | null) ?? null),
  }));
}

export async function listDashboards(): Promise<DashboardSummary[]> {
  return (await call('/api/v1/dashboard', DashboardListSchema)).dashboards;
}

export function getDashboard(id: string): Promise<DashboardJson> {
  return call(`/api/v1/dashboard/${encodeURIComponent(id)}`, DashboardSchema);
}

export function listMonitors(): Promise<MonitorJson[]> {
  return call('/api/v1/monitor?group_states=all', MonitorListSchema);
}
export function getMonitor(id: string): Promise<MonitorJson> {
  return call(`/api/v1/monitor/${encodeURIComponent(id)}?group_states=all`, MonitorSchema);
}

export function monitorHistory(id: string): Promise<MonitorHistory> {
  return call(`/intake/monitors/${encodeURIComponent(id)}/history`, MonitorHistorySchema);
}

/** A service's resource names as its spans spell them and as the trace metrics tag them (intake-only). */
export async function apmResources(service: string): Promise<ApmResources['resources']> {
  const body = await call(`/intake/apm/resources?service=${encodeURIComponent(service)}`, ApmResourcesSchema);
  return body.resources;
}

/** Datadog's logs search: newest first, up to `limit`. */
export async function searchLogs(
  query: string,
  from: string,
  to: string,
  limit: number,
): Promise<LogEntry[]> {
  const body = await call('/api/v2/logs/events/search', LogsAnswerSchema, {
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

export function dbStatements(): Promise<DbStatements> {
  return call('/intake/database/statements', DbStatementsSchema);
}

export function dbPlan(signature: string) {
  return call(`/intake/database/statements/${encodeURIComponent(signature)}/plan`, DbPlanSchema);
}

export function dbSpans(signature: string, from: string) {
  return call(
    `/intake/database/statements/${encodeURIComponent(signature)}/spans?from=${encodeURIComponent(from)}`,
    DbSpansSchema,
  );
}

export async function listFacets(): Promise<FacetInfo[]> {
  return (await call('/intake/facets', FacetsSchema)).facets;
}

export async function createFacet(
  source: FacetInfo['source'],
  path: string,
  type: FacetInfo['type'],
): Promise<void> {
  await call('/intake/facets', ANY, { method: 'POST', body: JSON.stringify({ source, path, type }) });
}
