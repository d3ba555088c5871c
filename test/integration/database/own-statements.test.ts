/**
 * `db top`, the Database page and the query metrics list the application's statements only: not
 * the monitoring's own (the postgres check's statistics reads, the explain plans' PREPARE, SET
 * plan_cache_mode, EXPLAIN and EXECUTE of dd_cli_… statements), on a real PostgreSQL.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStatements } from '../../../intake/src/database/read-statements.js';
import { startPostgres, type TestPostgres, WORKSHOP_POSTGRES } from '../../support/postgres.js';

let db: TestPostgres;
let client: pg.Client;

beforeAll(async () => {
  db = await startPostgres(WORKSHOP_POSTGRES);
  client = new pg.Client({
    host: '127.0.0.1',
    port: db.port,
    user: db.user,
    password: db.password,
    database: db.database,
  });
  await client.connect();
}, 60_000);
afterAll(async () => {
  await client?.end().catch(() => {});
  await db?.stop();
});

describe('the statements the tools list', () => {
  it('are the application’s, not the monitoring’s or the CLI’s own', async () => {
    await client.query('SELECT pg_stat_statements_reset()');
    // The application.
    await client.query('CREATE TABLE shop_items (id int PRIMARY KEY, name text)');
    await client.query('SELECT name FROM shop_items WHERE id = $1', [1]);
    // The monitoring and the CLI, as the check and `db explain` send them.
    await client.query('SELECT datname, xact_commit FROM pg_stat_database');
    await client.query('SELECT relname FROM pg_stat_user_tables');
    await client.query('SET plan_cache_mode = force_generic_plan');
    await client.query('PREPARE dd_cli_1_0 AS SELECT name FROM shop_items WHERE id = $1');
    await client.query('EXPLAIN EXECUTE dd_cli_1_0(null)');
    await client.query('EXECUTE dd_cli_1_0(null)');
    await client.query('DEALLOCATE dd_cli_1_0');
    const queries = (await readStatements(client, { excludeOwnRole: false })).map((s) => s.query);
    expect(queries.some((q) => /SELECT name FROM shop_items WHERE id = \$1/.test(q))).toBe(true);
    expect(queries.some((q) => /CREATE TABLE shop_items/.test(q))).toBe(true);
    const own = queries.filter((q) =>
      /pg_stat|plan_cache_mode|PREPARE|EXPLAIN|EXECUTE|DEALLOCATE|dd_cli_/i.test(q),
    );
    expect(own).toEqual([]);
  });
});
