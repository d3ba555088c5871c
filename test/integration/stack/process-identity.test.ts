/**
 * Process identity without /proc: the local runtime tells its own processes from strangers by
 * the start time the OS reports. Real processes, read both through /proc and through `ps` (the
 * macOS path, forced here on Linux).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isSameProcess, processStartMs } from '../../../cli/local/process-identity.js';
import { isOurs, readPid, spawnDetached, stopProcess } from '../../../cli/local/processes.js';

const stateDir = mkdtempSync(join(tmpdir(), 'ddw-identity-'));
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

const sleeper = () => spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });

describe('process identity', () => {
  for (const usePs of [false, true]) {
    it(`reads the start time ${usePs ? 'through ps' : 'the default way'} and tells a reused pid apart`, async () => {
      const before = Date.now();
      const child = sleeper();
      await new Promise((r) => child.once('spawn', r));
      const pid = child.pid as number;
      const start = await processStartMs(pid, { usePs });
      expect(start).toBeDefined();
      expect(Math.abs((start as number) - before)).toBeLessThan(3_000);
      expect(await isSameProcess(pid, start, { usePs })).toBe(true);
      // Another program that got the same pid number started at another time.
      expect(await isSameProcess(pid, (start as number) - 60_000, { usePs })).toBe(false);
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      expect(await isSameProcess(pid, start, { usePs })).toBe(false);
      expect(await processStartMs(pid, { usePs })).toBeUndefined();
    });
  }

  it('spawnDetached records the start time; stopProcess stops only that process (ps path)', async () => {
    process.env.DDWORKSHOP_PROCESS_IDENTITY = 'ps';
    try {
      const record = await spawnDetached(
        stateDir,
        'sleeper',
        [process.execPath, '-e', 'setTimeout(() => {}, 60_000)'],
        {
          env: { PATH: process.env.PATH ?? '' },
          cwd: stateDir,
          configHash: 'x',
        },
      );
      expect(record.processStartMs).toBeGreaterThan(Date.now() - 10_000);
      expect(await isOurs(await readPid(stateDir, 'sleeper'))).toBe(true);
      // A record whose process has another start time is not ours: down leaves it alone.
      const stranger = { ...record, processStartMs: (record.processStartMs ?? 0) - 3_600_000 };
      expect(await isOurs(stranger)).toBe(false);
      expect(await stopProcess(stateDir, 'sleeper', 5_000)).toBe(true);
      expect(await isOurs(record)).toBe(false);
    } finally {
      delete process.env.DDWORKSHOP_PROCESS_IDENTITY;
    }
  });
});
