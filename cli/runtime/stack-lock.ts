/**
 * One command at a time changes the stack: setup, up and down take `.ddworkshop/stack.lock`
 * (created exclusively, holding the holder's pid, start time and command). A second one waits
 * for it, saying who holds it, and gives up with that name; a lock whose holder has died is
 * taken over.
 */
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../base/user-error.js';
import { isSameProcess, processStartMs } from '../local/process-identity.js';
import { pollUntil } from '../util/poll.js';

interface Holder {
  pid: number;
  startMs?: number;
  command: string;
}

export interface StackLock {
  release(): Promise<void>;
}

async function tryTake(file: string, me: Holder): Promise<Holder | undefined> {
  try {
    const handle = await open(file, 'wx');
    await handle.writeFile(JSON.stringify(me));
    await handle.close();
    return undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  try {
    const holder = JSON.parse(await readFile(file, 'utf8')) as Holder;
    if (await isSameProcess(holder.pid, holder.startMs)) return holder;
  } catch {
    // Unreadable or half-written by a holder that died mid-write: stale.
  }
  await rm(file, { force: true });
  return tryTake(file, me);
}

export async function lockStack(
  stateDir: string,
  command: string,
  { waitMs = 60_000, onWait }: { waitMs?: number; onWait?: (line: string) => void } = {},
): Promise<StackLock> {
  await mkdir(stateDir, { recursive: true });
  const file = join(stateDir, 'stack.lock');
  const startMs = await processStartMs(process.pid);
  const me: Holder = { pid: process.pid, command, ...(startMs !== undefined ? { startMs } : {}) };
  let holder: Holder | undefined;
  let told = false;
  const outcome = await pollUntil(
    async () => {
      holder = await tryTake(file, me);
      if (holder && !told) {
        onWait?.(`Waiting for \`${holder.command}\` (pid ${holder.pid}) to finish changing the stack…`);
        told = true;
      }
      return holder === undefined;
    },
    (taken) => taken,
    { deadline: Date.now() + waitMs, intervalMs: 500 },
  );
  if (!outcome.ok)
    throw new UserError(
      `Another command is changing the stack: \`${holder?.command}\` (pid ${holder?.pid})`,
      'Let it finish (or stop it), then run this again.',
    );
  return {
    async release() {
      await rm(file, { force: true });
    },
  };
}
