/**
 * One log line per request (pino-http): method, route, status, duration and user agent as
 * Datadog's standard attributes (`http.*`, `duration` in ns), at `info`, `warn` for 4xx and
 * `error` for 5xx. Never a body, a header or a query string. Health checks are not logged.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request } from 'express';
import { pinoHttp } from 'pino-http';
import { logger } from './logger.js';
import { endpointOf } from './metrics/request-metrics.js';

export const requestLogs = pinoHttp({
  logger,
  autoLogging: { ignore: (req) => (req.url ?? '').split('?')[0] === '/health' },
  customLogLevel: (_req, res, error) =>
    error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
  customSuccessMessage: (req, res) => `${req.method} ${endpointOf(req as Request)} ${res.statusCode}`,
  customErrorMessage: (req, res) => `${req.method} ${endpointOf(req as Request)} ${res.statusCode}`,
  customAttributeKeys: { responseTime: 'duration_ms' },
  // Built once, when the response is done: pino-http calls customProps both when a request
  // arrives (the route is not known yet) and when it ends, and each call adds an `http` key.
  customSuccessObject: (req, res, value) => ({ ...value, http: httpAttributes(req, res) }),
  customErrorObject: (req, res, _error, value) => ({ ...value, http: httpAttributes(req, res) }),
  // pino-http's own req/res objects would carry headers: the attributes above replace them.
  serializers: { req: () => undefined, res: () => undefined },
  wrapSerializers: false,
  quietReqLogger: true,
  genReqId: () => undefined as unknown as string,
});

function httpAttributes(req: IncomingMessage, res: ServerResponse) {
  const r = req as Request;
  return {
    method: r.method,
    status_code: res.statusCode,
    route: endpointOf(r),
    url_details: { path: (r.originalUrl ?? r.url ?? '').split('?')[0] },
    useragent: r.headers['user-agent'] ?? '',
  };
}
