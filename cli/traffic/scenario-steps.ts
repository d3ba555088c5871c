/** A scenario's steps read as data: argument values, every request in order, total length. Pure. */
import { type RenderContext, type RenderedRequest, renderRequest } from './render-request.js';
import type { Scenario, Step } from './scenario-model.js';
import { findScenario } from './scenarios.js';

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

export function scenarioSeconds(scenario: Scenario, args: Record<string, number>): number | undefined {
  let total = 0;
  for (const step of scenario.steps) {
    if (step.kind === 'batches') total += resolveArg(step.seconds, args, scenario);
    if (step.kind === 'scenario')
      total +=
        scenarioSeconds(findScenario(step.name) ?? { name: '', description: '', steps: [] }, step.args) ?? 0;
  }
  return total > 0 ? total : undefined;
}
