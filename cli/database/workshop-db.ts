/**
 * The workshop's own PostgreSQL, as the webapp reaches it (the compose file's postgres service:
 * its user, password and database; the published port on this machine). Used by `db top|explain`
 * and lesson 9's checks in both modes — with Datadog too, the database runs here.
 */
import pg from 'pg';
import { cmd } from '../base/command.js';
import { UserError } from '../base/user-error.js';
import { loadProject } from '../compose/load-project.js';
import type { WorkshopConfig } from '../config/workshop-config.js';
import { isConnectionRefused } from '../util/errors.js';
import {
  type DatabaseModules,
  databaseModules,
  type PlanSummary,
  type StatementRow,
} from './intake-modules.js';

export interface WorkshopDb {
  /** pg_stat_statements, every role's statements but the monitoring's own. */
  statements(): Promise<StatementRow[]>;
  /** The generic plan of a statement (`$1` parameters allowed), as the agent explains it. */
  explain(sql: string): Promise<PlanSummary>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  modules: DatabaseModules;
}

export async function workshopDbUrl(config: WorkshopConfig): Promise<string> {
  const model = await loadProject({ projectDir: config.projectDir, profiles: [], env: { ...config.vars } });
  const env = model.services.postgres?.environment ?? {};
  const url = new URL('postgres://127.0.0.1');
  url.hostname = new URL(config.webappUrl).hostname;
  url.port = String(config.ports.postgres);
  url.username = env.POSTGRES_USER ?? 'postgres';
  url.password = env.POSTGRES_PASSWORD ?? '';
  url.pathname = `/${env.POSTGRES_DB ?? url.username}`;
  return url.href;
}

/**
 * The same database as the monitoring role the agent's postgres check uses (the compose file's
 * INTAKE_POSTGRES_URL: `datadog`, with pg_monitor and datadog.explain_statement, no write
 * privilege). `db explain` runs as it: a statement can be explained, never run or written.
 */
export async function monitoringDbUrl(config: WorkshopConfig): Promise<string> {
  const model = await loadProject({
    projectDir: config.projectDir,
    profiles: ['offline'],
    env: { ...config.vars },
  });
  const declared = model.services.intake?.environment.INTAKE_POSTGRES_URL;
  if (!declared)
    throw new UserError(
      'docker-compose.yml names no monitoring role for the database (the intake’s INTAKE_POSTGRES_URL)',
      'Restore docker-compose.yml from the workshop.',
    );
  const url = new URL(await workshopDbUrl(config));
  const role = new URL(declared);
  url.username = role.username;
  url.password = role.password;
  return url.href;
}

async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: 3000,
    statement_timeout: 10_000,
  });
  try {
    await client.connect();
  } catch (error) {
    if (isConnectionRefused(error))
      throw new UserError(
        `Cannot reach the workshop's PostgreSQL on port ${new URL(url).port}`,
        `Start the stack: \`${cmd('up')}\`.`,
      );
    throw error;
  }
  try {
    return await run(client);
  } finally {
    await client.end().catch(() => {});
  }
}

export async function openWorkshopDb(config: WorkshopConfig): Promise<WorkshopDb> {
  const [url, monitorUrl, modules] = await Promise.all([
    workshopDbUrl(config),
    monitoringDbUrl(config),
    databaseModules(),
  ]);
  let explained = 0;
  return {
    modules,
    statements: () =>
      withClient(url, async (client) => {
        try {
          return await modules.readStatements(client, { excludeOwnRole: false });
        } catch (error) {
          if (/pg_stat_statements/.test((error as Error).message))
            throw new UserError(
              'pg_stat_statements is not available in the workshop database',
              `It is loaded by the compose file’s postgres command and created by docker/postgres/01-datadog.sql; recreate the database: \`${cmd('down --volumes')}\` then \`${cmd('up')}\`.`,
            );
          throw error;
        }
      }),
    explain: async (sql) => {
      const name = `dd_cli_${process.pid}_${explained++}`;
      return modules.summarizePlan(await modules.explainStatement(monitorUrl, sql, name));
    },
    query: (sql, params) => withClient(url, async (client) => (await client.query(sql, params)).rows),
  };
}
