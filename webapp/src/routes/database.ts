import { Router } from 'express';
import type { Pool } from 'pg';
import { badRequest } from '../http-errors.js';

const QUERIES = {
  simple: 'SELECT COUNT(*)::int AS user_count FROM users',
  // Heavier on purpose: a join, a window function and an aggregate over a generated series.
  complex: `
    SELECT u.username,
           length(u.email) AS email_length,
           rank() OVER (ORDER BY u.created_at) AS signup_rank,
           (SELECT sum(g) FROM generate_series(1, 20000) AS g) AS work
    FROM users u
    LEFT JOIN users v ON v.id = u.id - 1
    ORDER BY u.created_at DESC
    LIMIT 50`,
} as const;

export function databaseRoutes(pool: Pool): Router {
  const router = Router();
  router.get('/database-query', async (req, res) => {
    const type = req.query.type ?? 'simple';
    if (type !== 'simple' && type !== 'complex') throw badRequest('type must be simple or complex');
    const started = process.hrtime.bigint();
    const { rows } = await pool.query(QUERIES[type]);
    res.json({
      type,
      rows: rows.length,
      result: rows.slice(0, 5),
      duration_seconds: Number(process.hrtime.bigint() - started) / 1e9,
    });
  });
  return router;
}
