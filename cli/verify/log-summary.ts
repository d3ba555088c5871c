/** What `verify logs` reports of a page of logs: counts by status, trace ids, a sample to resolve. Pure. */
export interface LogLike {
  attributes?: {
    status?: string;
    message?: string;
    service?: string;
    timestamp?: Date | string;
    attributes?: Record<string, unknown>;
  };
}

export interface LogSummary {
  logs: number;
  byStatus: Record<string, number>;
  withTraceId: number;
  /** Up to three trace ids to resolve to a trace, newest first. */
  sampleTraceIds: string[];
}

export function traceIdOf(log: LogLike): string | undefined {
  const attrs = log.attributes?.attributes ?? {};
  const dd = (attrs.dd ?? {}) as Record<string, unknown>;
  const id = dd.trace_id ?? attrs.trace_id;
  return id === undefined || id === null || id === '' ? undefined : String(id);
}

export function summarizeLogs(logs: LogLike[]): LogSummary {
  const byStatus: Record<string, number> = {};
  const ids: string[] = [];
  for (const l of logs) {
    const status = l.attributes?.status ?? 'info';
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    const id = traceIdOf(l);
    if (id) ids.push(id);
  }
  return {
    logs: logs.length,
    byStatus,
    withTraceId: ids.length,
    sampleTraceIds: [...new Set(ids)].slice(0, 3),
  };
}

/** The forms a trace id may be searched by: as the log has it, and (for 128-bit hex) its low 64 bits in decimal. */
export function traceIdForms(id: string): string[] {
  if (/^[0-9a-f]{32}$/i.test(id)) return [id.toLowerCase(), BigInt(`0x${id.slice(16)}`).toString()];
  return [id];
}
