/**
 * Node's fetch (not the undici package, ~0.2 s to load) bounded by a timeout and, optionally, the
 * caller's signal. A failure throws what really went wrong: fetch's own error is only "fetch
 * failed", with the real one (connect ECONNREFUSED 127.0.0.1:3001, a DNS failure, …) as its cause.
 */
export async function fetchWithin(
  url: string | URL,
  timeoutMs: number,
  init: RequestInit & { signal?: AbortSignal } = {},
): Promise<Response> {
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    return await fetch(url, {
      ...init,
      signal: init.signal ? AbortSignal.any([init.signal, timeout]) : timeout,
    });
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    throw error instanceof TypeError && cause instanceof Error ? cause : error;
  }
}
