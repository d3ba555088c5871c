/**
 * Runs tasks one after another, each when the one before it has settled. A task whose signal
 * was aborted while it waited for its turn is skipped (resolves undefined): a later one replaced it.
 */
export function oneAtATime(): <T>(signal: AbortSignal, task: () => Promise<T>) => Promise<T | undefined> {
  let last: Promise<unknown> = Promise.resolve();
  return (signal, task) => {
    const run = last.then(() => (signal.aborted ? undefined : task()));
    last = run.catch(() => {});
    return run;
  };
}
