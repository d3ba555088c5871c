/**
 * The one "ask again until it is true or time runs out" of the CLI: stack waits, verify and
 * lesson checks all poll through here. Cancellable (an AbortSignal ends the wait at once), and
 * the deadline is handed to each probe so no inner wait outlives the outer one.
 */
export interface PollOptions {
  /** Epoch ms after which no new attempt starts. */
  deadline: number;
  signal?: AbortSignal;
  /** Pause before attempt n+1 (ms); a function for backoff. */
  intervalMs: number | ((attempt: number, error: unknown) => number);
  /** Errors that waiting will not cure (nothing listening, a refused key): rethrown at once. */
  isFinal?: (error: unknown) => boolean;
}

export type PollOutcome<T> =
  | { ok: true; value: T; attempts: number }
  | { ok: false; reason: 'deadline' | 'aborted'; value?: T; error?: unknown; attempts: number };

export interface Attempt {
  attempt: number;
  deadline: number;
  signal?: AbortSignal;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, Math.max(0, ms));
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export async function pollUntil<T>(
  probe: (attempt: Attempt) => Promise<T>,
  done: (value: T) => boolean,
  options: PollOptions,
): Promise<PollOutcome<T>> {
  let value: T | undefined;
  let error: unknown;
  let hasValue = false;
  for (let attempt = 1; ; attempt++) {
    if (options.signal?.aborted) return stopped('aborted', attempt - 1);
    try {
      value = await probe({ attempt, deadline: options.deadline, signal: options.signal });
      hasValue = true;
      error = undefined;
      if (done(value)) return { ok: true, value, attempts: attempt };
    } catch (e) {
      if (options.isFinal?.(e)) throw e;
      error = e;
    }
    const pause =
      typeof options.intervalMs === 'function' ? options.intervalMs(attempt, error) : options.intervalMs;
    if (Date.now() + pause > options.deadline) return stopped('deadline', attempt);
    await sleep(pause, options.signal);
  }

  function stopped(reason: 'deadline' | 'aborted', attempts: number): PollOutcome<T> {
    const out: PollOutcome<T> = { ok: false, reason, attempts };
    if (hasValue) out.value = value;
    if (error !== undefined) out.error = error;
    return out;
  }
}
