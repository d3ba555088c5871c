/**
 * Runs a scenario against the webapp. Closed model (default): the original's paced loop, each
 * request waits for the one before. Open model (`rate`): requests start on a fixed schedule
 * whatever the answers, latency counted from each request's intended start (no coordinated
 * omission), at most `concurrency` in flight; a start that finds no free slot is dropped.
 */
import { Pool } from 'undici';
import { runClosed } from './closed-model.js';
import { runOpen } from './open-model.js';
import { createRandom } from './random.js';
import type { RenderContext } from './render-request.js';
import type { RunOptions } from './run-options.js';
import { createSender, type Session } from './send.js';
import { Recorder } from './stats.js';

export type { RunOptions } from './run-options.js';

export interface RunResult {
  recorder: Recorder;
  elapsedSec: number;
  stopped: boolean;
}

export { requestStream, resolveArg } from './scenario-steps.js';

export async function runScenario(options: RunOptions): Promise<RunResult> {
  const recorder = options.recorder ?? new Recorder();
  const random = createRandom(options.seed);
  const ctx: RenderContext = {
    random,
    runId: `${options.seed.toString(36)}${Date.now().toString(36)}`,
    counter: { next: 1 },
  };
  const url = new URL(options.target);
  const pool = new Pool(url.origin, {
    connections: Math.max(1, options.concurrency),
    keepAliveTimeout: 10_000,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
  });
  const started = performance.now();
  const session: Session = {
    options,
    ctx,
    url,
    recorder,
    started,
    send: createSender(url, pool, recorder, options.signal),
  };
  try {
    if (options.rate) await runOpen(session, options.rate);
    else await runClosed(session, options.scenario, options.args);
  } finally {
    await pool.close().catch(() => {});
  }
  return {
    recorder,
    elapsedSec: (performance.now() - started) / 1000,
    stopped: options.signal?.aborted ?? false,
  };
}
