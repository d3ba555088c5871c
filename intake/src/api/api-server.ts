/**
 * The intake's HTTP side (default 8127): the parts of Datadog's API that ddworkshop calls,
 * wire-compatible with @datadog/datadog-api-client pointed at it with `baseServer`, the
 * intake's own `/intake/*` status, and the console's pages. Errors come in Datadog's shape,
 * `{"errors": ["..."]}`. Only loopback names (and the configured host) are served.
 */

import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { QueryError } from '#contracts/metric-query.js';
import type { IntakeStatusView } from '#contracts/wire/intake-status.js';
import type { ApmResources, Facets, LookKind, Looks as LooksAnswer } from '#contracts/wire/intake-views.js';
import type { StackReportAnswer } from '#contracts/wire/stack-report.js';
import { registerConsole } from '../console/console-routes.js';
import type { DashboardStore } from '../dashboards/dashboard-store.js';
import { FacetError, type FacetStore } from '../facets/facet-store.js';
import { isAllowedHost } from '../http/host-check.js';
import { BodyTooLarge, closeAfter, sendJson } from '../http/http-util.js';
import { Router } from '../http/router.js';
import type { LogStore } from '../logs/log-store.js';
import type { MetricsEngine } from '../metrics/engine.js';
import { normalizeTag } from '../metrics/normalize-tag.js';
import { queryable } from '../metrics/tag-config.js';
import type { MonitorStore } from '../monitors/monitor-store.js';
import type { SpanStore } from '../traces/span-store.js';
import { ApiError, checkRange, dataAttributes, decodePathPart, jsonBody } from './api-error.js';
import { dashboardRoutes } from './dashboards-api.js';
import { type DatabaseDeps, databaseRoutes } from './database-api.js';
import { scalar, timeseries } from './formula-queries.js';
import { logRoutes } from './logs-api.js';
import type { Looks } from './looks.js';
import {
  listTagConfigurations,
  metricMetadata,
  metricVolumes,
  tagConfiguration,
  v1Series,
} from './metrics-api.js';
import { monitorRoutes } from './monitors-api.js';
import { familyOf, type RateLimiter } from './rate-limit.js';
import { v1SeriesSamples, v2SeriesSamples } from './series-api.js';
import { searchConsoleSpans, searchSpans } from './spans-api.js';

export interface ApiDeps {
  engine: MetricsEngine;
  spans: SpanStore;
  apiKey?: string;
  appKey?: string;
  /** The report behind GET /intake/status (serialised as is). */
  /** Written as the console and the CLI read it (#contracts/wire/intake-status). */
  status: () => IntakeStatusView;
  /** Datadog's rate limits per endpoint family; none when absent. */
  rateLimiter?: RateLimiter;
  /** Host names served besides loopback ones (DDWORKSHOP_HOST). */
  allowedHosts?: string[];
  /** What the CLI tells the intake about the stack (its services and published ports). */
  stack?: { get(): StackReportAnswer; set(report: unknown): void };
  monitors?: MonitorStore;
  dashboards?: DashboardStore;
  logs?: LogStore;
  facets?: FacetStore;
  database?: DatabaseDeps;
  /** What the student looked at (a drill's time to detect); nothing kept when absent. */
  looks?: Looks;
}

/**
 * Datadog's keys, or the console's token: the console page carries a token made at start-up,
 * readable only by a page the Host check let through, so the browser needs no keys.
 */
const SUBMIT_PATHS = new Set(['/api/v1/series', '/api/v2/series']);

function checkKeys(deps: ApiDeps, consoleToken: string, req: IncomingMessage, needApp: boolean): void {
  if (req.headers['x-ddworkshop-console'] === consoleToken) return;
  const api = req.headers['dd-api-key'];
  const app = req.headers['dd-application-key'];
  if (typeof api !== 'string' || api === '' || (deps.apiKey && api !== deps.apiKey))
    throw new ApiError(403, 'Forbidden');
  if (needApp && (typeof app !== 'string' || app === '' || (deps.appKey && app !== deps.appKey))) {
    throw new ApiError(403, 'Forbidden');
  }
}

