/**
 * Detached child processes the local runtime starts, tracked by pid files under
 * `.ddworkshop/local/`. A pid is ours only while the OS reports the start time we recorded,
 * so `down` never signals a process that merely reused the number (macOS, Windows, Linux).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { currentHost, type Host } from '../platform/host.js';
import { pollUntil } from '../util/poll.js';
import { isSameProcess, processStartMs } from './process-identity.js';
import { requestStop } from './stop-request.js';

export interface PidRecord {
  pid: number;
  command: string[];
  /** Hash of what the process was started with, to tell a changed service from an unchanged one. */
  configHash: string;
  startedAt: string;
  /** When the OS says the process started (epoch ms): a reused pid has another start time. */
  processStartMs?: number;
  /** A Node service's stop line (bin/service-control.cjs): its per-start token and port file. */
  control?: { token: string; file: string };
}

export function stateFiles(stateDir: string, service: string) {
  const dir = join(stateDir, 'local');
  return {
    dir,
    pid: join(dir, `${service}.pid.json`),
    log: join(dir, `${service}.log`),
    control: join(dir, `${service}.control.json`),
  };
}

/** bin/service-control.cjs, found from cli/local (tests) or dist/cli/local (the built CLI). */
const CONTROL_HOOK = [2, 3]
  .map((up) => join(import.meta.dirname, ...Array<string>(up).fill('..'), 'bin', 'service-control.cjs'))
  .find((path) => existsSync(path));

/** A Node service gets the stop line preloaded, with a token only this start knows. */
function withControl(command: string[], env: Record<string, string>, controlFile: string) {
  const [file = ''] = command;
  if (file !== process.execPath || !CONTROL_HOOK) return { command, env };
  const token = randomBytes(24).toString('hex');
  return {
    command: [file, '--require', CONTROL_HOOK, ...command.slice(1)],
    env: { ...env, DDWORKSHOP_CONTROL_TOKEN: token, DDWORKSHOP_CONTROL_FILE: controlFile },
    control: { token, file: controlFile },
  };
}

export async function readPid(stateDir: string, service: string): Promise<PidRecord | undefined> {
  try {
    return JSON.parse(await readFile(stateFiles(stateDir, service).pid, 'utf8')) as PidRecord;
  } catch {
    return undefined;
  }
}

/** Alive and still the process we started: its start time is the one recorded (portable). */
export async function isOurs(record: PidRecord | undefined): Promise<boolean> {
  return record ? isSameProcess(record.pid, record.processStartMs) : false;
}

export async function spawnDetached(
  stateDir: string,
  service: string,
  command: string[],
  options: { env: Record<string, string>; cwd: string; configHash: string; uid?: number; gid?: number },
): Promise<PidRecord> {
  const files = stateFiles(stateDir, service);
  await mkdir(files.dir, { recursive: true });
  const log = openSync(files.log, 'a');
  await rm(files.control, { force: true });
  const launch = withControl(command, options.env, files.control);
  const [file = '', ...args] = launch.command;
  // Node's spawn, not execa: its types refuse a file descriptor number for stdout/stderr, which is
  // what lets the detached process keep writing its log after this command exits.
  const child = spawn(file, args, {
    cwd: options.cwd,
    env: launch.env,
    detached: true,
    // No console window per process on Windows.
    windowsHide: true,
    stdio: ['ignore', log, log],
    ...(options.uid !== undefined ? { uid: options.uid, gid: options.gid } : {}),
  });
  closeSync(log);
  const pid = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('spawn', () => resolve(child.pid as number));
  });
  child.unref();
  return recordProcess(stateDir, service, pid, command, options.configHash, launch.control);
}

/** Writes the pid file of a process started here (or by pg_ctl on our behalf). */
export async function recordProcess(
  stateDir: string,
  service: string,
  pid: number,
  command: string[],
  configHash: string,
  control?: PidRecord['control'],
): Promise<PidRecord> {
  const record: PidRecord = { pid, command, configHash, startedAt: new Date().toISOString() };
  const started = await processStartMs(pid);
  if (started !== undefined) record.processStartMs = started;
  if (control) record.control = control;
  await writeFile(stateFiles(stateDir, service).pid, `${JSON.stringify(record)}\n`);
  return record;
}

/** Asks to stop, then kills after the grace period; removes the pid file. */
export async function stopProcess(
  stateDir: string,
  service: string,
  graceMs = 10_000,
  host: Host = currentHost(),
): Promise<boolean> {
  const record = await readPid(stateDir, service);
  const stopped = record !== undefined && (await isOurs(record));
  if (stopped) await terminate(record, graceMs, host);
  await rm(stateFiles(stateDir, service).pid, { force: true });
  await rm(stateFiles(stateDir, service).control, { force: true });
  return stopped;
}

/**
 * Asks the process to stop — SIGTERM, or on Windows (where a signal to another process is a
 * hard kill) its stop line — then kills it after the grace period; resolves once it is gone.
 */
export async function terminate(
  record: PidRecord,
  graceMs = 10_000,
  host: Host = currentHost(),
): Promise<void> {
  const asked = host.os === 'win32' && record.control ? await requestStop(record.control) : false;
  // Not asked (POSIX, or no stop line): SIGTERM — on Windows that is the hard kill, as before.
  if (!asked) {
    try {
      process.kill(record.pid, 'SIGTERM');
    } catch {}
  }
  await pollUntil(
    async () => !(await isOurs(record)),
    (gone) => gone,
    {
      deadline: Date.now() + graceMs,
      // A restart after a save waits on this: a process that stopped is seen within 25 ms.
      intervalMs: 25,
    },
  );
  if (await isOurs(record)) {
    try {
      process.kill(record.pid, 'SIGKILL');
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
}
