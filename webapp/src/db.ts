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
  for (const [username, email] of SEED_USERS) {
    await pool.query(
      'INSERT INTO users (username, email) VALUES ($1, $2) ON CONFLICT (username) DO NOTHING',
      [username, email],
    );
  }
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
