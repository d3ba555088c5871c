/**
 * Runs a lesson's checks one after another (those marked `alongside` together with the one
 * before them) and collects one result per check. A check that
 * throws fails with its message; a check that hangs fails after its time limit; a check whose
 * precondition (`needs`) failed is skipped at once, with the reason.
 */
import { CLI } from '../base/command.js';
import { isConnectionRefused } from '../util/errors.js';
import { type CheckContext, CheckFailure, type LessonCheck } from './check-api.js';

export interface CheckResult {
  title: string;
  ok: boolean;
  /** Not run because a check it needs failed. */
  skipped?: boolean;
  /** Detail line on success, the failure message otherwise. */
  message?: string;
  hint?: string;
  durationMs: number;
}

export interface RunChecksOptions {
  timeoutMs?: number;
  /** Stop at the first failure (guided mode: one thing at a time). */
  bail?: boolean;
  onResult?: (result: CheckResult, index: number) => void;
  signal?: AbortSignal;
}

function withTimeout<T>(promise: Promise<T>, ms: number, title: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new CheckFailure(`"${title}" took longer than ${Math.round(ms / 1000)} s`)),
      ms,
    );
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

async function runOne(check: LessonCheck, ctx: CheckContext, timeoutMs: number): Promise<CheckResult> {
  const started = performance.now();
  try {
    const detail = await withTimeout(check.run(ctx), timeoutMs, check.title);
    const result: CheckResult = { title: check.title, ok: true, durationMs: performance.now() - started };
    if (detail) result.message = detail;
    return result;
  } catch (error) {
    const result: CheckResult = {
      title: check.title,
      ok: false,
      message: messageOf(error),
      durationMs: performance.now() - started,
    };
    if (error instanceof CheckFailure && error.hint) result.hint = error.hint;
    return result;
  }
}

/** Consecutive checks marked `alongside` run with the one before them; the rest one at a time. */
export function waves(checks: LessonCheck[]): number[][] {
  const out: number[][] = [];
  checks.forEach((check, i) => {
    const last = out.at(-1);
    if (check.alongside && last && !check.needs?.length) last.push(i);
    else out.push([i]);
  });
  return out;
}

export async function runChecks(
  checks: LessonCheck[],
  ctx: CheckContext,
  options: RunChecksOptions = {},
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const failedIds = new Map<string, string>();
  const runOrSkip = (check: LessonCheck): Promise<CheckResult> => {
    const blocker = check.needs?.find((id) => failedIds.has(id));
    if (!blocker) return runOne(check, ctx, options.timeoutMs ?? 120_000);
    return Promise.resolve({
      title: check.title,
      ok: false,
      skipped: true,
      message: `skipped: "${failedIds.get(blocker)}" must pass first`,
      durationMs: 0,
    });
  };
  for (const wave of waves(checks)) {
    if (options.signal?.aborted) break;
    const outcomes = await Promise.all(wave.map((i) => runOrSkip(checks[i] as LessonCheck)));
    // Reported in the lesson's order, whichever finished first.
    for (const [k, result] of outcomes.entries()) {
      const index = wave[k] as number;
      const check = checks[index] as LessonCheck;
      if (!result.ok && check.id) failedIds.set(check.id, check.title);
      results.push(result);
      options.onResult?.(result, index);
    }
    if (options.bail && outcomes.some((r) => !r.ok)) break;
  }
  return results;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) {
    if (isConnectionRefused(error))
      return `${error.message} (nothing is listening: is the stack up? ${CLI} status)`;
    return error.message;
  }
  return String(error);
}

export function allPassed(results: CheckResult[], total: number): boolean {
  return results.length === total && results.every((r) => r.ok);
}