function rateLimit(deps: ApiDeps, req: IncomingMessage, res: ServerResponse, path: string): void {
  const family = familyOf(req.method ?? 'GET', path);
  const decision = family ? deps.rateLimiter?.take(family) : undefined;
  if (!decision) return;
  for (const [k, v] of Object.entries(decision.headers)) res.setHeader(k, v);
  if (!decision.allowed) throw new ApiError(429, 'Too many requests');
}

function v1Query(deps: ApiDeps, q: URLSearchParams) {
  const from = Number(q.get('from'));
  const to = Number(q.get('to'));
  const query = q.get('query');
  if (!query || !Number.isFinite(from) || !Number.isFinite(to))
    throw new ApiError(400, 'from, to and query are required');
  checkRange(from, to);
  return {
    status: 'ok',
    res_type: 'time_series',
    resp_version: 1,
    query,
    from_date: from * 1000,
    to_date: to * 1000,
    series: v1Series(deps, query, from, to),
    values: [],
    times: [],
    message: '',
    group_by: [],
  };
}

function allTags(deps: ApiDeps, name: string) {
  const ingested = deps.engine.allTags(name);
  if (!ingested) throw new ApiError(404, `Metric ${name} not found`);
  const tags = ingested.filter(queryable(deps.engine.tagConfigs.get(name)));
  return { data: { type: 'metrics', id: name, attributes: { tags, ingested_tags: ingested } } };
}

async function spansSearchRequest(req: IncomingMessage) {
  const attrs = dataAttributes(await jsonBody(req));
  const page = (attrs.page ?? {}) as { limit?: unknown; cursor?: unknown };
  const filter = (attrs.filter ?? {}) as Record<string, unknown>;
  return { ...filter, query: filter.query, limit: page.limit, cursor: page.cursor };
}

/** The metric queries of a v2 timeseries or scalar request, as text (for the looks). */
function formulaQueries(body: Record<string, unknown>): string {
  const attrs = dataAttributes(body);
  const queries = Array.isArray(attrs.queries) ? (attrs.queries as Array<Record<string, unknown>>) : [];
  return queries.map((q) => String(q?.query ?? '')).join(' ');
}

