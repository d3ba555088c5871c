/**
 * Trace ids in their two spellings: spans carry a 64-bit decimal id and, for 128-bit traces,
 * the upper half in `_dd.p.tid` (hex); dd-trace 5 writes the full 128 bits into logs as 32 hex
 * digits. Correlation works on the full id, as Datadog's does. Pure.
 */
/** The 128-bit id of a span as logs carry it: `_dd.p.tid` (upper 64 bits, hex) + the span's 64-bit id in hex. */
export function fullTraceId(traceId: string, tid: string | undefined): string {
  let low: string;
  try {
    low = BigInt(traceId).toString(16).padStart(16, '0');
  } catch {
    return traceId;
  }
  return `${(tid ?? '').padStart(16, '0').slice(-16)}${low}`.toLowerCase();
}

/** Whether a log's trace id names this span's trace: the full 128-bit id, or its low 64 bits in decimal. */
export function sameTrace(logTraceId: string, spanTraceId: string, tid: string | undefined): boolean {
  const id = logTraceId.toLowerCase();
  if (/^[0-9a-f]{32}$/.test(id))
    return (
      id === fullTraceId(spanTraceId, tid) ||
      (tid === undefined && id.slice(16) === fullTraceId(spanTraceId, undefined).slice(16))
    );
  return id === spanTraceId;
}
