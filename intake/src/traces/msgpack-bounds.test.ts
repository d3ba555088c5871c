import { encode } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import { MsgpackShapeError, measure } from './msgpack-bounds.js';

const big = { elements: 1e9, depth: 1e9 };

describe('msgpack shape', () => {
  it('counts elements and depth of real payloads', () => {
    expect(measure(encode([[{ a: 1, b: 'x' }]]), big)).toEqual({ elements: 7, depth: 3 });
    expect(
      measure(encode({ s: 'x'.repeat(70_000), n: 2 ** 40, f: 1.5, b: new Uint8Array(300) }), big),
    ).toEqual({
      elements: 9,
      depth: 1,
    });
    expect(measure(encode([]), big)).toEqual({ elements: 1, depth: 0 });
  });

  it('stops at once past a limit, without building anything', () => {
    const maps = new Uint8Array(5_000_005);
    maps.set([0xdd, 0x00, 0x4c, 0x4b, 0x40], 0); // array32 of 5,000,000
    maps.fill(0x80, 5); // empty maps
    const started = performance.now();
    expect(measure(maps, { elements: 100_000, depth: 16 }).elements).toBe(100_001);
    expect(performance.now() - started).toBeLessThan(200);
    const deep = new Uint8Array(1000).fill(0x91); // [[[[…
    expect(measure(deep, { elements: 1e6, depth: 16 }).depth).toBe(17);
  });

  it('refuses what is not msgpack', () => {
    expect(() => measure(new Uint8Array([0xc1]), big)).toThrow(MsgpackShapeError);
    expect(() => measure(new Uint8Array([0x92, 0x01]), big)).toThrow('ends early');
  });
});