function datadogRoutes(router: Router, deps: ApiDeps): void {
  const json = (res: ServerResponse, body: unknown) => sendJson(res, 200, body);
  const saw = (kind: LookKind, text: unknown) => deps.looks?.saw(kind, String(text ?? ''));
  router
    .on('GET', '/api/v1/metrics', (_req, res, _p, q) => {
      const from = Number(q.get('from'));
      if (!q.get('from') || !Number.isFinite(from))
        throw new ApiError(400, "The parameter 'from' is required and must be unix seconds");
      json(res, { metrics: deps.engine.activeMetrics(from), from: String(from) });
    })
    .on('GET', '/api/v2/metrics', (_req, res, _p, q) =>
      json(res, listTagConfigurations(deps, q, Math.floor(Date.now() / 1000))),
    )
    .on('GET', '/api/v1/metrics/:name', (_req, res, p) => {
      saw('metric', p.name);
      json(res, metricMetadata(deps, p.name ?? ''));
    })
    .on('GET', '/api/v1/query', (_req, res, _p, q) => {
      saw('metric', q.get('query'));
      json(res, v1Query(deps, q));
    })
    .on('POST', '/api/v2/query/timeseries', async (req, res) => {
      const body = await jsonBody(req);
      saw('metric', formulaQueries(body));
      json(res, timeseries(deps, body));
    })
    .on('POST', '/api/v2/query/scalar', async (req, res) => {
      const body = await jsonBody(req);
      saw('metric', formulaQueries(body));
      json(res, scalar(deps, body));
    })
    .on(['GET', 'POST', 'PATCH', 'DELETE'], '/api/v2/metrics/:name/tags', (req, res, p) =>
      tagConfiguration(deps, req.method ?? 'GET', p.name ?? '', req, res),
    )
    .on('GET', '/api/v2/metrics/:name/all-tags', (_req, res, p) => {
      saw('metric', p.name);
      json(res, allTags(deps, p.name ?? ''));
    })
    .on('GET', '/api/v2/metrics/:name/volumes', (_req, res, p) => {
      saw('metric', p.name);
      json(res, metricVolumes(deps, p.name ?? ''));
    })
    // Submitted points are stored as DogStatsD's are (series-api.ts); Datadog answers 202.
    .on('POST', '/api/v1/series', async (req, res) => {
      for (const sample of v1SeriesSamples(await jsonBody(req))) deps.engine.ingest(sample);
      sendJson(res, 202, { status: 'ok' });
    })
    .on('POST', '/api/v2/series', async (req, res) => {
      for (const sample of v2SeriesSamples(await jsonBody(req))) deps.engine.ingest(sample);
      sendJson(res, 202, { errors: [] });
    })
    .on('POST', '/api/v2/spans/events/search', async (req, res) => {
      const request = await spansSearchRequest(req);
      saw('spans', request.query);
      json(res, searchSpans(deps, request));
    })
    .on('GET', '/api/v2/spans/events', (_req, res, _p, q) => {
      saw('spans', q.get('filter[query]'));
      return json(
        res,
        searchSpans(deps, {
          query: q.get('filter[query]') ?? '*',
          from: q.get('filter[from]') ?? undefined,
          to: q.get('filter[to]') ?? undefined,
          limit: q.get('page[limit]') ?? undefined,
          cursor: q.get('page[cursor]') ?? undefined,
        }),
      );
    });
}

function intakeRoutes(router: Router, deps: ApiDeps, consoleToken: string): void {
  router
    .on('GET', '/intake/health', (_req, res) => sendJson(res, 200, { status: 'ok' }))
    .on('GET', '/intake/status', (_req, res) => sendJson(res, 200, deps.status()))
    .on('GET', '/intake/stack', (_req, res) => sendJson(res, 200, deps.stack?.get() ?? {}))
    // The console's service page: resources as spans spell them beside the trace metrics' tag
    // value (`POST /purchase` is `resource_name:post_/purchase`); Datadog's APM reads its own stats.
    .on('GET', '/intake/apm/resources', (_req, res, _p, q) =>
      sendJson(res, 200, {
        resources: deps.spans.resources(q.get('service') ?? '').map((name) => ({
          name,
          tag: normalizeTag(`resource_name:${name}`).slice('resource_name:'.length),
        })),
      } satisfies ApmResources),
    )
    // The workshop's facets (Datadog: Log Explorer → an attribute → Create facet / measure).
    .on('GET', '/intake/facets', (_req, res) =>
      sendJson(res, 200, { facets: [...(deps.facets?.list() ?? [])] } satisfies Facets),
    )
    .on('POST', '/intake/facets', async (req, res) => {
      if (!deps.facets) throw new ApiError(404, 'Not found');
      try {
        sendJson(res, 201, { facet: deps.facets.add(await jsonBody(req)) });
      } catch (error) {
        if (error instanceof FacetError) throw new ApiError(400, `Invalid facet: ${error.message}`);
        throw error;
      }
    })
    .on('DELETE', '/intake/facets/:source/:path', (_req, res, p) => {
      const source = p.source === 'logs' || p.source === 'spans' ? p.source : undefined;
      if (!source || !deps.facets?.remove(source, decodePathPart(p.path ?? '')))
        throw new ApiError(404, 'Facet not found');
      res.writeHead(204).end();
    })
    // The console's trace pages: Datadog's answer lacks the operation name and error they group by.
    .on('POST', '/intake/spans/search', async (req, res) => {
      const request = await spansSearchRequest(req);
      deps.looks?.saw('spans', String(request.query ?? ''));
      sendJson(res, 200, searchConsoleSpans(deps, request));
    })
    // What the student looked at since a time: a drill's time to detect.
    .on('GET', '/intake/looks', (_req, res, _p, q) =>
      sendJson(res, 200, {
        looks: deps.looks?.since(Number(q.get('since')) || 0) ?? [],
      } satisfies LooksAnswer),
    )
    .on('PUT', '/intake/stack', async (req, res) => {
      checkKeys(deps, consoleToken, req, false);
      deps.stack?.set(await jsonBody(req));
      sendJson(res, 200, deps.stack?.get() ?? {});
    });
}

