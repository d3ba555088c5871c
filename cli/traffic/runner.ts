/**
 * Runs a scenario against the webapp. Closed model (default): the original's paced loop, each
 * request waits for the one before. Open model (`rate`): requests start on a fixed schedule
 * whatever the answers, latency counted from each request's intended start (no coordinated
 * omission), at most `concurrency` in flight; a start that finds no free slot is dropped.
 */
import { Client, type Dispatcher, Pool } from 'undici';
import { createRandom } from './random.js';
import { type RenderContext, type RenderedRequest, renderRequest } from './render-request.js';
import type { Scenario, Step } from './scenario-model.js';
import { findScenario } from './scenarios.js';
import { Recorder } from './stats.js';

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

export interface RunResult {
  recorder: Recorder;
  elapsedSec: number;
  stopped: boolean;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

export function resolveArg(
  value: number | { arg: string },
  args: Record<string, number>,
  scenario: Scenario,
): number {
  if (typeof value === 'number') return value;
  return args[value.arg] ?? (scenario.arg?.name === value.arg ? scenario.arg.default : 0);
}

/** Every request of a scenario in order, pauses ignored: what the open model sends. */
export function* requestStream(
  scenario: Scenario,
  args: Record<string, number>,
  ctx: RenderContext,
): Generator<RenderedRequest> {
  for (const step of scenario.steps) yield* stepRequests(step, args, scenario, ctx);
}

function* stepRequests(
  step: Step,
  args: Record<string, number>,
  scenario: Scenario,
  ctx: RenderContext,
): Generator<RenderedRequest> {
  if (step.kind === 'scenario') {
    const inner = findScenario(step.name);
    if (inner) yield* requestStream(inner, step.args, ctx);
    return;
  }
  if (step.kind === 'sequence') {
    const count = resolveArg(step.count, args, scenario);
    for (let i = 0; i < count; i++) {
      const template =
        step.order === 'cycle' ? step.requests[i % step.requests.length] : ctx.random.pick(step.requests);
      if (template) yield renderRequest(template, ctx);
    }
    return;
  }
  // Batches are bounded by time, not count: endless here; the open model's duration ends them.
  for (;;) yield renderRequest(ctx.random.pick(step.requests), ctx);
}

function scenarioSeconds(scenario: Scenario, args: Record<string, number>): number | undefined {
  let total = 0;
  for (const step of scenario.steps) {
    if (step.kind === 'batches') total += resolveArg(step.seconds, args, scenario);
    if (step.kind === 'scenario')
      total +=
        scenarioSeconds(findScenario(step.name) ?? { name: '', description: '', steps: [] }, step.args) ?? 0;
  }
  return total > 0 ? total : undefined;
}

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
  const scale = options.timeScale ?? 1;
  const inflight = new Set<Promise<void>>();

  const basePath = url.pathname.replace(/\/$/, '');
  const failureName = (error: Error & { code?: string }) =>
    error.code === 'UND_ERR_HEADERS_TIMEOUT' || error.code === 'UND_ERR_BODY_TIMEOUT'
      ? 'timeout'
      : (error.code ?? error.name ?? 'error');

  // dispatch() with a bare handler: no promise chain or stream per response, so the generator
  // costs little more than the sockets themselves at tens of thousands of requests a second.
  const send = (req: RenderedRequest, intendedStart = performance.now(), via: Dispatcher = pool) =>
    new Promise<void>((resolve) => {
      let status = 0;
      via.dispatch(
        {
          method: req.method,
          path: `${basePath}${req.path}`,
          headers: req.body ? { 'content-type': 'application/json' } : {},
          body: req.body ?? null,
          ...(options.signal ? { signal: options.signal } : {}),
        },
        // The callback style undici's Pool validates; the body is read and dropped.
        {
          onConnect() {},
          onHeaders(statusCode) {
            status = statusCode;
            return true;
          },
          onData() {
            return true;
          },
          onComplete() {
            recorder.record(req.endpoint, status, (performance.now() - intendedStart) * 1000);
            resolve();
          },
          onError(error) {
            // A request cut short by Ctrl-C says nothing about the webapp: leave it out.
            if (!options.signal?.aborted)
              recorder.record(req.endpoint, failureName(error), (performance.now() - intendedStart) * 1000);
            resolve();
          },
        },
      );
    });

  const pause = (p: { min: number; max: number }) =>
    sleep(random.float(p.min, p.max) * 1000 * scale, options.signal);

  const runClosed = async (scenario: Scenario, args: Record<string, number>): Promise<void> => {
    for (const step of scenario.steps) {
      if (options.signal?.aborted) return;
      if (step.kind === 'scenario') {
        const inner = findScenario(step.name);
        if (inner) await runClosed(inner, step.args);
      } else if (step.kind === 'sequence') {
        const count = resolveArg(step.count, args, scenario);
        for (let i = 0; i < count && !options.signal?.aborted; i++) {
          const template =
            step.order === 'cycle' ? step.requests[i % step.requests.length] : random.pick(step.requests);
          if (template) await send(renderRequest(template, ctx));
          if (step.progressEvery && (i + 1) % step.progressEvery === 0)
            options.onLog?.(`${scenario.name}: ${i + 1}/${count} requests`);
          if (i < count - 1) await pause(step.pause);
        }
      } else if (step.pause.max === 0) {
        // No pause: `size` virtual users, each with its own keep-alive connection, sending its
        // next request as soon as one answers (no pool bookkeeping between them).
        const deadline = performance.now() + resolveArg(step.seconds, args, scenario) * 1000 * scale;
        const clients = Array.from(
          { length: step.size },
          () =>
            new Client(url.origin, {
              keepAliveTimeout: 10_000,
              headersTimeout: options.timeoutMs,
              bodyTimeout: options.timeoutMs,
            }),
        );
        try {
          await Promise.all(
            clients.map(async (client) => {
              while (performance.now() < deadline && !options.signal?.aborted) {
                await send(renderRequest(random.pick(step.requests), ctx), performance.now(), client);
              }
            }),
          );
        } finally {
          await Promise.all(clients.map((c) => c.close().catch(() => {})));
        }
      } else {
        const deadline = performance.now() + resolveArg(step.seconds, args, scenario) * 1000 * scale;
        while (performance.now() < deadline && !options.signal?.aborted) {
          const batch = Array.from({ length: step.size }, () =>
            renderRequest(random.pick(step.requests), ctx),
          );
          await Promise.all(batch.map((r) => send(r)));
          await pause(step.pause);
        }
      }
    }
  };

  const runOpen = async (rate: number): Promise<void> => {
    const stream = requestStream(options.scenario, options.args, ctx);
    const seconds = options.durationSec ?? scenarioSeconds(options.scenario, options.args);
    const endAt = seconds === undefined ? Number.POSITIVE_INFINITY : started + seconds * 1000;
    const intervalMs = 1000 / rate;
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
      const p = send(next.value, intended).finally(() => inflight.delete(p));
      inflight.add(p);
    }
    await Promise.all(inflight);
  };

  try {
    if (options.rate) await runOpen(options.rate);
    else await runClosed(options.scenario, options.args);
  } finally {
    await pool.close().catch(() => {});
  }
  return {
    recorder,
    elapsedSec: (performance.now() - started) / 1000,
    stopped: options.signal?.aborted ?? false,
  };
}
