/**
 * A log line as the agent and Datadog's pipeline make it an event: JSON lines parsed, the level
 * mapped to a status, `dd.*` lifted into the reserved attributes (trace_id, span_id, service,
 * env and version as tags), the message from `message`/`msg`; any other line kept whole as a
 * plain message (stderr ones as errors, as the agent does for container output). Pure.
 */
import { nestsDeeperThan } from '../http/json-depth.js';

export interface LogSourceInfo {
  service: string;
  source: string;
  host: string;
  stream?: 'stdout' | 'stderr';
  tags?: string[];
}

export interface LogEvent {
  id: string;
  timestampMs: number;
  status: string;
  service: string;
  source: string;
  host: string;
  message: string;
  tags: string[];
  /** As the line carries it: dd-trace 5 writes 128-bit ids as 32 hex digits. */
  traceId?: string;
  spanId?: string;
  attributes: Record<string, unknown>;
  /** Approximate memory the event holds, for the store's byte budget. */
  bytes: number;
}

/** The longest line kept whole; the rest is cut and the line marked, as the agent does. */
export const MAX_LINE_BYTES = 64 * 1024;

/** Attributes nested deeper than this make the line plain text (searching them would overflow). */
export const MAX_LOG_DEPTH = 20;

const PINO_LEVELS: Record<number, string> = {
  10: 'debug',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'critical',
};
const LEVEL_NAMES: Record<string, string> = {
  trace: 'debug',
  debug: 'debug',
  info: 'info',
  notice: 'notice',
  warn: 'warn',
  warning: 'warn',
  error: 'error',
  err: 'error',
  fatal: 'critical',
  critical: 'critical',
  crit: 'critical',
  alert: 'alert',
  emerg: 'emergency',
  emergency: 'emergency',
};

function statusOf(level: unknown, fallback: string): string {
  if (typeof level === 'number') return PINO_LEVELS[level] ?? fallback;
  if (typeof level === 'string') return LEVEL_NAMES[level.toLowerCase()] ?? fallback;
  return fallback;
}

function timeOf(raw: unknown, nowMs: number): number {
  const t = typeof raw === 'number' ? raw : typeof raw === 'string' ? Date.parse(raw) : Number.NaN;
  // Epoch seconds from some loggers; anything absurd falls back to arrival time.
  const ms = typeof raw === 'number' && raw < 1e11 ? raw * 1000 : t;
  return Number.isFinite(ms) && Math.abs(ms - nowMs) < 86_400_000 ? ms : nowMs;
}

let counter = 0;
function newId(nowMs: number): string {
  counter = (counter + 1) % 1_000_000;
  return `${nowMs.toString(36)}${counter.toString(36).padStart(4, '0')}`;
}

export function parseLogLine(line: string, from: LogSourceInfo, nowMs: number): LogEvent {
  const truncated = line.length > MAX_LINE_BYTES;
  const text = truncated ? line.slice(0, MAX_LINE_BYTES) : line;
  const fallbackStatus = from.stream === 'stderr' ? 'error' : 'info';
  const base = {
    id: newId(nowMs),
    service: from.service,
    source: from.source,
    host: from.host,
    tags: [...(from.tags ?? []), `source:${from.source}`, `service:${from.service}`],
    bytes: 0, // sized() measures the finished event
  };
  let parsed: unknown;
  if (!truncated && text.trimStart().startsWith('{')) {
    try {
      parsed = JSON.parse(text);
    } catch {}
    // Nested past what any logger writes: kept as text, so no search or page over it can overflow.
    if (nestsDeeperThan(parsed, MAX_LOG_DEPTH)) parsed = undefined;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return sized({
      ...base,
      timestampMs: nowMs,
      status: fallbackStatus,
      message: text,
      attributes: truncated ? { truncated: true } : {},
    });
  }
  const { message, msg, level, time, timestamp, dd, ...rest } = parsed as Record<string, unknown>;
  const ddAttrs = (dd && typeof dd === 'object' ? dd : {}) as Record<string, unknown>;
  const tags = [...base.tags];
  if (typeof ddAttrs.env === 'string') tags.push(`env:${ddAttrs.env}`);
  if (typeof ddAttrs.version === 'string') tags.push(`version:${ddAttrs.version}`);
  const service = typeof ddAttrs.service === 'string' ? ddAttrs.service : from.service;
  return sized({
    ...base,
    service,
    tags:
      service === from.service
        ? tags
        : [...tags.filter((t) => !t.startsWith('service:')), `service:${service}`],
    timestampMs: timeOf(time ?? timestamp, nowMs),
    status: statusOf(level, fallbackStatus),
    message: scalarText(message) ?? scalarText(msg) ?? '',
    ...(ddAttrs.trace_id !== undefined ? { traceId: String(ddAttrs.trace_id) } : {}),
    ...(ddAttrs.span_id !== undefined ? { spanId: String(ddAttrs.span_id) } : {}),
    attributes: {
      ...rest,
      // A message that is not text is no message (Datadog's remapper takes strings): kept as the attribute it was.
      ...(message !== undefined && scalarText(message) === undefined ? { message } : {}),
      ...(msg !== undefined && scalarText(msg) === undefined ? { msg } : {}),
      ...(Object.keys(ddAttrs).length ? { dd: ddAttrs } : {}),
      ...(level !== undefined ? { level } : {}),
    },
  });
}

/** The event with what it holds in bytes, so the store's budget counts what memory holds. */
function sized(event: LogEvent): LogEvent {
  // A fresh object, not a mutated one: V8 keeps the copy compact (measured: the mutated event held ~2x).
  return { ...event, bytes: heldBytes(event) };
}

/** A string, number or boolean as text; anything else (an object, an array, null) undefined. */
function scalarText(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : undefined;
}

/**
 * What an event holds on V8's heap, measured from its parts (a parsed line's attributes cost far
 * more than its text): objects, arrays, strings and numbers at their usual sizes. Depth-bounded.
 */
export function heldBytes(value: unknown, depth = 0): number {
  // V8: a one-byte string is a 16-byte header and a byte a character; property names are shared.
  if (typeof value === 'string') return 16 + value.length;
  if (value === null || typeof value !== 'object') return 8;
  if (depth > MAX_LOG_DEPTH) return 0;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + 8 + heldBytes(v, depth + 1), 16);
  let n = 32;
  for (const v of Object.values(value)) n += 8 + heldBytes(v, depth + 1);
  return n;
}