function errorAnswer(error: unknown): { status: number; body: object; close?: boolean } | undefined {
  if (error instanceof ApiError)
    return { status: error.status, body: { errors: error.errors ?? [error.message] } };
  if (error instanceof QueryError || (error as Error).name === 'QueryError')
    return { status: 400, body: { errors: [(error as Error).message], status: 'error' } };
  if (error instanceof BodyTooLarge)
    return { status: 413, body: { errors: ['Payload too large'] }, close: true };
  return undefined;
}

function sendError(req: IncomingMessage, res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const answer = errorAnswer(error);
  if (answer) {
    if (answer.close) closeAfter(res);
    sendJson(res, answer.status, answer.body);
    return;
  }
  // The detail goes to the intake's log, never into an answer.
  console.error(`internal error on ${req.method} ${req.url?.slice(0, 200)}:`, error);
  sendJson(res, 500, { errors: ['Internal error'] });
}

async function handle(
  deps: ApiDeps,
  router: Router,
  consoleToken: string,
  req: IncomingMessage,
  res: ServerResponse,
) {
  if (!isAllowedHost(req.headers.host, deps.allowedHosts))
    throw new ApiError(
      403,
      'Forbidden: this host name is not served (only loopback names and DDWORKSHOP_HOST)',
    );
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://intake');
  } catch {
    throw new ApiError(400, 'Invalid request path');
  }
  const path = url.pathname;
  if (path === '/api/v1/validate' && req.method === 'GET') {
    checkKeys(deps, consoleToken, req, false);
    return sendJson(res, 200, { valid: true });
  }
  // Statement texts are obfuscated, but still the student's schema: keys or the console's token.
  if (
    path.startsWith('/intake/database/') ||
    path.startsWith('/intake/spans/') ||
    path === '/intake/looks' ||
    (path.startsWith('/intake/facets') && req.method !== 'GET')
  )
    checkKeys(deps, consoleToken, req, true);
  if (path.startsWith('/api/')) {
    // Submitting metrics takes the API key alone, as in Datadog; reading takes both keys.
    checkKeys(deps, consoleToken, req, !SUBMIT_PATHS.has(path));
    rateLimit(deps, req, res, path);
  }
  const routed = router.route(req, res, url);
  if (routed.kind === 'wrong-method') {
    res.setHeader('allow', routed.allow.join(', '));
    throw new ApiError(405, 'Method not allowed');
  }
  if (routed.kind === 'missing') throw new ApiError(404, 'Not found');
  await routed.run();
}

export function createApiServer(deps: ApiDeps): Server {
  const consoleToken = randomBytes(18).toString('base64url');
  const router = new Router();
  intakeRoutes(router, deps, consoleToken);
  datadogRoutes(router, deps);
  if (deps.monitors) monitorRoutes(router, deps.monitors);
  if (deps.dashboards) dashboardRoutes(router, deps.dashboards);
  if (deps.logs) logRoutes(router, deps.logs, (query) => deps.looks?.saw('logs', query));
  if (deps.database)
    databaseRoutes(router, deps.database, deps.spans, (what) => deps.looks?.saw('database', what));
  registerConsole(router, consoleToken);
  return createServer((req, res) => {
    handle(deps, router, consoleToken, req, res).catch((error: unknown) => sendError(req, res, error));
  });
}
