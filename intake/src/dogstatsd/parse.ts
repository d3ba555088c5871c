/**
 * The DogStatsD datagram format, parsed without trusting anything: one packet holds lines
 * separated by `\n`; a bad line is reported with a reason and the rest of the packet is kept.
 *   metric:      name:value[:value...]|type[|@rate][|#tag,tag][|c:container][|T<unix seconds>]
 *   event:       _e{title_len,text_len}:title|text[|d:..|h:..|k:..|p:..|s:..|t:..|#tags]
 *   service check: _sc|name|status[|d:..|h:..|#tags|m:message]
 */

import { normalizeTag } from '../metrics/normalize-tag.js';
import type { MetricSample } from '../metrics-seam.js';

export type ParsedLine =
  | { kind: 'metric'; samples: MetricSample[] }
  | { kind: 'event'; title: string; text: string; tags: string[] }
  | { kind: 'service_check'; name: string; status: number; tags: string[] }
  | { kind: 'error'; reason: string };

const TYPES = new Set(['c', 'g', 'ms', 'h', 'd', 's']);
const MAX_NAME = 200;

/**
 * Tags in arrival order, as Datadog stores them (normalizeTag: lowercased, other characters `_`,
 * at most 200), duplicates removed in linear time (a packet may carry thousands).
 */
function parseTags(field: string): string[] {
  const seen = new Set<string>();
  for (const raw of field.split(',')) {
    const tag = normalizeTag(raw.trim());
    if (tag !== '') seen.add(tag);
  }
  return [...seen];
}

/** A number as the agent reads one (Go's ParseFloat): no surrounding spaces, no empty string. */
function parseNumber(raw: string): number | undefined {
  if (raw === '' || raw.trim() !== raw) return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? n : undefined;
}

/** `1:2::3` -> [1, 2, 3]: empty values are skipped, as the agent does; none at all is an error. */
function parseValues(raw: string): number[] | undefined {
  const values: number[] = [];
  for (const part of raw.split(':')) {
    if (part === '') continue;
    const n = parseNumber(part);
    if (n === undefined) return undefined;
    values.push(n);
  }
  return values.length ? values : undefined;
}

function parseMetric(line: string): ParsedLine {
  const fields = line.split('|');
  const head = fields[0] ?? '';
  const colon = head.indexOf(':');
  if (colon <= 0) return { kind: 'error', reason: colon === 0 ? 'empty name' : 'no value' };
  const name = head.slice(0, colon);
  if (name.length > MAX_NAME || /\s/.test(name)) return { kind: 'error', reason: 'bad name' };
  const raw = head.slice(colon + 1);
  if (raw === '') return { kind: 'error', reason: 'no value' };
  const type = fields[1];
  if (type === undefined) return { kind: 'error', reason: 'no type' };
  if (!TYPES.has(type)) return { kind: 'error', reason: 'bad type' };
  let sampleRate = 1;
  let tags: string[] = [];
  let timestampSec: number | undefined;
  // As in the agent (comp/dogstatsd parse.go): fields it does not know are ignored, not fatal.
  for (const field of fields.slice(2)) {
    if (field.startsWith('@')) {
      const rate = parseNumber(field.slice(1));
      if (rate === undefined || rate <= 0) return { kind: 'error', reason: 'bad sample rate' };
      sampleRate = rate;
    } else if (field.startsWith('#')) tags = parseTags(field.slice(1));
    else if (field.startsWith('T')) {
      timestampSec = Number(field.slice(1));
      if (!Number.isInteger(timestampSec) || timestampSec <= 0)
        return { kind: 'error', reason: 'bad timestamp' };
    }
  }
  // A set's member is the whole value, colons included: sets take one value per line.
  const values: Array<number | string> | undefined = type === 's' ? [raw] : parseValues(raw);
  if (!values) return { kind: 'error', reason: 'bad value' };
  const samples = values.map((value): MetricSample => {
    const sample: MetricSample = { name, type: type as MetricSample['type'], value, sampleRate, tags };
    if (timestampSec !== undefined) sample.timestampSec = timestampSec;
    return sample;
  });
  return { kind: 'metric', samples };
}

/**
 * Events as the agent reads them: the declared title and text lengths count bytes, and the
 * payload must be at least that long. A client that declares UTF-8 byte lengths (Go) and one
 * that declares UTF-16 lengths (hot-shots) are both accepted, as the agent accepts both.
 */
function parseEvent(line: string): ParsedLine {
  const m = /^_e\{(\d+),(\d+)\}:/.exec(line);
  if (!m) return { kind: 'error', reason: 'bad event' };
  const titleLen = Number(m[1]);
  const textLen = Number(m[2]);
  if (titleLen === 0) return { kind: 'error', reason: 'bad event' };
  const rest = Buffer.from(line.slice(m[0].length), 'utf8');
  const contentLen = titleLen + 1 + textLen;
  if (rest.length < contentLen) return { kind: 'error', reason: 'bad event' };
  const title = rest.subarray(0, titleLen).toString('utf8');
  const text = rest.subarray(titleLen + 1, contentLen).toString('utf8');
  const extra = rest.subarray(contentLen).toString('utf8').split('|');
  const tags = extra.filter((f) => f.startsWith('#')).flatMap((f) => parseTags(f.slice(1)));
  return { kind: 'event', title: title.replace(/\\n/g, '\n'), text: text.replace(/\\n/g, '\n'), tags };
}

function parseServiceCheck(line: string): ParsedLine {
  const fields = line.split('|');
  const name = fields[1];
  const status = Number(fields[2]);
  if (!name || !(Number.isInteger(status) && status >= 0 && status <= 3))
    return { kind: 'error', reason: 'bad service check' };
  const tags = fields
    .slice(3)
    .filter((f) => f.startsWith('#'))
    .flatMap((f) => parseTags(f.slice(1)));
  return { kind: 'service_check', name, status, tags };
}

export function parseLine(line: string): ParsedLine {
  if (line.startsWith('_e{')) return parseEvent(line);
  if (line.startsWith('_sc|')) return parseServiceCheck(line);
  return parseMetric(line);
}

/** Every non-empty line of a packet, parsed. */
export function parsePacket(packet: Buffer | string): ParsedLine[] {
  const text = typeof packet === 'string' ? packet : packet.toString('utf8');
  const out: ParsedLine[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line !== '') out.push(parseLine(line));
  }
  return out;
}
