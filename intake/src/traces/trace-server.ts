/**
 * The trace agent's HTTP side (default 8126): `/info`, the trace endpoints, and the other
 * routes dd-trace calls, answered as the agent would so the tracer logs no errors.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ingestPacket } from '../dogstatsd/server.js';
import { isAllowedHost } from '../http/host-check.js';
import { BodyTooLarge, closeAfter, readBody, sendJson, sendText } from '../http/http-util.js';
import type { MetricsEngine } from '../metrics/engine.js';
import { decodeTraces, TraceDecodeError } from './decode.js';
import { obfuscateDatabaseSpans } from './obfuscate-spans.js';
import type { SpanStore } from './span-store.js';
import { createIntervalTotals, type IntervalTotals, recordTraceMetrics } from './trace-metrics.js';

export const AGENT_VERSION = '7.99.0-ddworkshop-intake';

export interface TraceServerDeps {
  engine: MetricsEngine;
  spans: SpanStore;
  statsdPort: () => number;
  receiverPort: () => number;
  apm: { payloads: number; decodeErrors: number; lastPayloadMs: number };
  /** `Host` names served besides loopback ones (the names other containers use: `datadog`). */
  allowedHosts?: readonly string[];
  /** The `.duration` totals of the current interval (one per receiver; made when not given). */
  durations?: IntervalTotals;
}

/**
 * The agent's receiver is for tracers, not browsers: a page on another site can send a "simple"
 * cross-origin POST here (no preflight), and a rebound name arrives with its own `Host`. Tracers
 * send neither `Origin` nor `Sec-Fetch-Site`; browsers always do on a cross-origin request.
 */
export function refusedRequest(
  req: Pick<IncomingMessage, 'headers'>,
  allowedHosts: readonly string[] = [],
): string | undefined {
  if (!isAllowedHost(req.headers.host, allowedHosts)) return 'foreign Host';
  const site = req.headers['sec-fetch-site'];
  if (req.headers.origin !== undefined || (site !== undefined && site !== 'none'))
    return 'requests from web pages are not accepted by the trace agent';
  return undefined;
}

export function infoBody(deps: TraceServerDeps): Record<string, unknown> {
  return {
    version: AGENT_VERSION,
    git_commit: 'ddworkshop',
    endpoints: TRACE_ENDPOINTS,
    feature_flags: [],
    client_drop_p0s: true,
    span_meta_structs: true,
    long_running_spans: true,
    evp_proxy_allowed_headers: [
      'Content-Type',
      'Accept-Encoding',
      'Content-Encoding',
      'User-Agent',
      'DD-CI-PROVIDER-NAME',
    ],
    config: {
      default_env: 'none',
      target_tps: 10,
      max_eps: 200,
      receiver_port: deps.receiverPort(),
      receiver_socket: '',
      connection_limit: 0,
      receiver_timeout: 0,
      max_request_bytes: 26214400,
      statsd_port: deps.statsdPort(),
      max_memory: 0,
      max_cpu: 0,
      analyzed_spans_by_service: {},
      obfuscation: {
        elastic_search: true,
        mongo: true,
        sql_exec_plan: false,
        sql_exec_plan_normalize: false,
        http: { remove_query_string: false, remove_path_digits: false },
        remove_stack_traces: false,
        redis: { Enabled: true, RemoveAllArgs: false },
        memcached: { Enabled: true, KeepCommand: false },
      },
    },
    peer_tags: null,
  };
}

type Handler = (
  deps: TraceServerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
) => Promise<void>;

/** One route of the agent's receiver: `path` exact, or every path under it when it ends in `/`. */
interface Endpoint {
  path: string;
  handle: Handler;
}

