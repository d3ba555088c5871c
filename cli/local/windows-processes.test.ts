import { afterEach, describe, expect, it } from 'vitest';
import { isSameProcess, processStartMs, UNKNOWN_START } from './process-identity.js';
import { parseWindowsProcesses, resetWindowsProcessTable, windowsProcessTable } from './windows-processes.js';

afterEach(resetWindowsProcessTable);

describe('parseWindowsProcesses', () => {
  it('reads Windows PowerShell 5.1 dates ("\\/Date(ms)\\/")', () => {
    const json =
      '[{"ProcessId":0,"CreationDate":null},{"ProcessId":4,"CreationDate":"\\/Date(1764748800000)\\/"},{"ProcessId":7120,"CreationDate":"\\/Date(1764752400123)\\/"}]';
    expect([...parseWindowsProcesses(json)]).toEqual([
      [4, 1764748800000],
      [7120, 1764752400123],
    ]);
  });

  it('reads PowerShell 7 dates (ISO 8601 with an offset) and a lone object', () => {
    const json = '{"ProcessId":7120,"CreationDate":"2026-12-03T10:00:00.1234567+01:00"}';
    expect(parseWindowsProcesses(json).get(7120)).toBe(Date.parse('2026-12-03T09:00:00.123Z'));
  });

  it('reads a date wrapped with its display properties', () => {
    const json =
      '[{"ProcessId":9,"CreationDate":{"value":"\\/Date(1000)\\/","DisplayHint":2,"DateTime":"x"}}]';
    expect(parseWindowsProcesses(json).get(9)).toBe(1000);
  });
});

describe('windowsProcessTable', () => {
  it('asks once for every pid while its answer is fresh', async () => {
    let calls = 0;
    const run = async () => {
      calls++;
      return '[{"ProcessId":1,"CreationDate":"\\/Date(5)\\/"}]';
    };
    expect((await windowsProcessTable(run))?.get(1)).toBe(5);
    expect((await windowsProcessTable(run))?.get(1)).toBe(5);
    expect(calls).toBe(1);
  });

  it('without PowerShell: undefined, and one warning however often it is asked', async () => {
    const warnings: string[] = [];
    const fail = async (): Promise<string> => {
      throw new Error('spawn powershell.exe ENOENT');
    };
    expect(await windowsProcessTable(fail, (m) => warnings.push(m))).toBeUndefined();
    resetWindowsProcessTable();
    expect(await windowsProcessTable(fail, (m) => warnings.push(m))).toBeUndefined();
    expect(warnings).toHaveLength(2); // reset forgets the warning too
    expect(warnings[0]).toMatch(/pid and health check/);
  });
});

describe('process identity as on Windows (no PowerShell here: the pid decides)', () => {
  const win = { host: { os: 'win32' as const, arch: 'x64', env: {}, root: false } };
  it('a live pid is ours; a dead one is not', async () => {
    expect(await processStartMs(process.pid, win)).toBe(UNKNOWN_START);
    expect(await isSameProcess(process.pid, 12345, win)).toBe(true);
    expect(await isSameProcess(2 ** 22 + 17, 12345, win)).toBe(false);
  });
});
