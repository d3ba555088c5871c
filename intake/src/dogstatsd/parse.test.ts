import { describe, expect, it } from 'vitest';
import { parseLine, parsePacket } from './parse.js';

describe('DogStatsD lines', () => {
  it.each([
    ['page.views:1|c', { name: 'page.views', type: 'c', value: 1, sampleRate: 1, tags: [] }],
    ['fuel.level:0.5|g', { name: 'fuel.level', type: 'g', value: 0.5, sampleRate: 1, tags: [] }],
    ['song.length:240|h|@0.5', { name: 'song.length', type: 'h', value: 240, sampleRate: 0.5, tags: [] }],
    ['users.uniques:1234|s', { name: 'users.uniques', type: 's', value: '1234', sampleRate: 1, tags: [] }],
    [
      'req:12.5|ms|#Env:Prod,endpoint:/users',
      { name: 'req', type: 'ms', value: 12.5, sampleRate: 1, tags: ['env:prod', 'endpoint:/users'] },
    ],
    ['lat:3|d|#a,a,b:1', { name: 'lat', type: 'd', value: 3, sampleRate: 1, tags: ['a', 'b:1'] }],
    [
      'x:-2|g|c:in-1234|T1700000000',
      { name: 'x', type: 'g', value: -2, sampleRate: 1, tags: [], timestampSec: 1700000000 },
    ],
  ])('%s', (line, sample) => {
    expect(parseLine(line)).toEqual({ kind: 'metric', samples: [sample] });
  });

  it('several values in one line', () => {
    const parsed = parseLine('lat:1:2:3|d|#a:b');
    expect(parsed.kind === 'metric' && parsed.samples.map((s) => s.value)).toEqual([1, 2, 3]);
  });

  it('events and service checks', () => {
    expect(parseLine('_e{5,5}:hello|world|#t:1')).toEqual({
      kind: 'event',
      title: 'hello',
      text: 'world',
      tags: ['t:1'],
    });
    expect(parseLine('_e{2,4}:hi|a\\nb')).toEqual({ kind: 'event', title: 'hi', text: 'a\nb', tags: [] });
    expect(parseLine('_sc|db.up|0|#env:prod|m:fine')).toEqual({
      kind: 'service_check',
      name: 'db.up',
      status: 0,
      tags: ['env:prod'],
    });
  });

  it.each([
    [':1|c', 'empty name'],
    ['name|c', 'no value'],
    ['name:1', 'no type'],
    ['name:1|x', 'bad type'],
    ['name:abc|c', 'bad value'],
    ['name:1|c|@0', 'bad sample rate'],
    ['name:1|c|@-1', 'bad sample rate'],
    ['name::|c', 'bad value'],
    ['_e{0,1}:|x', 'bad event'],
    ['name:1|c|Tsoon', 'bad timestamp'],
    ['na me:1|c', 'bad name'],
    ['_e{9,1}:short|x', 'bad event'],
    ['_sc|name|7', 'bad service check'],
  ])('%s is dropped: %s', (line, reason) => {
    expect(parseLine(line)).toEqual({ kind: 'error', reason });
  });

  it('is as lenient as the agent: unknown fields ignored, empty values skipped, any positive rate', () => {
    const one = (line: string) =>
      parseLine(line) as { kind: string; samples: Array<{ value: unknown; sampleRate: number }> };
    expect(one('name:1|c|?what|#a:b').samples.map((x) => x.value)).toEqual([1]);
    expect(one('name:1::2:|c').samples.map((x) => x.value)).toEqual([1, 2]);
    expect(one('name:1|c|@2').samples[0]?.sampleRate).toBe(2);
    // A set member is the whole value, colons included.
    expect(one('visitors:user:42|s').samples.map((x) => x.value)).toEqual(['user:42']);
  });

  it('reads event lengths as bytes, accepting UTF-8 (Go) and UTF-16 (hot-shots) declarations', () => {
    // "café": 5 bytes in UTF-8, 4 UTF-16 units. The agent accepts both as long as the payload is long enough.
    const go = parseLine('_e{5,4}:café|text');
    expect(go).toMatchObject({ kind: 'event', title: 'café', text: 'text' });
    const js = parseLine('_e{4,4}:café|text');
    expect(js.kind).toBe('event');
    expect(parseLine('_e{5,9}:café|text').kind).toBe('error');
  });

  it('keeps the good lines of a packet with bad ones, and ignores blank lines and CRLF', () => {
    const lines = parsePacket(Buffer.from('a:1|c\r\nbroken\n\nb:2|g\n'));
    expect(lines.map((l) => l.kind)).toEqual(['metric', 'error', 'metric']);
  });
});

describe('hostile tag lists', () => {
  it('parses thousands of tags in linear time, cutting each to 200 characters', () => {
    const many = Array.from({ length: 2351 }, (_, i) => `k${i}:v`).join(',');
    const started = performance.now();
    for (let i = 0; i < 200; i++) parseLine(`m:1|c|#${many}`);
    // 200 packets of 2,351 tags: a quadratic dedupe took ~7 ms each (1.4 s); linear, a few ms each at worst.
    expect(performance.now() - started).toBeLessThan(700);
    const long = parseLine(`m:1|c|#t:${'x'.repeat(5000)},t:${'x'.repeat(5000)}`) as {
      samples: Array<{ tags: string[] }>;
    };
    expect(long.samples[0]?.tags).toEqual([`t:${'x'.repeat(198)}`]);
  });
});
