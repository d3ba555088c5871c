/** Polls `probe` until `ok` holds, then returns its value; fails naming what it waited for. */
export async function waitUntil<T>(
  probe: () => T | Promise<T>,
  ok: (value: T) => boolean,
  what: string,
  { timeoutMs = 15_000, intervalMs = 200 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
