/** Nothing listening at the address: waiting will not change it, so say so at once. */
export function isConnectionRefused(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } } | undefined;
  return e?.code === 'ECONNREFUSED' || e?.cause?.code === 'ECONNREFUSED';
}

/**
 * What went wrong in a fetch: Node's fetch throws "fetch failed" with the real error (connect
 * ECONNREFUSED 127.0.0.1:3001, a DNS failure, …) as its cause.
 */
export function fetchFailure(error: unknown): unknown {
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  return error instanceof TypeError && cause instanceof Error ? cause : error;
}
