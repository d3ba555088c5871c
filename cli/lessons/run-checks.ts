/**
 * Runs a lesson's checks one after another and collects one result per check. A check that
 * throws fails with its message; a check that hangs fails after its time limit.
 */
import { type CheckContext, CheckFailure, type LessonCheck } from './check-api.js';

export interface CheckResult {
  title: string;
  ok: boolean;
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

export async function runChecks(
  checks: LessonCheck[],
  ctx: CheckContext,
  options: RunChecksOptions = {},
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const [index, check] of checks.entries()) {
    if (options.signal?.aborted) break;
    const started = performance.now();
    let result: CheckResult;
    try {
      const detail = await withTimeout(check.run(ctx), options.timeoutMs ?? 120_000, check.title);
      result = { title: check.title, ok: true, durationMs: performance.now() - started };
      if (detail) result.message = detail;
    } catch (error) {
      result = {
        title: check.title,
        ok: false,
        message: messageOf(error),
        durationMs: performance.now() - started,
      };
      if (error instanceof CheckFailure && error.hint) result.hint = error.hint;
    }
    results.push(result);
    options.onResult?.(result, index);
    if (!result.ok && options.bail) break;
  }
  return results;
}

function isRefused(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } } | undefined;
  return e?.code === 'ECONNREFUSED' || e?.cause?.code === 'ECONNREFUSED';
}

function messageOf(error: unknown): string {
  if (error instanceof Error) {
    if (isRefused(error))
      return `${error.message} (nothing is listening: is the stack up? ddworkshop status)`;
    return error.message;
  }
  return String(error);
}

export function allPassed(results: CheckResult[], total: number): boolean {
  return results.length === total && results.every((r) => r.ok);
}

/** Polls until the probe stops throwing; rethrows its last error when time runs out. */
export async function eventually<T>(
  probe: () => Promise<T>,
  { timeoutMs = 30_000, intervalMs = 1_000 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await probe();
    } catch (error) {
      // Nothing listening will not change by waiting: say so now rather than after the timeout.
      if (isRefused(error) || Date.now() + intervalMs > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
