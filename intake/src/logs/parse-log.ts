/**
 * A log line as the agent and Datadog's pipeline make it an event: JSON lines parsed, the level
 * mapped to a status, `dd.*` lifted into the reserved attributes (trace_id, span_id, service,
 * env and version as tags), the message from `message`/`msg`; any other line kept whole as a
 * plain message (stderr ones as errors, as the agent does for container output). Pure.
 */
import { nestsDeeperThan } from '../util/json-depth.js';

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

/**
 * The longest line sent as one log: the agent's `logs_config.max_message_size_bytes` (256,000).
 * A longer line is cut into pieces of that size, the cut marked `...TRUNCATED...` on both sides
 * (the agent's decoder does the same), each piece a log of its own.
 */
export const MAX_LINE_BYTES = 256_000;
export const TRUNCATED = '...TRUNCATED...';

/** A line as the agent sends it: whole, or in marked pieces. (Characters stand in for bytes.) */
export function splitLongLine(line: string): string[] {
  if (line.length <= MAX_LINE_BYTES) return [line];
  const pieces: string[] = [];
  for (let at = 0; at < line.length; at += MAX_LINE_BYTES) {
    const before = at > 0 ? TRUNCATED : '';
    const after = at + MAX_LINE_BYTES < line.length ? TRUNCATED : '';
    pieces.push(`${before}${line.slice(at, at + MAX_LINE_BYTES)}${after}`);
  }
  return pieces;
}

/** Attributes nested deeper than this make the line plain text (searching them would overflow). */
export const MAX_LOG_DEPTH = 20;

/** Syslog severities, 0–7 (the status remapper reads integers in this range). */
const SYSLOG = ['emergency', 'alert', 'critical', 'error', 'warn', 'notice', 'info', 'debug'];

/**
 * Datadog's log status remapper (docs: Log Management → Processors → Log status remapper):
 * integers 0–7 are syslog severities; a string beginning with `emerg` or `f` is emergency, `a`
 * alert, `c` critical, `e` error, `w` warn, `n` notice, `i` info, `d`, `trace` or `verbose` debug,
 * `o` or `s` (`OK`, `Success`) ok; anything else — pino's numbers 10–60 included — is info.
 */
export function statusOf(level: unknown, fallback: string): string {
  if (typeof level === 'number') return (Number.isInteger(level) && SYSLOG[level]) || 'info';
  if (typeof level !== 'string') return fallback;
  const l = level.trim().toLowerCase();
  if (/^[0-7]$/.test(l)) return SYSLOG[Number(l)] as string;
  if (l.startsWith('emerg') || l.startsWith('f')) return 'emergency';
  if (l.startsWith('trace') || l.startsWith('verbose') || l.startsWith('d')) return 'debug';
  const byInitial: Record<string, string> = {
    a: 'alert',
    c: 'critical',
    e: 'error',
    w: 'warn',
    n: 'notice',
    i: 'info',
    o: 'ok',
    s: 'ok',
  };
  return byInitial[l[0] ?? ''] ?? 'info';
}

/** Datadog's default date attributes, the first present wins (pino's `time` is not one of them). */
const DATE_ATTRIBUTES = ['timestamp', 'date', '_timestamp', 'Timestamp', 'eventTime', 'published_date'];

function dateOf(attrs: Record<string, unknown>, nowMs: number): number {
  const key = DATE_ATTRIBUTES.find((k) => attrs[k] !== undefined);
  return key ? timeOf(attrs[key], nowMs) : nowMs;
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

/** One piece of a line (splitLongLine), as the agent sends it, into a log event. */
export function parseLogLine(line: string, from: LogSourceInfo, nowMs: number): LogEvent {
  const truncated = line.startsWith(TRUNCATED) || line.endsWith(TRUNCATED);
  const text = line;
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
  const { message, msg, level, dd, ...rest } = parsed as Record<string, unknown>;
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
    timestampMs: dateOf(rest, nowMs),
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
