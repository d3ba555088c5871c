/**
 * `class start|join|leave|sync|status`: the instructor's hub, and a student's membership with the
 * detached sender that drains the outbox and fetches the instructor's messages.
 */

import { readFile, writeFile } from 'node:fs/promises';
import { hostname, networkInterfaces } from 'node:os';
import { dirname, join } from 'node:path';
import chalk from 'chalk';
import { CLI } from '../base/command.js';
import { launcherPath } from '../base/launcher.js';
import { redactUrlPassword } from '../base/redact.js';
import { UserError } from '../base/user-error.js';
import { loadConfig } from '../config/load-config.js';
import { sleep } from '../util/poll.js';
import {
  deliver,
  fetchMessages,
  forget,
  queued,
  readMembership,
  readMessages,
  writeMembership,
} from './class-client.js';
import { fileStore } from './hub-file-store.js';
import { createHub, newClassCode, newToken } from './hub-server.js';
import type { HubStore } from './hub-store.js';
import { npmRegistryFor } from './npm-cache-plan.js';
import { servesNpmCache, startRoomNpmCache, warmRoomNpmCache } from './run-npm-cache.js';

const out = (line: string) => process.stdout.write(`${line}\n`);
const stateDir = async () => (await loadConfig()).stateDir;

/** The names the hub answers to: loopback, this machine's name, and its LAN addresses (or the one bound). */
export function advertisedHosts(
  bind: string,
  extra: string[],
  host = hostname(),
  nets = networkInterfaces(),
): string[] {
  const lan = Object.values(nets)
    .flat()
    .filter((n) => n && !n.internal && n.family === 'IPv4')
    .map((n) => n?.address as string);
  const all = bind === '0.0.0.0' || bind === '::' ? lan : [bind];
  return [...new Set(['localhost', '127.0.0.1', host, `${host}.local`, ...all, ...extra])];
}

/** The address students type: the one bound, else the first LAN address, else this machine's name. */
export function joinHost(bind: string, hosts: readonly string[]): string {
  if (bind !== '0.0.0.0' && bind !== '::') return bind;
  const lan = hosts.filter((h) => !['localhost', '127.0.0.1'].includes(h) && !h.endsWith('.local'));
  return lan.find((h) => /^\d/.test(h)) ?? lan[0] ?? '127.0.0.1';
}

interface HubKeys {
  code: string;
  instructorToken: string;
  /** The class's own PostgreSQL's password (keys files from before it have none: one is added). */
  dbPassword?: string;
}

async function hubKeys(dir: string): Promise<HubKeys & { dbPassword: string }> {
  const file = join(dir, 'class-hub-keys.json');
  const found = await readFile(file, 'utf8').then(
    (t) => JSON.parse(t) as HubKeys,
    () => undefined,
  );
  if (found?.dbPassword) return { ...found, dbPassword: found.dbPassword };
  const { newDbPassword } = await import('./class-postgres.js');
  const keys = { code: newClassCode(), instructorToken: newToken(), ...found, dbPassword: newDbPassword() };
  await writeFile(file, JSON.stringify(keys), { mode: 0o600 });
  return keys;
}

/**
 * The class's keys: DDWORKSHOP_CLASS_CODE and DDWORKSHOP_CLASS_INSTRUCTOR_TOKEN when set (hubs
 * sharing one database must share them), else this laptop's keys file.
 */
async function classKeys(dir: string): Promise<{ code: string; instructorToken: string }> {
  const code = process.env.DDWORKSHOP_CLASS_CODE;
  const instructorToken = process.env.DDWORKSHOP_CLASS_INSTRUCTOR_TOKEN;
  if (code && instructorToken) return { code: code.toUpperCase(), instructorToken };
  return hubKeys(dir);
}

/**
 * The class's store and what stops it: PostgreSQL by URL (hubs behind a load balancer share it),
 * else the laptop's own embedded PostgreSQL (a class kept in the file before is copied in once);
 * when that cannot start here, the file, said so.
 */
async function classStore(
  dir: string,
  database: string | undefined,
): Promise<{ store: HubStore; where: string; stop: () => Promise<void> }> {
  const { pgStore, importFileClass } = await import('./hub-pg-store.js');
  if (database) {
    try {
      return {
        store: await pgStore(database),
        where: `the database ${redactUrlPassword(database)}`,
        stop: async () => {},
      };
    } catch (error) {
      throw new UserError(
        `The class hub cannot use the database ${redactUrlPassword(database)}: ${(error as Error).message}`,
        'Check the URL (postgres://user:password@host:5432/db), and that the database answers from here.',
      );
    }
  }
  const { startClassPostgres } = await import('./class-postgres.js');
  const file = join(dir, 'class-hub.json');
  try {
    const local = await startClassPostgres(dir, (await hubKeys(dir)).dbPassword);
    const store = await pgStore(local.url);
    const imported = await importFileClass(local.url, file);
    if (imported) out(chalk.dim(`${imported} student(s) of ${file} copied into the class's PostgreSQL.`));
    return { store, where: "the class's PostgreSQL (.ddworkshop/class-db)", stop: local.stop };
  } catch (error) {
    out(
      `${chalk.yellow('!')} The class's PostgreSQL did not start (${(error as Error).message.split('\n')[0]}); the class is kept in ${file} instead.`,
    );
    return { store: fileStore(file), where: '.ddworkshop/class-hub.json', stop: async () => {} };
  }
}

