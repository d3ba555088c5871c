/**
 * What a drill breaks, behind feature flags (flags.ts), each a realistic incident with one root
 * cause that the course's instruments find: a product whose purchases fail, a slow downstream
 * call on one route, a metric tagged with the user id, a retry loop flooding the logs with errors,
 * memory kept by every request, and one query per user on the users page. (The DogStatsD address
 * is statsd-address.ts; the dropped index is the CLI's, in the database.) Off — the default — a
 * request reads a few values and goes on: the flags are followed, not evaluated per request.
 */
import type { Express, NextFunction, Request, Response } from 'express';
import type { StatsD } from 'hot-shots';
import type { Pool } from 'pg';
import { logger } from '../logger.js';
import tracer from '../tracer.js';
import { followFlags } from './flags.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const drill = followFlags({
  'drill.failing-product': 0,
  'drill.slow-route': '',
  'drill.user-id-tag': false,
  'drill.retry-flood': false,
  'drill.leak-kb': 0,
  'drill.users-n-plus-one': false,
});

/** The cardinality drill's user ids: at most this many series a path. */
const USERS = 2_000;

/** What the leak keeps: capped, so a drill left running cannot take the laptop down. */
const leaked: unknown[] = [];
let leakedBytes = 0;
const LEAK_CAP_BYTES = 256 * 1024 * 1024;

/** Half on the V8 heap, half outside it (a Buffer): heap_used, rss and external all grow. */
function leak(kb: number, path: string): void {
  if (leakedBytes >= LEAK_CAP_BYTES) return;
  leaked.push({
    path,
    at: Date.now(),
    rows: new Array(kb * 64).fill(Math.random()),
    raw: Buffer.alloc(kb * 512, 1),
  });
  leakedBytes += kb * 1024;
}

/** The users page asking, one user at a time, what one query could answer for all of them. */
async function purchasesPerUser(pool: Pool): Promise<void> {
  for (let id = 1; id <= 50; id++)
    await pool.query('SELECT count(*)::int AS purchases FROM purchases WHERE user_id = $1', [id]);
}

/**
 * The faults on `app`: one middleware for every request, and the failing product on POST
 * /purchase itself, so its request span is the purchase's (resource `POST /purchase`) as when the
 * route's own code fails.
 */
export function registerDrillFaults(app: Express, statsd: StatsD, pool: Pool): void {
  app.use(async (req: Request, _res: Response, next: NextFunction) => {
    try {
      // Two thousand users at most: enough to explode a bill, and far inside the intake's series
      // budget, so the drill never evicts the student's own metrics.
      if (drill['drill.user-id-tag'])
        statsd.increment('webapp.page_views', 1, [
          `user_id:${1 + Math.floor(Math.random() * USERS)}`,
          `path:${req.path}`,
        ]);
      if (drill['drill.retry-flood'])
        for (let attempt = 1; attempt <= 20; attempt++)
          logger.error({ attempt, payment: { provider: 'acme-pay' } }, 'payment retry failed');
      if (drill['drill.leak-kb'] > 0) leak(drill['drill.leak-kb'], req.path);
      const slowRoute = drill['drill.slow-route'];
      if (slowRoute && req.path === slowRoute)
        await tracer.trace(
          'inventory.lookup',
          { resource: 'GET /inventory', service: 'inventory-service' },
          () => sleep(1_200),
        );
      if (drill['drill.users-n-plus-one'] && req.method === 'GET' && req.path === '/users')
        await purchasesPerUser(pool);
      next();
    } catch (error) {
      next(error);
    }
  });
  app.post('/purchase', (req: Request, res: Response, next: NextFunction) => {
    const product = drill['drill.failing-product'];
    const body = req.body as { product_id?: unknown } | undefined;
    if (!product || Number(body?.product_id) !== product) return next();
    logger.error({ product_id: product }, `payment provider declined product ${product}`);
    res.status(500).json({ error: 'Internal server error' });
  });
}
