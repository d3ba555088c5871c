/**
 * A student's side of the class: who they are in it (`.ddworkshop/class.json`, 0600), the outbox
 * every event goes into first (`class-outbox/`, a file per event: a command queueing while the
 * sender delivers never loses one, as rewriting one shared file could), its delivery — in order,
 * with the hub keeping each event once by its id, so a laptop off the Wi-Fi for ten minutes
 * delivers all of it when it is back — and the instructor's messages (`class-messages.json`).
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { isSecretName, redact } from '../base/redact.js';
import type { ClassEvent, Message } from './class-events.js';

export interface Membership {
  hub: string;
  student: string;
  token: string;
  name: string;
}

const files = (stateDir: string) => ({
  membership: join(stateDir, 'class.json'),
  outbox: join(stateDir, 'class-outbox'),
  messages: join(stateDir, 'class-messages.json'),
});

export async function readMembership(stateDir: string): Promise<Membership | undefined> {
  try {
    return JSON.parse(await readFile(files(stateDir).membership, 'utf8')) as Membership;
  } catch {
    return undefined;
  }
}

export async function writeMembership(stateDir: string, m: Membership): Promise<void> {
  await mkdir(stateDir, { recursive: true });
  await writeFile(files(stateDir).membership, `${JSON.stringify(m, null, 2)}\n`, { mode: 0o600 });
}

export async function forget(stateDir: string): Promise<void> {
  for (const f of Object.values(files(stateDir))) await rm(f, { force: true, recursive: true });
}

/** An event of this laptop, before it is queued: id and time are added here. */
export type NewEvent = Omit<ClassEvent, 'id' | 'at'>;

let queuedHere = 0;

/** Queued as a file of its own, named so that a listing is the order they happened in. */
export async function enqueue(stateDir: string, event: NewEvent, nowMs = Date.now()): Promise<void> {
  const full: ClassEvent = { id: randomUUID(), at: nowMs, ...event };
  const dir = files(stateDir).outbox;
  await mkdir(dir, { recursive: true });
  const name = `${String(nowMs).padStart(15, '0')}-${String(queuedHere++).padStart(6, '0')}-${full.id}.json`;
  // Written beside, then renamed: a sender never reads half an event.
  await writeFile(join(dir, `${name}.tmp`), JSON.stringify(full), { mode: 0o600 });
  await rename(join(dir, `${name}.tmp`), join(dir, name));
}

/** The events waiting, oldest first, each with the file it is kept in. */
export async function queued(stateDir: string): Promise<Array<{ file: string; event: ClassEvent }>> {
  const dir = files(stateDir).outbox;
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.json')).sort();
  const out: Array<{ file: string; event: ClassEvent }> = [];
  for (const name of names) {
    try {
      out.push({
        file: join(dir, name),
        event: JSON.parse(await readFile(join(dir, name), 'utf8')) as ClassEvent,
      });
    } catch {}
  }
  return out;
}

async function call(m: Membership, path: string, init: RequestInit, timeoutMs: number): Promise<Response> {
  return fetch(new URL(path, m.hub), {
    ...init,
    headers: { authorization: `Bearer ${m.token}`, 'content-type': 'application/json' },
    signal: AbortSignal.timeout(timeoutMs),
  });
}

/**
 * Sends what waits in the outbox, oldest first, in batches; what the hub took leaves the outbox
 * (events written meanwhile stay). Never throws: an unreachable hub leaves everything queued.
 */
export async function deliver(stateDir: string, timeoutMs = 3_000): Promise<{ sent: number; left: number }> {
  const m = await readMembership(stateDir);
  const waiting = await queued(stateDir);
  if (!m || waiting.length === 0) return { sent: 0, left: waiting.length };
  let sent = 0;
  for (let i = 0; i < waiting.length; i += 100) {
    const batch = waiting.slice(i, i + 100);
    const body = JSON.stringify({ events: batch.map((q) => q.event) });
    const ok = await call(m, '/api/events', { method: 'POST', body }, timeoutMs).then(
      (r) => r.ok,
      () => false,
    );
    if (!ok) break;
    // What the hub took leaves the outbox; events queued meanwhile are files of their own.
    for (const q of batch) await rm(q.file, { force: true });
    sent += batch.length;
  }
  return { sent, left: waiting.length - sent };
}

export async function readMessages(stateDir: string): Promise<{ messages: Message[]; shown: number }> {
  try {
    return JSON.parse(await readFile(files(stateDir).messages, 'utf8')) as {
      messages: Message[];
      shown: number;
    };
  } catch {
    return { messages: [], shown: 0 };
  }
}

/**
 * Fetches the instructor's new messages into the messages file; with `waitSec`, the hub holds the
 * request until one is posted (long-poll). The number fetched, or -1 when the hub did not answer;
 * never throws.
 */
export async function fetchMessages(stateDir: string, timeoutMs = 3_000, waitSec = 0): Promise<number> {
  const m = await readMembership(stateDir);
  if (!m) return 0;
  const known = await readMessages(stateDir);
  const after = known.messages.at(-1)?.n ?? 0;
  try {
    const wait = waitSec > 0 ? `&wait=${waitSec}` : '';
    const res = await call(
      m,
      `/api/messages?after=${after}${wait}`,
      { method: 'GET' },
      timeoutMs + waitSec * 1000,
    );
    if (!res.ok) return -1;
    const fresh = ((await res.json()) as { messages: Message[] }).messages;
    if (fresh.length === 0) return 0;
    await writeFile(
      files(stateDir).messages,
      JSON.stringify({ ...known, messages: [...known.messages, ...fresh].slice(-20) }),
    );
    return fresh.length;
  } catch {
    return -1;
  }
}

/** The instructor's messages not shown yet on this laptop, marked shown. */
export async function unseenMessages(stateDir: string): Promise<Message[]> {
  const known = await readMessages(stateDir);
  const fresh = known.messages.filter((m) => m.n > known.shown);
  if (fresh.length)
    await writeFile(
      files(stateDir).messages,
      JSON.stringify({ ...known, shown: fresh.at(-1)?.n ?? known.shown }),
    );
  return fresh;
}

/**
 * An event with nothing private left in its texts: the workshop's secrets (any `.env` or
 * environment value whose name looks secret) masked, the home folder written `~`. Pure.
 */
export function scrubbed(event: NewEvent, secrets: readonly string[], home: string): NewEvent {
  const clean = (t: string) => {
    const masked = redact(t, secrets);
    return home.length > 1 ? masked.split(home).join('~') : masked;
  };
  if (!event.failure) return event;
  return {
    ...event,
    failure: {
      title: clean(event.failure.title),
      ...(event.failure.message !== undefined ? { message: clean(event.failure.message) } : {}),
    },
  };
}

/** The values that must never leave: every variable whose name looks secret. */
export function secretValues(vars: Readonly<Record<string, string | undefined>>): string[] {
  return Object.entries(vars)
    .filter(([k, v]) => isSecretName(k) && typeof v === 'string' && v.length >= 8)
    .map(([, v]) => v as string);
}

/**
 * What every command calls to tell the class: queued first, then one short delivery attempt.
 * A laptop in no class does nothing; nothing here ever fails the command.
 */
export async function reportToClass(
  config: { stateDir: string; vars: Readonly<Record<string, string | undefined>> },
  event: NewEvent,
): Promise<void> {
  try {
    if (!(await readMembership(config.stateDir))) return;
    const secrets = secretValues({ ...process.env, ...config.vars });
    await enqueue(config.stateDir, scrubbed(event, secrets, homedir()));
    await deliver(config.stateDir, 1_500);
  } catch {}
}
