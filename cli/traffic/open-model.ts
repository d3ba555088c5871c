/**
 * The open model (`--rate`): requests start on a fixed schedule whatever the answers, latency
 * counted from each request's intended start (no coordinated omission), at most `concurrency`
 * in flight; a start that finds no free slot is dropped and counted.
 */
import { sleep } from '../util/poll.js';
import { requestStream, scenarioSeconds } from './scenario-steps.js';
import type { Session } from './send.js';

export async function runOpen(s: Session, rate: number): Promise<void> {
  const { options, started, recorder } = s;
  const stream = requestStream(options.scenario, options.args, s.ctx);
  const seconds = options.durationSec ?? scenarioSeconds(options.scenario, options.args);
  const endAt = seconds === undefined ? Number.POSITIVE_INFINITY : started + seconds * 1000;
  const intervalMs = 1000 / rate;
  const inflight = new Set<Promise<void>>();
  for (let i = 0; !options.signal?.aborted; i++) {
    const intended = started + i * intervalMs;
    if (intended >= endAt) break;
    const wait = intended - performance.now();
    if (wait > 1) await sleep(wait, options.signal);
    if (options.signal?.aborted) break;
    const next = stream.next();
    if (next.done) break;
    if (inflight.size >= options.concurrency) {
      recorder.dropped++;
      continue;
    }
    const p = s.send(next.value, intended).finally(() => inflight.delete(p));
    inflight.add(p);
  }
  await Promise.all(inflight);
}
