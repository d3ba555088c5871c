/** Every route of the webapp. A lesson adds its routes here. */
import type { Express } from 'express';
import type { Pool } from 'pg';
import { databaseRoutes } from './database.js';
import { healthRoutes } from './health.js';
import { homeRoutes } from './home.js';
import { loadRoutes } from './load.js';
import { usersRoutes } from './users.js';

export interface RouteDeps {
  pool: Pool;
}

export function registerRoutes(app: Express, { pool }: RouteDeps): void {
  app.use(homeRoutes());
  app.use(healthRoutes(pool));
  app.use(usersRoutes(pool));
  app.use(loadRoutes());
  app.use(databaseRoutes(pool));
}
