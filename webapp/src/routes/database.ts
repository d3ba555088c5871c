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
  // A product's latest purchases: the store's product page.
  router.get('/purchases', async (req, res) => {
    const productId = Number(req.query.product_id);
    if (!Number.isInteger(productId) || productId < 1 || productId > 1_000_000_000)
      throw badRequest('product_id must be a whole number from 1 to 1000000000');
    const { rows } = await pool.query(
      `SELECT id, user_id, quantity, amount, created_at
         FROM purchases WHERE product_id = $1
        ORDER BY created_at DESC LIMIT 20`,
      [productId],
    );
    res.json({ product_id: productId, purchases: rows, count: rows.length });
  });
  return router;
}
