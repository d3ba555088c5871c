/**
 * Trace payloads as dd-trace sends them (msgpack):
 *   v0.4: [[span, ...], ...] with spans as maps
 *   v0.5: [stringTable, [[[service, name, resource, trace_id, span_id, parent_id, start,
 *          duration, error, meta, metrics, type], ...], ...]] with strings as table indexes
 */
import { decode } from '@msgpack/msgpack';
import { measure } from './msgpack-bounds.js';

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

/** Ids are unsigned 64-bit integers; anything else is refused with the reason. */
function id(v: unknown): string {
  if (v === undefined || v === null) return '0';
  if (typeof v === 'bigint' && v >= 0n) return v.toString();
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return String(v);
  throw new TraceDecodeError(
    `a trace, span or parent id is not an unsigned integer: ${String(v).slice(0, 40)}`,
  );
}
const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : 0);

/** The trace agent's normalisation limits (pkg/trace/traceutil): longer values are cut. */
const MAX = { service: 100, name: 100, resource: 5000, metaKey: 200, metaValue: 25_000 } as const;
const str = (v: unknown, max: number = MAX.resource): string =>
  typeof v === 'string' ? v.slice(0, max) : '';

/** Past these a payload is refused before it is built (msgpack-bounds.ts). */
const LIMITS = { elements: 1_000_000, depth: 16 };

function record<T>(v: unknown, each: (x: unknown) => T): Record<string, T> {
  const out: Record<string, T> = {};
  if (v && typeof v === 'object' && !Array.isArray(v))
    for (const [k, x] of Object.entries(v)) out[k.slice(0, MAX.metaKey)] = each(x);
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
    service: str(s.service, MAX.service),
    name: str(s.name, MAX.name),
    resource: str(s.resource),
    type: str(s.type),
    startMs: num(s.start) / 1e6,
    durationMs: num(s.duration) / 1e6,
    error: num(s.error) !== 0,
    meta: record(s.meta, (x) => String(x).slice(0, MAX.metaValue)),
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
    service: at(raw[0]).slice(0, MAX.service),
    name: at(raw[1]).slice(0, MAX.name),
    resource: at(raw[2]).slice(0, MAX.resource),
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
    const shape = measure(body, LIMITS);
    if (shape.elements > LIMITS.elements || shape.depth > LIMITS.depth)
      throw new TraceDecodeError(
        `payload refused: more than ${LIMITS.elements} elements or deeper than ${LIMITS.depth} levels`,
      );
    payload = decode(body, { useBigInt64: true, mapKeyConverter: (k) => k as string | number });
  } catch (error) {
    if (error instanceof TraceDecodeError) throw error;
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