export interface StartClassOptions {
  listen?: string;
  port?: string;
  host?: string[];
  database?: string;
  /** Serve the room's npm cache (verdaccio), with this registry as its uplink. */
  npmCache?: boolean;
  npmUplink?: string;
}

export async function startClass(options: StartClassOptions): Promise<void> {
  const dir = await stateDir();
  const { mkdir } = await import('node:fs/promises');
  await mkdir(dir, { recursive: true });
  const bind = options.listen ?? '0.0.0.0';
  // A hosted hub's public names come from the environment (DDWORKSHOP_CLASS_HOSTS, comma-separated).
  const envHosts = (process.env.DDWORKSHOP_CLASS_HOSTS ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  const hosts = advertisedHosts(bind, [...(options.host ?? []), ...envHosts]);
  const keys = await classKeys(dir);
  const database = options.database ?? process.env.DDWORKSHOP_CLASS_DATABASE_URL;
  const { store, where, stop: stopStore } = await classStore(dir, database);
  const { loadCourse } = await import('../lessons/course.js');
  const lessons = await loadCourse(dirname(dir))
    .then((course) => course.lessons.map((l) => l.slug))
    .catch(() => []);
  const npm = options.npmCache
    ? await startRoomNpmCache({
        stateDir: dir,
        workshopDir: dirname(dir),
        code: keys.code,
        uplink: options.npmUplink,
        say: out,
      })
    : undefined;
  const hub = createHub({
    bind,
    port: Number(options.port ?? 4321),
    hosts,
    ...keys,
    lessons,
    store,
    workshopDir: dirname(dir),
    ...(npm ? { npmCache: { port: npm.port, tarballs: npm.tarballs } } : {}),
  });
  const port = await hub.listen().catch((error: NodeJS.ErrnoException) => {
    throw new UserError(
      `The class hub cannot listen on ${bind}:${options.port ?? 4321}: ${error.code ?? error.message}`,
      'Choose another port: --port 4322',
    );
  });
  // Behind a load balancer, the address students use is the balancer's (DDWORKSHOP_CLASS_PUBLIC_URL).
  const url =
    process.env.DDWORKSHOP_CLASS_PUBLIC_URL?.replace(/\/+$/, '') || `http://${joinHost(bind, hosts)}:${port}`;
  out(chalk.bold('Class hub running.'));
  out(
    `Students join with:\n  ${chalk.cyan(`${CLI} class join ${url} --code ${keys.code} --name "Your name"`)}`,
  );
  out(`Class code: ${chalk.bold(keys.code)}`);
  out(
    `Your page (keep this link to yourself — it holds your token; ${CLI} class token shows it again):\n  http://127.0.0.1:${port}/?token=${keys.instructorToken}`,
  );
  out(
    `The workshop for a laptop without it (tracked files only, one download on the room's network):\n  ${url}/workshop.tar.gz?code=${keys.code}`,
  );
  if (npm)
    out(
      `Their install through the room's npm cache (instead of the README's npm ci --omit=dev):\n  ${chalk.cyan(`npm ci --omit=dev --registry ${npmRegistryFor(url, keys.code)}`)}`,
    );
  out(chalk.dim(`Answers only ${hosts.join(', ')}. Ctrl-C stops it; what it holds is kept in ${where}.`));
  // Ctrl-C during the warm ends it quietly: what is fetched by then is kept.
  const warming = new AbortController();
  if (npm) void warmRoomNpmCache(npm, warming.signal, out);
  await new Promise<void>((resolve) => {
    const stop = () => {
      warming.abort();
      void hub
        .close()
        .then(stopStore)
        .then(() => npm?.stop())
        .then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

export async function joinClass(url: string, options: { code: string; name: string }): Promise<void> {
  let hub: URL;
  try {
    hub = new URL(url);
  } catch {
    throw new UserError(`${url} is not the hub's address`, 'Copy the join command the instructor shows.');
  }
  const res = await fetch(new URL('/api/join', hub), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: options.code, name: options.name }),
    signal: AbortSignal.timeout(10_000),
  }).catch((error: Error) => {
    throw new UserError(
      `The class hub at ${hub.origin} does not answer (${causeOf(error)})`,
      lanAdvice(error),
    );
  });
  const body = (await res.json().catch(() => ({}))) as {
    student?: string;
    token?: string;
    name?: string;
    error?: string;
  };
  if (!res.ok || !body.token || !body.student)
    throw new UserError(
      `The class hub refused: ${body.error ?? res.status}`,
      'Check the class code with the instructor.',
    );
  const dir = await stateDir();
  await writeMembership(dir, {
    hub: hub.origin,
    student: body.student,
    token: body.token,
    name: body.name ?? options.name,
  });
  await startSender(dir);
  out(
    `${chalk.green('✔')} You joined the class as ${body.name ?? options.name}. Your lesson checks now reach the instructor (never your code or keys).`,
  );
  if (await servesNpmCache(hub, options.code))
    out(
      `With Docker, ${chalk.cyan(`NPM_REGISTRY=${npmRegistryFor(hub.origin, options.code.toUpperCase())}`)} in .env makes the image builds download from the hub too.`,
    );
  out(chalk.dim(`${CLI} class leave stops it.`));
}

/** The detached sender (`class sync`), pid-tracked; DDWORKSHOP_CLASS_SENDER=0 leaves it to the caller. */
async function startSender(dir: string): Promise<void> {
  if (process.env.DDWORKSHOP_CLASS_SENDER === '0') return;
  const { spawnDetached, stopProcess } = await import('../local/processes.js');
  await stopProcess(dir, 'class-sync', 2_000);
  await spawnDetached(dir, 'class-sync', [process.execPath, launcherPath(), 'class', 'sync'], {
    env: Object.fromEntries(
      Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined),
    ),
    cwd: process.cwd(),
    configHash: '',
  });
}

export async function leaveClass(): Promise<void> {
  const dir = await stateDir();
  const { stopProcess } = await import('../local/processes.js');
  await stopProcess(dir, 'class-sync', 2_000);
  const { left } = await deliver(dir, 3_000);
  await forget(dir);
  out(
    `${chalk.green('✔')} You left the class${left ? ` (${left} event(s) were not delivered and are dropped)` : ''}.`,
  );
}

/**
 * The sender, while this laptop is in a class: drains the outbox, then waits on the hub for the
 * instructor's next message (a long-poll of up to 15 s, so a broadcast arrives at once); when the
 * hub does not answer, it tries again after a few seconds.
 */
export async function syncClass(options: { once?: boolean }): Promise<void> {
  const dir = await stateDir();
  for (;;) {
    if (!(await readMembership(dir))) return;
    await deliver(dir);
    if (options.once) {
      await fetchMessages(dir);
      return;
    }
    if ((await fetchMessages(dir, 3_000, 15)) < 0) await sleep(4_000);
  }
}

export async function classStatus(): Promise<void> {
  const dir = await stateDir();
  const m = await readMembership(dir);
  if (!m) {
    out(`Not in a class. ${CLI} class join <url> --code <code> --name "Your name" joins one.`);
    return;
  }
  const waiting = (await queued(dir)).length;
  out(`In the class at ${m.hub} as ${m.name}; ${waiting} event(s) waiting to be sent.`);
  for (const msg of (await readMessages(dir)).messages.slice(-3))
    out(`  ${chalk.cyan('instructor:')} ${msg.text}`);
}

const causeOf = (error: Error) =>
  (error.cause as NodeJS.ErrnoException | undefined)?.code ?? error.name ?? error.message;

/** What stops a laptop reaching a hub on a LAN, from how the connection failed. Pure. */
export function lanAdvice(error: Error): string {
  const code = causeOf(error);
  if (code === 'ECONNREFUSED')
    return "Nothing listens there: check the port, and that the instructor's hub is running (ddw class start).";
  if (code === 'TimeoutError' || code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT')
    return "No answer at all: venue Wi-Fi often keeps laptops from reaching each other (client isolation), or the instructor's firewall asked whether to allow node — allow it, or use the instructor's phone hotspot.";
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
    return 'That address is not on your network: join the same Wi-Fi as the instructor, and copy the join command again.';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return 'That name does not resolve here: use the address the instructor shows (numbers).';
  return "Check the address, and that you are on the room's network.";
}

export async function showInstructorLink(): Promise<void> {
  const dir = await stateDir();
  const keys = await readFile(join(dir, 'class-hub-keys.json'), 'utf8').then(
    (t) => JSON.parse(t) as { code: string; instructorToken: string },
    () => undefined,
  );
  if (!keys)
    throw new UserError('No class hub was started in this workshop folder', `${CLI} class start starts one.`);
  out(`Class code: ${keys.code}`);
  out(
    `Your page: http://127.0.0.1:<port>/?token=${keys.instructorToken} (the port class start printed, 4321 by default)`,
  );
}

export async function endClass(options: { delete?: boolean }): Promise<void> {
  const dir = await stateDir();
  if (!options.delete) {
    out(
      `Stop the hub with Ctrl-C where it runs. ${CLI} class end --delete also removes the students, their events and the keys.`,
    );
    return;
  }
  const { rm } = await import('node:fs/promises');
  await (await import('./class-postgres.js')).stopClassPostgres(dir);
  for (const f of [
    'class-hub.json',
    'class-hub.json.imported',
    'class-hub-keys.json',
    'class-db',
    'class-db.log',
    // verdaccio's settings carry the code; the packages it keeps are no one's data and stay.
    join('class-npm', 'config.yaml'),
  ])
    await rm(join(dir, f), { recursive: true, force: true });
  out(`${chalk.green('✔')} The class's data is deleted; the next class start makes a new code and token.`);
}
