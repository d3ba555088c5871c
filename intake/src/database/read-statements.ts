/**
 * Reads pg_stat_statements as the `datadog` user (pg_monitor lets it see every role's statements).
 * The monitoring's own statements (the check's role's; any reading the statistics or the
 * catalog; asking for a plan: EXPLAIN, PREPARE, EXECUTE, DEALLOCATE; session settings: SET,
 * SHOW) are left out, so the top queries are the application's — in `db top`, the Database page
 * and the query metrics alike.
 */
import type pg from 'pg';
import type { StatementRow } from './statement-metrics.js';

const STATEMENTS = `SELECT s.queryid::text AS queryid, r.rolname AS "user", d.datname AS db, s.query,
    s.calls, s.total_exec_time, s.rows, s.shared_blks_hit, s.shared_blks_read
  FROM pg_stat_statements s
  JOIN pg_roles r ON r.oid = s.userid
  JOIN pg_database d ON d.oid = s.dbid
  WHERE s.queryid IS NOT NULL
    AND s.query NOT LIKE '%explain_statement%'
    AND s.query !~* '^\\s*(EXPLAIN|PREPARE|EXECUTE|DEALLOCATE|SET|SHOW|RESET)\\M'
    AND s.query !~ '\\mpg_(stat|statio|settings|database|class|namespace|roles|locks|prepared_statements|replication)'`;

export async function readStatements(
  client: pg.Client,
  options: { excludeOwnRole: boolean } = { excludeOwnRole: true },
): Promise<StatementRow[]> {
  const { rows } = await client.query(
    options.excludeOwnRole ? `${STATEMENTS} AND r.rolname <> current_user` : STATEMENTS,
  );
  return rows.map((r: Record<string, unknown>) => ({
    queryid: String(r.queryid),
    user: String(r.user),
    db: String(r.db),
    query: String(r.query ?? ''),
    calls: Number(r.calls),
    totalTimeMs: Number(r.total_exec_time),
    rows: Number(r.rows),
    sharedBlksHit: Number(r.shared_blks_hit),
    sharedBlksRead: Number(r.shared_blks_read),
  }));
}

/** Why query metrics are missing, in words a student can act on. */
export function statementsProblem(error: Error): string {
  if (/pg_stat_statements.*does not exist/.test(error.message))
    return 'query metrics: pg_stat_statements is not installed (CREATE EXTENSION pg_stat_statements, as docker/postgres/01-datadog.sql does)';
  if (/must be loaded via .?shared_preload_libraries/.test(error.message))
    return 'query metrics: pg_stat_statements is not loaded (shared_preload_libraries=pg_stat_statements in the postgres command)';
  return `query metrics: ${error.message.slice(0, 200)}`;
}
