/**
 * One command at a time changes the stack: a second waits, says who holds the lock, and gives
 * up naming it; a lock left by a process that died is taken over. Real processes and files.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lockStack } from '../../../cli/runtime/stack-lock.js';

const stateDir = mkdtempSync(join(tmpdir(), 'ddw-lock-'));
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

describe('the stack lock', () => {
  it('a second taker waits, names the holder, and gets the lock once it is released', async () => {
    const first = await lockStack(stateDir, 'setup');
    const said: string[] = [];
    const refused = await lockStack(stateDir, 'up', { waitMs: 1_200, onWait: (l) => said.push(l) }).catch(
      (e: unknown) => e,
    );
    expect((refused as Error).message).toBe(
      `Another command is changing the stack: \`setup\` (pid ${process.pid})`,
    );
    expect(said).toEqual([`Waiting for \`setup\` (pid ${process.pid}) to finish changing the stack…`]);
    const waiting = lockStack(stateDir, 'down', { waitMs: 10_000 });
    setTimeout(() => void first.release(), 300);
    const second = await waiting;
    await second.release();
  });

  it('a lock whose holder died is taken over at once', async () => {
    const child = spawn(process.execPath, ['-e', '0']);
    const pid = child.pid as number;
    await new Promise((r) => child.once('exit', r));
    writeFileSync(join(stateDir, 'stack.lock'), JSON.stringify({ pid, command: 'up' }));
    const started = Date.now();
    const lock = await lockStack(stateDir, 'up', { waitMs: 5_000 });
    expect(Date.now() - started).toBeLessThan(2_000);
    await lock.release();
  });
});
