/**
 * Detached child processes the local runtime starts, tracked by pid files under
 * `.ddworkshop/local/`. A pid is ours only while the OS reports the start time we recorded,
 * so `down` never signals a process that merely reused the number (macOS, Windows, Linux).
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pollUntil } from '../util/poll.js';
import { isSameProcess, processStartMs } from './process-identity.js';

export interface PidRecord {
  pid: number;
  command: string[];
  /** Hash of what the process was started with, to tell a changed service from an unchanged one. */
  configHash: string;
  startedAt: string;
  /** When the OS says the process started (epoch ms): a reused pid has another start time. */
  processStartMs?: number;
}

export function stateFiles(stateDir: string, service: string) {
  const dir = join(stateDir, 'local');
  return { dir, pid: join(dir, `${service}.pid.json`), log: join(dir, `${service}.log`) };
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
  const [file = '', ...args] = command;
  // Node's spawn, not execa: its types refuse a file descriptor number for stdout/stderr, which is
  // what lets the detached process keep writing its log after this command exits.
  const child = spawn(file, args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', log, log],
    ...(options.uid !== undefined ? { uid: options.uid, gid: options.gid } : {}),
  });
  closeSync(log);
  const pid = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('spawn', () => resolve(child.pid as number));
  });
  child.unref();
  const record: PidRecord = {
    pid,
    command,
    configHash: options.configHash,
    startedAt: new Date().toISOString(),
  };
  const started = await processStartMs(pid);
  if (started !== undefined) record.processStartMs = started;
  await writeFile(files.pid, `${JSON.stringify(record)}\n`);
  return record;
}

/** SIGTERM, then SIGKILL after the grace period; removes the pid file. */
export async function stopProcess(stateDir: string, service: string, graceMs = 10_000): Promise<boolean> {
  const record = await readPid(stateDir, service);
  const stopped = record !== undefined && (await isOurs(record));
  if (stopped) await terminate(record, graceMs);
  await rm(stateFiles(stateDir, service).pid, { force: true });
  return stopped;
}

/** SIGTERM, then SIGKILL after the grace period; resolves once the process is gone. */
export async function terminate(record: PidRecord, graceMs = 10_000): Promise<void> {
  try {
    process.kill(record.pid, 'SIGTERM');
  } catch {}
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
