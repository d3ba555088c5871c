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
    ['name:1|c|@2', 'bad sample rate'],
    ['name:1|c|@0', 'bad sample rate'],
    ['name:1|c|Tsoon', 'bad timestamp'],
    ['name:1|c|?what', 'unknown field'],
    ['na me:1|c', 'bad name'],
    ['name:1::2|c', 'no value'],
    ['_e{9,1}:short|x', 'bad event'],
    ['_sc|name|7', 'bad service check'],
  ])('%s is dropped: %s', (line, reason) => {
    expect(parseLine(line)).toEqual({ kind: 'error', reason });
  });

  it('keeps the good lines of a packet with bad ones, and ignores blank lines and CRLF', () => {
    const lines = parsePacket(Buffer.from('a:1|c\r\nbroken\n\nb:2|g\n'));
    expect(lines.map((l) => l.kind)).toEqual(['metric', 'error', 'metric']);
  });
});