async function traces(deps: TraceServerDeps, req: IncomingMessage, res: ServerResponse, path: string) {
  if (req.method !== 'PUT' && req.method !== 'POST') return sendText(res, 404, '404 page not found\n');
  const body = await readBody(req, 50 * 1024 * 1024);
  const version = path.startsWith('/v0.5/') ? 'v0.5' : 'v0.4';
  try {
    const decoded = body.length === 0 ? [] : decodeTraces(body, version).map(obfuscateDatabaseSpans);
    deps.spans.add(decoded.flat());
    deps.durations ??= createIntervalTotals();
    recordTraceMetrics(deps.engine, decoded, deps.durations);
    deps.apm.payloads++;
    deps.apm.lastPayloadMs = Date.now();
  } catch (error) {
    if (!(error instanceof TraceDecodeError)) throw error;
    deps.apm.decodeErrors++;
    return sendText(res, 400, `${error.message}\n`);
  }
  return sendJson(res, 200, { rate_by_service: { 'service:,env:': 1 } });
}

async function dogstatsdProxy(deps: TraceServerDeps, req: IncomingMessage, res: ServerResponse) {
  ingestPacket(deps.engine, await readBody(req, 8 * 1024 * 1024), 8 * 1024 * 1024);
  sendText(res, 200, '');
}

/** Drains what the tracer sends; the intake keeps nothing of it but answers as the agent does. */
const drained =
  (status: number, answer: 'json' | 'OK'): Handler =>
  async (_deps, req, res) => {
    await readBody(req, 50 * 1024 * 1024);
    if (answer === 'OK') sendText(res, status, 'OK');
    else sendJson(res, status, {});
  };

/**
 * The receiver's routes: one table builds both the router and what `/info` advertises, as the
 * agent's pkg/trace/api/endpoints.go does — a route cannot be answered and left out of /info,
 * or listed and not answered (a tracer picks its protocol from the list).
 */
export const ENDPOINTS: readonly Endpoint[] = [
  { path: '/v0.3/traces', handle: traces },
  { path: '/v0.4/traces', handle: traces },
  { path: '/v0.5/traces', handle: traces },
  { path: '/profiling/v1/input', handle: drained(200, 'json') },
  { path: '/telemetry/proxy/', handle: drained(202, 'json') },
  { path: '/v0.1/pipeline_stats', handle: drained(200, 'OK') },
  { path: '/v0.6/stats', handle: drained(200, 'OK') },
  { path: '/v0.7/config', handle: drained(200, 'json') },
  { path: '/evp_proxy/v1/', handle: drained(202, 'json') },
  { path: '/evp_proxy/v2/', handle: drained(202, 'json') },
  { path: '/evp_proxy/v3/', handle: drained(202, 'json') },
  { path: '/evp_proxy/v4/', handle: drained(202, 'json') },
  { path: '/debugger/v1/input', handle: drained(200, 'json') },
  { path: '/debugger/v1/diagnostics', handle: drained(200, 'json') },
  { path: '/symdb/v1/input', handle: drained(200, 'json') },
  { path: '/dogstatsd/v1/proxy', handle: dogstatsdProxy },
  { path: '/dogstatsd/v2/proxy', handle: dogstatsdProxy },
  { path: '/tracer_flare/v1', handle: drained(200, 'json') },
];

/** What `/info` advertises: exactly the table's routes. */
export const TRACE_ENDPOINTS = ENDPOINTS.map((e) => e.path);

export function findEndpoint(path: string): Endpoint | undefined {
  return ENDPOINTS.find((e) => (e.path.endsWith('/') ? path.startsWith(e.path) : path === e.path));
}

async function handle(deps: TraceServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const refused = refusedRequest(req, deps.allowedHosts);
  if (refused) return sendText(res, 403, `${refused}\n`);
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  if (path === '/info' && req.method === 'GET') return sendJson(res, 200, infoBody(deps));
  const endpoint = findEndpoint(path);
  if (!endpoint) return sendText(res, 404, '404 page not found\n');
  return endpoint.handle(deps, req, res, path);
}

export function createTraceServer(deps: TraceServerDeps): Server {
  return createServer((req, res) => {
    handle(deps, req, res).catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      if (error instanceof BodyTooLarge) {
        closeAfter(res);
        return sendText(res, 413, 'request body too large\n');
      }
      // The error stays in the log, never in the answer (as the API server's rule).
      console.error(`trace agent: ${(error as Error).message}`);
      sendText(res, 500, 'internal error\n');
    });
  });
}
