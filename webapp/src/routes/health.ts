import { Router } from 'express';
import type { Pool } from 'pg';

/** Healthy only when the database answers: the compose healthcheck and `setup` rely on it. */
export function healthRoutes(pool: Pool): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    try {
      await pool.query('SELECT 1');
      res.json({ status: 'healthy', database: 'connected', timestamp: new Date().toISOString() });
    } catch (error) {
      res.status(503).json({
        status: 'unhealthy',
        database: 'disconnected',
        reason: (error as Error).message || 'database unreachable',
        timestamp: new Date().toISOString(),
      });
    }
  });
  return router;
}
