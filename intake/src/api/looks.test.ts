import { describe, expect, it } from 'vitest';
import { createLooks } from './looks.js';

describe('the looks', () => {
  it('keep each look’s time, kind and text, since a time, bounded', () => {
    let now = 0;
    const looks = createLooks(() => now);
    now = 10;
    looks.saw('metric', 'avg:a{*}');
    now = 20;
    looks.saw('spans', 'x'.repeat(2_000));
    expect(looks.since(15)).toEqual([{ atMs: 20, kind: 'spans', text: 'x'.repeat(500) }]);
    for (let i = 0; i < 6_000; i++) looks.saw('logs', String(i));
    const kept = looks.since(0);
    expect(kept).toHaveLength(5_000);
    expect(kept.at(-1)?.text).toBe('5999');
  });
});
