/** The Express app: JSON in and out, metrics around every request, and errors as JSON only. */
import express, { type NextFunction, type Request, type Response } from 'express';
import type { StatsD } from 'hot-shots';
import type { Pool } from 'pg';
import { registerDrillFaults } from './drills/faults.js';
import { hostCheck } from './host-check.js';
import { HttpError } from './http-errors.js';
import { logger } from './logger.js';
import { setupDatadogMetrics } from './metrics/index.js';
import { requestLogs } from './request-logs.js';
import { registerRoutes } from './routes/index.js';

export interface AppDeps {
  pool: Pool;
  statsd: StatsD;
  /** `Host` names served besides loopback ones. */
  allowedHosts?: readonly string[];
}

export function createApp({ pool, statsd, allowedHosts = [] }: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(hostCheck(allowedHosts));
  app.use(requestLogs);
  setupDatadogMetrics(app, statsd);
  app.use(express.json({ limit: '100kb' }));
  // The drills' faults, behind feature flags (off unless `ddw drill start` turned one on).
  registerDrillFaults(app, statsd, pool);
  registerRoutes(app, { pool });

  app.use((req: Request, res: Response) => {
    res.status(404).json({ error: 'Not found', method: req.method, path: req.path });
  });

  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const { status, message } = describeError(error);
    // Logged once, with its stack, inside the request's span (so with its trace id); never in the answer.
    if (status >= 500 && status !== 503)
      logger.error({ err: error }, `unhandled error: ${(error as Error)?.message ?? error}`);
    if (res.headersSent) return;
    // Busy, not broken: the client may try again shortly.
    if (status === 503) res.setHeader('Retry-After', '1');
    res.status(status).json({ error: message });
  });
  return app;
}

export function describeError(error: unknown): { status: number; message: string } {
  if (error instanceof HttpError) return { status: error.status, message: error.message };
  const e = error as { type?: string; status?: number; message?: string };
  if (e.type === 'entity.parse.failed') return { status: 400, message: 'the body is not valid JSON' };
  if (e.type === 'entity.too.large') return { status: 413, message: 'the body is larger than 100 kB' };
  // Every pooled connection was busy for connectionTimeoutMillis: overload, not a fault.
  if (/timeout exceeded when trying to connect/i.test(e.message ?? ''))
    return { status: 503, message: 'the database is busy; try again in a moment' };
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    return { status: e.status, message: e.message ?? 'bad request' };
  }
  return { status: 500, message: 'Internal server error' };
}
