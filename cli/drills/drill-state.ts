/**
 * The drill running (or the last one): `.ddworkshop/drill.json`, what `drill` commands read and
 * write, and the one line `learn` shows of it. No import of the lessons: learn reads it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cmd } from '../base/command.js';

export interface DrillState {
  name: string;
  seed: number;
  startedAt: string;
  flags: Record<string, number | string | boolean>;
  tries: number;
  solvedAt?: string;
  stoppedAt?: string;
  /** The dropped index's definition, to create it again as it was. */
  droppedIndex?: string;
  /** The monitor the drill pushed, deleted at stop. */
  monitorId?: number;
  /** Hints of the drill shown so far. */
  hintsShown?: number;
  /** The first look that touched the fault (offline): the time to detect. */
  detected?: { at: string; kind: string; text: string };
}

const stateFile = (stateDir: string) => join(stateDir, 'drill.json');

export async function readState(c: { stateDir: string }): Promise<DrillState | undefined> {
  try {
    return JSON.parse(await readFile(stateFile(c.stateDir), 'utf8')) as DrillState;
  } catch {
    return undefined;
  }
}

export const saveState = (c: { stateDir: string }, s: DrillState) =>
  writeFile(stateFile(c.stateDir), `${JSON.stringify(s, null, 2)}\n`);
export const running = (s: DrillState | undefined): s is DrillState => Boolean(s && !s.stoppedAt);
export const minutes = (ms: number) => `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;

/** The drill as one line for `learn`: running (and for how long), or solved; nothing once stopped. */
export function drillSummary(s: DrillState | undefined, nowMs: number): string | undefined {
  if (!running(s)) return undefined;
  const started = Date.parse(s.startedAt);
  if (s.solvedAt)
    return `Drill ${s.name}: solved in ${minutes(Date.parse(s.solvedAt) - started)} — ${cmd('drill stop')} removes the fault.`;
  return `Drill ${s.name} running for ${minutes(nowMs - started)} — ${cmd('drill answer')} once you have found the cause.`;
}
