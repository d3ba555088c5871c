/**
 * The seed's `setup_datadog_metrics`: starts a timer before each request and runs every
 * metric handler after each response. Business metrics get handlers of their own, registered
 * beside the general one, so routes keep only business logic.
 */
import type { Express, NextFunction, Request, Response } from 'express';
import type { StatsD } from 'hot-shots';
import { recordRequestData } from './request-metrics.js';

export type MetricHandler = (req: Request, res: Response, statsd: StatsD) => void;

function startTimer(_req: Request, res: Response, next: NextFunction): void {
  res.locals.startedAt = process.hrtime.bigint();
  next();
}

/** Runs `handler` once the response has been sent; a failing handler never breaks a response. */
function afterResponse(app: Express, statsd: StatsD, handler: MetricHandler): void {
  app.use((req: Request, res: Response, next: NextFunction) => {
    res.once('finish', () => {
      try {
        handler(req, res, statsd);
      } catch (error) {
        console.error(`metrics (${handler.name}): ${(error as Error).message}`);
      }
    });
    next();
  });
}

export function setupDatadogMetrics(app: Express, statsd: StatsD): void {
  app.use(startTimer);

  // General application metrics
  afterResponse(app, statsd, recordRequestData);

  // Business-specific metrics (separate handlers)
}
