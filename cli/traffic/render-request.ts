/** Turns a request template into a concrete request. Pure, given the random source. */
import type { Random } from './random.js';
import type { Gen, RequestTemplate } from './scenario-model.js';

export interface RenderedRequest {
  method: 'GET' | 'POST';
  /** Path with query string. */
  path: string;
  /** `GET /delay`: what the statistics group by (no query, no ids). */
  endpoint: string;
  body?: string;
}

export interface RenderContext {
  random: Random;
  /** Makes `unique` values unique within a run and across runs. */
  runId: string;
  counter: { next: number };
}

export function generate(gen: Gen, ctx: RenderContext): string | number {
  if (typeof gen === 'string' || typeof gen === 'number') return gen;
  if ('int' in gen) return ctx.random.int(gen.int[0], gen.int[1]);
  if ('float' in gen) {
    const factor = 10 ** (gen.decimals ?? 2);
    return Math.round(ctx.random.float(gen.float[0], gen.float[1]) * factor) / factor;
  }
  if ('pick' in gen) return ctx.random.pick(gen.pick);
  return `${gen.unique}_${ctx.runId}_${ctx.counter.next++}`;
}

/** Templates with nothing random render the same every time: render them once. */
const fixed = new WeakMap<RequestTemplate, RenderedRequest>();

function isFixed(template: RequestTemplate): boolean {
  const values = [...Object.values(template.query ?? {}), ...Object.values(template.body ?? {})];
  return values.every((g) => typeof g === 'string' || typeof g === 'number');
}

export function renderRequest(template: RequestTemplate, ctx: RenderContext): RenderedRequest {
  const cached = fixed.get(template);
  if (cached) return cached;
  const rendered = render(template, ctx);
  if (isFixed(template)) fixed.set(template, rendered);
  return rendered;
}

function render(template: RequestTemplate, ctx: RenderContext): RenderedRequest {
  const params = new URLSearchParams();
  for (const [k, g] of Object.entries(template.query ?? {})) params.set(k, String(generate(g, ctx)));
  const query = params.toString();
  const out: RenderedRequest = {
    method: template.method,
    path: query ? `${template.path}?${query}` : template.path,
    endpoint: `${template.method} ${template.path}`,
  };
  if (template.body) {
    const body: Record<string, string | number> = {};
    for (const [k, g] of Object.entries(template.body)) body[k] = generate(g, ctx);
    for (const [k, pattern] of Object.entries(template.derived ?? {})) {
      body[k] = pattern.replace(/\{(\w+)\}/g, (_, name: string) => String(body[name] ?? ''));
    }
    out.body = JSON.stringify(body);
  }
  return out;
}
