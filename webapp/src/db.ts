/** The PostgreSQL pool and the idempotent migration the app runs at start. */

import { Pool } from 'pg';
import type { WebappConfig } from './config.js';
import { logger } from './logger.js';

export function createPool(db: WebappConfig['db']): Pool {
  const pool = new Pool({
    ...db,
    // A small pool: the workshop's traffic is modest, and a workshop laptop runs everything.
    max: 10,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 3_000,
    // A runaway query must not hold a connection (and a request) forever.
    statement_timeout: 10_000,
  });
  // An idle client losing its connection (database restart) must not crash the app.
  pool.on('error', (error) => logger.error({ err: error }, `database pool: ${error.message}`));
  return pool;
}

const SEED_USERS = [
  ['alice', 'alice@example.com'],
  ['bob', 'bob@example.com'],
  ['carol', 'carol@example.com'],
];

export async function migrate(pool: Pool): Promise<void> {
  await pool.query(`
    CREATE TABLE IF NOT EXISTS users (
      id SERIAL PRIMARY KEY,
      username VARCHAR(80) NOT NULL UNIQUE,
      email VARCHAR(120) NOT NULL,
      created_at TIMESTAMPTZ NOT NULL DEFAULT now()
    )`);
  await migratePurchases(pool);
  for (const [username, email] of SEED_USERS) {
    await pool.query(
      'INSERT INTO users (username, email) VALUES ($1, $2) ON CONFLICT (username) DO NOTHING',
      [username, email],
    );
  }
}

/** Products 1–1000, about 100 purchases each: enough history that reading one product's matters. */
export const SEEDED_PURCHASES = 100_000;
export const PRODUCTS = 1000;

/**
 * The store's purchase history, seeded once (a few hundred milliseconds on the first start) so
 * that reading it has a cost the database page can show.
 */
async function migratePurchases(pool: Pool): Promise<void> {
  await pool.query(`
    CREATE TABLE IF NOT EXISTS purchases (
      id BIGSERIAL PRIMARY KEY,
      user_id INTEGER NOT NULL,
      product_id INTEGER NOT NULL,
      quantity INTEGER NOT NULL,
      amount NUMERIC(10, 2) NOT NULL,
      created_at TIMESTAMPTZ NOT NULL DEFAULT now()
    )`);
  const { rows } = await pool.query('SELECT EXISTS (SELECT 1 FROM purchases) AS seeded');
  if (rows[0]?.seeded) return;
  // Deterministic rows: product ids spread over the whole table, as real orders arrive.
  await pool.query(
    `INSERT INTO purchases (user_id, product_id, quantity, amount, created_at)
     SELECT 1 + g % 50, 1 + (g * 7919) % $2, 1 + g % 5, round((5 + (g * 37) % 10000 / 100.0)::numeric, 2),
            now() - g * interval '30 seconds'
     FROM generate_series(1, $1) AS g`,
    [SEEDED_PURCHASES, PRODUCTS],
  );
  await pool.query('ANALYZE purchases');
}

/** Retries the first connection: in compose the database may still be starting. */
export async function migrateWithRetry(pool: Pool, attempts = 30, delayMs = 1_000): Promise<void> {
  for (let i = 1; ; i++) {
    try {
      await migrate(pool);
      return;
    } catch (error) {
      if (i >= attempts) throw error;
      logger.warn(`database not ready (${(error as Error).message}); retrying in ${delayMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
