import { describe, expect, it } from 'vitest';
import { oneAtATime } from './one-at-a-time.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('oneAtATime', () => {
  it('never runs two tasks at once, and runs them in order', async () => {
    const queue = oneAtATime();
    const log: string[] = [];
    let running = 0;
    const task = (name: string, ms: number) => async () => {
      running++;
      expect(running).toBe(1);
      log.push(`${name} start`);
      await tick(ms);
      log.push(`${name} end`);
      running--;
      return name;
    };
    const signal = new AbortController().signal;
    const results = await Promise.all([
      queue(signal, task('a', 30)),
      queue(signal, task('b', 5)),
      queue(signal, task('c', 1)),
    ]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
  });

  it('skips a task aborted while it waited, and goes on after a failure', async () => {
    const queue = oneAtATime();
    const ran: string[] = [];
    const first = queue(new AbortController().signal, async () => {
      await tick(20);
      throw new Error('first failed');
    });
    const replaced = new AbortController();
    const second = queue(replaced.signal, async () => ran.push('second'));
    const third = queue(new AbortController().signal, async () => ran.push('third'));
    replaced.abort();
    await expect(first).rejects.toThrow('first failed');
    expect(await second).toBeUndefined();
    await third;
    expect(ran).toEqual(['third']);
  });
});
