/** What a traffic run is asked to do (the runner's input; the sender reads its timeouts and log). */
import type { Scenario } from './scenario-model.js';
import type { Recorder } from './stats.js';

export interface RunOptions {
  target: string;
  scenario: Scenario;
  args: Record<string, number>;
  seed: number;
  /** Open model: requests per second. */
  rate?: number;
  concurrency: number;
  /** Open model: stop after this long (default: the scenario's own length). */
  durationSec?: number;
  /** Multiplies every pause (tests run scenarios at speed). */
  timeScale?: number;
  timeoutMs: number;
  signal?: AbortSignal;
  onLog?: (line: string) => void;
  /** Pass one in to read live statistics while the run goes on. */
  recorder?: Recorder;
}
