/**
 * Datadog's log search syntax over log events: free text (`timeout`, `"connection refused"`)
 * in the message, reserved attributes bare (`service:webapp`, `status:error`, `source:`, `host:`,
 * `trace_id:`), tags bare (`env:workshop`), attributes with `@` (`@http.status_code:500`,
 * `@http.route:/users*`), numeric comparisons and ranges (`@duration_ms:>100`,
 * `@duration_ms:[10 TO 200]`), `-` or `NOT` to negate, `OR` between terms; wildcards in linear
 * time. Pure.
 */
import { QueryError } from '../contracts.js';
import { globMatch } from '../query/glob.js';
import { sameTrace } from '../traces/trace-id.js';
import type { LogEvent } from './parse-log.js';

type Test =
  | { kind: 'text'; value: string }
  | { kind: 'field'; attribute: boolean; key: string; value: string }
  | { kind: 'compare'; key: string; op: '>' | '>=' | '<' | '<='; value: number }
  | { kind: 'range'; key: string; low: number; high: number };

interface Term {
  negate: boolean;
  test: Test;
}

/** An OR of ANDs of terms. */
export type LogQuery = Term[][];

const TOKEN =
  /\s*(-?)(?:(@?[\w.-]+):(\[\s*-?[\d.]+\s+TO\s+-?[\d.]+\s*\]|[<>]=?-?[\d.]+|"[^"]*"|\S+)|("[^"]*")|(\S+))/y;

function term(
  negate: boolean,
  field: string | undefined,
  raw: string | undefined,
  phrase: string | undefined,
  word: string | undefined,
): Term {
  if (field === undefined) {
    const text = (phrase ?? word ?? '').replace(/^"|"$/g, '');
    return { negate, test: { kind: 'text', value: text } };
  }
  const attribute = field.startsWith('@');
  const key = attribute ? field.slice(1) : field;
  const value = raw ?? '';
  const range = /^\[\s*(-?[\d.]+)\s+TO\s+(-?[\d.]+)\s*\]$/.exec(value);
  if (range) return { negate, test: { kind: 'range', key, low: Number(range[1]), high: Number(range[2]) } };
  const cmp = /^([<>]=?)(-?[\d.]+)$/.exec(value);
  if (cmp) return { negate, test: { kind: 'compare', key, op: cmp[1] as '>', value: Number(cmp[2]) } };
  return { negate, test: { kind: 'field', attribute, key, value: value.replace(/^"|"$/g, '') } };
}

export function parseLogQuery(query: string): LogQuery {
  if ((query.match(/"/g) ?? []).length % 2 === 1)
    throw new QueryError(`Invalid query: unbalanced quotes in ${JSON.stringify(query.slice(0, 200))}`);
  if (query.length > 4000) throw new QueryError('Invalid query: longer than 4000 characters');
  const groups: LogQuery = [[]];
  let negateNext = false;
  let at = 0;
  while (at < query.length) {
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(query);
    if (!m) break;
    at = TOKEN.lastIndex;
    const [, dash, field, raw, phrase, word] = m;
    if (word === 'OR') {
      groups.push([]);
      continue;
    }
    if (word === 'AND') continue;
    if (word === 'NOT') {
      negateNext = true;
      continue;
    }
    if (word === '*' && !dash) continue;
    (groups.at(-1) as Term[]).push(term(dash === '-' || negateNext, field, raw, phrase, word));
    negateNext = false;
  }
  return groups.filter((g, i) => g.length > 0 || i === 0);
}

function attributeAt(attrs: Record<string, unknown>, path: string): unknown {
  if (path in attrs) return attrs[path];
  let v: unknown = attrs;
  for (const part of path.split('.')) {
    if (!v || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

function reserved(e: LogEvent, key: string): string | undefined {
  switch (key) {
    case 'service':
      return e.service;
    case 'status':
      return e.status;
    case 'source':
      return e.source;
    case 'host':
      return e.host;
    case 'trace_id':
      return e.traceId;
    case 'span_id':
      return e.spanId;
    default: {
      const tag = e.tags.find((t) => t.startsWith(`${key}:`));
      return tag?.slice(key.length + 1);
    }
  }
}

function fieldValue(e: LogEvent, key: string, attribute: boolean): unknown {
  return attribute ? attributeAt(e.attributes, key) : reserved(e, key);
}

function passes(e: LogEvent, t: Test): boolean {
  switch (t.kind) {
    case 'text':
      return globMatch(`*${t.value}*`, e.message);
    case 'field': {
      if (!t.attribute && t.key === 'trace_id')
        return (
          e.traceId !== undefined &&
          (e.traceId === t.value ||
            sameTrace(e.traceId, t.value, undefined) ||
            sameTrace(t.value, e.traceId, undefined))
        );
      const v = fieldValue(e, t.key, t.attribute);
      if (v === undefined || v === null || typeof v === 'object') return false;
      return globMatch(t.value, String(v));
    }
    case 'compare': {
      const v = Number(fieldValue(e, t.key, true) ?? Number.NaN);
      if (!Number.isFinite(v)) return false;
      return t.op === '>'
        ? v > t.value
        : t.op === '>='
          ? v >= t.value
          : t.op === '<'
            ? v < t.value
            : v <= t.value;
    }
    case 'range': {
      const v = Number(fieldValue(e, t.key, true) ?? Number.NaN);
      return Number.isFinite(v) && v >= t.low && v <= t.high;
    }
  }
}

export function matchesLog(e: LogEvent, q: LogQuery): boolean {
  return q.some((group) => group.every((t) => passes(e, t.test) !== t.negate));
}
