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
import type { SpanStore } from './span-store.js';
import { recordTraceMetrics } from './trace-metrics.js';

export const AGENT_VERSION = '7.99.0-ddworkshop-intake';

/** What `/info` advertises: only routes this server answers (a tracer picks its protocol from it). */
export const TRACE_ENDPOINTS = [
  '/v0.3/traces',
  '/v0.4/traces',
  '/v0.5/traces',
  '/profiling/v1/input',
  '/telemetry/proxy/',
  '/v0.1/pipeline_stats',
  '/v0.6/stats',
  '/v0.7/config',
  '/evp_proxy/v1/',
  '/evp_proxy/v2/',
  '/evp_proxy/v3/',
  '/evp_proxy/v4/',
  '/debugger/v1/input',
  '/debugger/v1/diagnostics',
  '/symdb/v1/input',
  '/dogstatsd/v1/proxy',
  '/dogstatsd/v2/proxy',
  '/tracer_flare/v1',
];

export interface TraceServerDeps {
  engine: MetricsEngine;
  spans: SpanStore;
  statsdPort: () => number;
  receiverPort: () => number;
  apm: { payloads: number; decodeErrors: number; lastPayloadMs: number };
  /** `Host` names served besides loopback ones (the names other containers use: `datadog`). */
  allowedHosts?: readonly string[];
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

async function handle(deps: TraceServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const refused = refusedRequest(req, deps.allowedHosts);
  if (refused) return sendText(res, 403, `${refused}\n`);
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  const method = req.method ?? 'GET';
  if (path === '/info' && method === 'GET') return sendJson(res, 200, infoBody(deps));

  const traces = /^\/v0\.([345])\/traces$/.exec(path);
  if (traces && (method === 'PUT' || method === 'POST')) {
    const body = await readBody(req, 50 * 1024 * 1024);
    const version = traces[1] === '5' ? 'v0.5' : 'v0.4';
    try {
      const decoded = body.length === 0 ? [] : decodeTraces(body, version);
      deps.spans.add(decoded.flat());
      recordTraceMetrics(deps.engine, decoded);
      deps.apm.payloads++;
      deps.apm.lastPayloadMs = Date.now();
    } catch (error) {
      if (!(error instanceof TraceDecodeError)) throw error;
      deps.apm.decodeErrors++;
      return sendText(res, 400, `${error.message}\n`);
    }
    return sendJson(res, 200, { rate_by_service: { 'service:,env:': 1 } });
  }
  if (path === '/dogstatsd/v2/proxy' || path === '/dogstatsd/v1/proxy') {
    ingestPacket(deps.engine, await readBody(req, 8 * 1024 * 1024), 8 * 1024 * 1024);
    return sendText(res, 200, '');
  }
  // Drain what the tracer sends; the intake keeps nothing of it but answers as the agent does.
  await readBody(req, 50 * 1024 * 1024);
  if (path === '/v0.7/config') return sendJson(res, 200, {});
  if (path === '/v0.6/stats' || path === '/v0.1/pipeline_stats') return sendText(res, 200, 'OK');
  if (path.startsWith('/telemetry/proxy/') || path.startsWith('/evp_proxy/')) return sendJson(res, 202, {});
  if (
    path.startsWith('/debugger/') ||
    path.startsWith('/profiling/') ||
    path.startsWith('/symdb/') ||
    path.startsWith('/tracer_flare/')
  ) {
    return sendJson(res, 200, {});
  }
  return sendText(res, 404, '404 page not found\n');
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
