/**
 * Product ids for lesson checks: a small range of their own (9900–9999, far from the traffic's
 * 1–10 and the lesson examples), a fresh one per run, so a run never counts an earlier run's
 * purchases and a real Datadog account gains at most 100 series per metric from checks
 * (custom metrics are billed by series).
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const CHECK_IDS = { first: 9900, count: 100 } as const;

/** The id after `last`, wrapping inside the range. Pure. */
export function nextCheckId(last: number | undefined): number {
  const offset = last === undefined ? 0 : (last - CHECK_IDS.first + 1) % CHECK_IDS.count;
  return CHECK_IDS.first + Math.max(offset, 0);
}

/** Takes the next id and records it in `.ddworkshop/check-ids.json` (written aside, then renamed). */
export async function takeCheckId(stateDir: string): Promise<number> {
  const file = join(stateDir, 'check-ids.json');
  let last: number | undefined;
  try {
    const n = (JSON.parse(await readFile(file, 'utf8')) as { last?: unknown }).last;
    if (typeof n === 'number' && n >= CHECK_IDS.first && n < CHECK_IDS.first + CHECK_IDS.count) last = n;
  } catch {
    // No file yet, or a broken one: start the range again; ids only need to differ from recent runs'.
  }
  const id = nextCheckId(last);
  await mkdir(stateDir, { recursive: true });
  await writeFile(`${file}.tmp`, `${JSON.stringify({ last: id })}\n`);
  await rename(`${file}.tmp`, file);
  return id;
}

/** The start of the 10 s bucket that holds `ms`: DogStatsD's flush interval and Datadog's resolution. */
export function bucketStart(ms: number): number {
  return Math.floor(ms / 10_000) * 10_000;
}
