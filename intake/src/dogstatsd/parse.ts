/**
 * The DogStatsD datagram format, parsed without trusting anything: one packet holds lines
 * separated by `\n`; a bad line is reported with a reason and the rest of the packet is kept.
 *   metric:      name:value[:value...]|type[|@rate][|#tag,tag][|c:container][|T<unix seconds>]
 *   event:       _e{title_len,text_len}:title|text[|d:..|h:..|k:..|p:..|s:..|t:..|#tags]
 *   service check: _sc|name|status[|d:..|h:..|#tags|m:message]
 */
import type { MetricSample } from '../contracts.js';

export type ParsedLine =
  | { kind: 'metric'; samples: MetricSample[] }
  | { kind: 'event'; title: string; text: string; tags: string[] }
  | { kind: 'service_check'; name: string; status: number; tags: string[] }
  | { kind: 'error'; reason: string };

const TYPES = new Set(['c', 'g', 'ms', 'h', 'd', 's']);
const MAX_NAME = 200;

function parseTags(field: string): string[] {
  const tags: string[] = [];
  for (const raw of field.split(',')) {
    const tag = raw.trim().toLowerCase();
    if (tag !== '' && !tags.includes(tag)) tags.push(tag);
  }
  return tags;
}

function parseMetric(line: string): ParsedLine {
  const fields = line.split('|');
  const head = fields[0] ?? '';
  const colon = head.indexOf(':');
  if (colon <= 0) return { kind: 'error', reason: colon === 0 ? 'empty name' : 'no value' };
  const name = head.slice(0, colon);
  if (name.length > MAX_NAME || /\s/.test(name)) return { kind: 'error', reason: 'bad name' };
  const type = fields[1];
  if (type === undefined) return { kind: 'error', reason: 'no type' };
  if (!TYPES.has(type)) return { kind: 'error', reason: 'bad type' };
  let sampleRate = 1;
  let tags: string[] = [];
  let timestampSec: number | undefined;
  for (const field of fields.slice(2)) {
    if (field.startsWith('@')) {
      sampleRate = Number(field.slice(1));
      if (!(sampleRate > 0 && sampleRate <= 1)) return { kind: 'error', reason: 'bad sample rate' };
    } else if (field.startsWith('#')) tags = parseTags(field.slice(1));
    else if (field.startsWith('T')) {
      timestampSec = Number(field.slice(1));
      if (!Number.isInteger(timestampSec) || timestampSec <= 0)
        return { kind: 'error', reason: 'bad timestamp' };
    } else if (field.startsWith('c:') || field.startsWith('e:') || field.startsWith('card:')) {
      // Container id, external data and cardinality: origin detection the intake does not need.
    } else if (field !== '') return { kind: 'error', reason: 'unknown field' };
  }
  const values = head.slice(colon + 1).split(':');
  const samples: MetricSample[] = [];
  for (const raw of values) {
    if (raw === '') return { kind: 'error', reason: 'no value' };
    let value: number | string = raw;
    if (type !== 's') {
      value = Number(raw);
      if (!Number.isFinite(value) || raw.trim() !== raw) return { kind: 'error', reason: 'bad value' };
    }
    const sample: MetricSample = { name, type: type as MetricSample['type'], value, sampleRate, tags };
    if (timestampSec !== undefined) sample.timestampSec = timestampSec;
    samples.push(sample);
  }
  return { kind: 'metric', samples };
}

function parseEvent(line: string): ParsedLine {
  const m = /^_e\{(\d+),(\d+)\}:/.exec(line);
  if (!m) return { kind: 'error', reason: 'bad event' };
  const titleLen = Number(m[1]);
  const textLen = Number(m[2]);
  const rest = line.slice(m[0].length);
  const title = rest.slice(0, titleLen);
  if (title.length !== titleLen || rest[titleLen] !== '|') return { kind: 'error', reason: 'bad event' };
  const text = rest.slice(titleLen + 1, titleLen + 1 + textLen);
  if (text.length !== textLen) return { kind: 'error', reason: 'bad event' };
  const extra = rest.slice(titleLen + 1 + textLen).split('|');
  const tags = extra.filter((f) => f.startsWith('#')).flatMap((f) => parseTags(f.slice(1)));
  return { kind: 'event', title, text: text.replace(/\\n/g, '\n'), tags };
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
