/**
 * What a drill breaks, behind feature flags (flags.ts), each a realistic incident with one root
 * cause that the course's instruments find: a product whose purchases fail, a slow downstream
 * call on one route, a metric tagged with the user id, a retry loop flooding the logs with errors.
 * Off (the default), each fault costs one flag evaluation per request.
 */
import type { Express, NextFunction, Request, Response } from 'express';
import type { StatsD } from 'hot-shots';
import { logger } from '../logger.js';
import tracer from '../tracer.js';
import { flags } from './flags.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The faults on `app`: one middleware for every request (user-id tag, log flood, slow route), and
 * the failing product on POST /purchase itself, so its request span is the purchase's
 * (resource `POST /purchase`) as when the route's own code fails.
 */
export function registerDrillFaults(app: Express, statsd: StatsD): void {
  app.use(async (req: Request, _res: Response, next: NextFunction) => {
    try {
      const client = flags();
      const [slowRoute, userTag, retryFlood] = await Promise.all([
        client.getStringValue('drill.slow-route', ''),
        client.getBooleanValue('drill.user-id-tag', false),
        client.getBooleanValue('drill.retry-flood', false),
      ]);
      if (userTag)
        statsd.increment('webapp.page_views', 1, [
          `user_id:${Math.floor(Math.random() * 1_000_000)}`,
          `path:${req.path}`,
        ]);
      if (retryFlood)
        for (let attempt = 1; attempt <= 20; attempt++)
          logger.error({ attempt, payment: { provider: 'acme-pay' } }, 'payment retry failed');
      if (slowRoute && req.path === slowRoute)
        await tracer.trace(
          'inventory.lookup',
          { resource: 'GET /inventory', service: 'inventory-service' },
          () => sleep(1_200),
        );
      next();
    } catch (error) {
      next(error);
    }
  });
  app.post('/purchase', async (req: Request, res: Response, next: NextFunction) => {
    try {
      const product = await flags().getNumberValue('drill.failing-product', 0);
      const body = req.body as { product_id?: unknown } | undefined;
      if (!product || Number(body?.product_id) !== product) return next();
      logger.error({ product_id: product }, `payment provider declined product ${product}`);
      res.status(500).json({ error: 'Internal server error' });
    } catch (error) {
      next(error);
    }
  });
}
