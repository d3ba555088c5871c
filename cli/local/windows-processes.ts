/**
 * Process start times on Windows, for all our pids at once. pidusage asks WMIC or PowerShell once
 * per call there (about a second each), and the runtime looks every 25–50 ms while it waits for a
 * service: so one PowerShell query lists every process's start time, and its answer is kept a
 * few seconds. A start time never changes; liveness is `process.kill(pid, 0)`, which is cheap.
 */
import { execa } from 'execa';

export const WINDOWS_PROCESS_QUERY =
  'Get-CimInstance Win32_Process | Select-Object ProcessId,CreationDate | ConvertTo-Json -Compress';

/**
 * ConvertTo-Json's answer: Windows PowerShell 5.1 writes a date as "\/Date(ms)\/", PowerShell 7
 * as an ISO 8601 string; one process comes as an object, not a list.
 */
export function parseWindowsProcesses(json: string): Map<number, number> {
  const parsed = JSON.parse(json) as unknown;
  const rows = (Array.isArray(parsed) ? parsed : [parsed]) as Array<{
    ProcessId?: unknown;
    CreationDate?: unknown;
  }>;
  const table = new Map<number, number>();
  for (const row of rows) {
    const start = creationMs(row?.CreationDate);
    if (typeof row?.ProcessId === 'number' && start !== undefined) table.set(row.ProcessId, start);
  }
  return table;
}

function creationMs(value: unknown): number | undefined {
  if (typeof value === 'object' && value !== null && 'DateTime' in value)
    return creationMs((value as { value?: unknown }).value);
  if (typeof value !== 'string') return undefined;
  const legacy = /^\/Date\((-?\d+)\)\/$/.exec(value);
  if (legacy) return Number(legacy[1]);
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

const KEEP_MS = 5_000;
let cached: { at: number; table: Promise<Map<number, number> | undefined> } | undefined;
let warned = false;

/** Every process's start time, or undefined where PowerShell cannot answer (then: one warning). */
export function windowsProcessTable(
  run: () => Promise<string> = () =>
    execa('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', WINDOWS_PROCESS_QUERY], {
      timeout: 15_000,
      windowsHide: true,
    }).then((r) => r.stdout),
  warn: (message: string) => void = (m) => process.stderr.write(`${m}\n`),
): Promise<Map<number, number> | undefined> {
  if (cached && Date.now() - cached.at < KEEP_MS) return cached.table;
  const table = run()
    .then(parseWindowsProcesses)
    .catch(() => {
      if (!warned)
        warn(
          '! Could not list processes through PowerShell: services are told apart by pid and health check only.',
        );
      warned = true;
      return undefined;
    });
  cached = { at: Date.now(), table };
  return table;
}

/** For tests: forget the kept answer and the warning. */
export function resetWindowsProcessTable(): void {
  cached = undefined;
  warned = false;
}
