/**
 * The closed model: the original workshop's paced loop. Each step of the scenario in order;
 * a request waits for the one before, with the scenario's pauses between.
 */
import { Client } from 'undici';
import { sleep } from '../util/poll.js';
import { renderRequest } from './render-request.js';
import type { Scenario, Step } from './scenario-model.js';
import { resolveArg } from './scenario-steps.js';
import { findScenario } from './scenarios.js';
import type { Session } from './send.js';

type StepOf<K extends Step['kind']> = Extract<Step, { kind: K }>;

const aborted = (s: Session) => s.options.signal?.aborted ?? false;

function pause(s: Session, p: { min: number; max: number }): Promise<void> {
  return sleep(s.ctx.random.float(p.min, p.max) * 1000 * (s.options.timeScale ?? 1), s.options.signal);
}

async function runSequence(
  s: Session,
  step: StepOf<'sequence'>,
  scenario: Scenario,
  args: Record<string, number>,
) {
  const count = resolveArg(step.count, args, scenario);
  for (let i = 0; i < count && !aborted(s); i++) {
    const template =
      step.order === 'cycle' ? step.requests[i % step.requests.length] : s.ctx.random.pick(step.requests);
    if (template) await s.send(renderRequest(template, s.ctx));
    if (step.progressEvery && (i + 1) % step.progressEvery === 0)
      s.options.onLog?.(`${scenario.name}: ${i + 1}/${count} requests`);
    if (i < count - 1) await pause(s, step.pause);
  }
}

/**
 * No pause: `size` virtual users, each with its own keep-alive connection, sending its next
 * request as soon as one answers (no pool bookkeeping between them).
 */
async function runVirtualUsers(s: Session, step: StepOf<'batches'>, deadline: number) {
  const clients = Array.from(
    { length: step.size },
    () =>
      new Client(s.url.origin, {
        keepAliveTimeout: 10_000,
        headersTimeout: s.options.timeoutMs,
        bodyTimeout: s.options.timeoutMs,
      }),
  );
  try {
    await Promise.all(
      clients.map(async (client) => {
        while (performance.now() < deadline && !aborted(s))
          await s.send(renderRequest(s.ctx.random.pick(step.requests), s.ctx), performance.now(), client);
      }),
    );
  } finally {
    await Promise.all(clients.map((c) => c.close().catch(() => {})));
  }
}

/** Batches of `size` parallel requests, waiting for each batch, then the pause. */
async function runBatches(
  s: Session,
  step: StepOf<'batches'>,
  scenario: Scenario,
  args: Record<string, number>,
) {
  const deadline =
    performance.now() + resolveArg(step.seconds, args, scenario) * 1000 * (s.options.timeScale ?? 1);
  if (step.pause.max === 0) return runVirtualUsers(s, step, deadline);
  while (performance.now() < deadline && !aborted(s)) {
    const batch = Array.from({ length: step.size }, () =>
      renderRequest(s.ctx.random.pick(step.requests), s.ctx),
    );
    await Promise.all(batch.map((r) => s.send(r)));
    await pause(s, step.pause);
  }
}

export async function runClosed(s: Session, scenario: Scenario, args: Record<string, number>): Promise<void> {
  for (const step of scenario.steps) {
    if (aborted(s)) return;
    if (step.kind === 'scenario') {
      const inner = findScenario(step.name);
      if (inner) await runClosed(s, inner, step.args);
    } else if (step.kind === 'sequence') await runSequence(s, step, scenario, args);
    else await runBatches(s, step, scenario, args);
  }
}
