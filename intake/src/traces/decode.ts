/**
 * Trace payloads as dd-trace sends them (msgpack):
 *   v0.4: [[span, ...], ...] with spans as maps
 *   v0.5: [stringTable, [[[service, name, resource, trace_id, span_id, parent_id, start,
 *          duration, error, meta, metrics, type], ...], ...]] with strings as table indexes
 */
import { decode } from '@msgpack/msgpack';

export interface Span {
  traceId: string;
  spanId: string;
  parentId: string;
  service: string;
  name: string;
  resource: string;
  type: string;
  /** Unix ms (from the tracer's ns). */
  startMs: number;
  durationMs: number;
  error: boolean;
  meta: Record<string, string>;
  metrics: Record<string, number>;
}

export class TraceDecodeError extends Error {}

const id = (v: unknown): string =>
  v === undefined || v === null ? '0' : BigInt(v as number | bigint).toString();
const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : 0);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function record<T>(v: unknown, each: (x: unknown) => T): Record<string, T> {
  const out: Record<string, T> = {};
  if (v && typeof v === 'object' && !Array.isArray(v))
    for (const [k, x] of Object.entries(v)) out[k] = each(x);
  return out;
}

function fromMap(raw: unknown): Span {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    throw new TraceDecodeError('a span is not a map');
  const s = raw as Record<string, unknown>;
  return {
    traceId: id(s.trace_id),
    spanId: id(s.span_id),
    parentId: id(s.parent_id),
    service: str(s.service),
    name: str(s.name),
    resource: str(s.resource),
    type: str(s.type),
    startMs: num(s.start) / 1e6,
    durationMs: num(s.duration) / 1e6,
    error: num(s.error) !== 0,
    meta: record(s.meta, (x) => String(x)),
    metrics: record(s.metrics, num),
  };
}

function fromArray(raw: unknown, table: string[]): Span {
  if (!Array.isArray(raw) || raw.length < 12)
    throw new TraceDecodeError('a v0.5 span is not a 12-element array');
  const at = (i: unknown) => {
    const s = table[typeof i === 'string' ? Number(i) : num(i)];
    if (s === undefined) throw new TraceDecodeError('a v0.5 string index is out of range');
    return s;
  };
  const meta: Record<string, string> = {};
  for (const [k, v] of (raw[9] instanceof Map ? raw[9] : Object.entries(raw[9] ?? {})) as Iterable<
    [unknown, unknown]
  >) {
    meta[at(k)] = at(v);
  }
  const metrics: Record<string, number> = {};
  for (const [k, v] of (raw[10] instanceof Map ? raw[10] : Object.entries(raw[10] ?? {})) as Iterable<
    [unknown, unknown]
  >) {
    metrics[at(k)] = num(v);
  }
  return {
    service: at(raw[0]),
    name: at(raw[1]),
    resource: at(raw[2]),
    traceId: id(raw[3]),
    spanId: id(raw[4]),
    parentId: id(raw[5]),
    startMs: num(raw[6]) / 1e6,
    durationMs: num(raw[7]) / 1e6,
    error: num(raw[8]) !== 0,
    meta,
    metrics,
    type: at(raw[11]),
  };
}

export function decodeTraces(body: Uint8Array, version: 'v0.4' | 'v0.5'): Span[][] {
  let payload: unknown;
  try {
    payload = decode(body, { useBigInt64: true, mapKeyConverter: (k) => k as string | number });
  } catch (error) {
    throw new TraceDecodeError(`not msgpack: ${(error as Error).message}`);
  }
  if (version === 'v0.4') {
    if (!Array.isArray(payload)) throw new TraceDecodeError('v0.4 payload is not an array of traces');
    return payload.map((trace) => {
      if (!Array.isArray(trace)) throw new TraceDecodeError('a trace is not an array of spans');
      return trace.map(fromMap);
    });
  }
  if (
    !Array.isArray(payload) ||
    payload.length !== 2 ||
    !Array.isArray(payload[0]) ||
    !Array.isArray(payload[1])
  ) {
    throw new TraceDecodeError('v0.5 payload is not [strings, traces]');
  }
  const table = (payload[0] as unknown[]).map(String);
  return (payload[1] as unknown[]).map((trace) => {
    if (!Array.isArray(trace)) throw new TraceDecodeError('a trace is not an array of spans');
    return trace.map((s) => fromArray(s, table));
  });
}
