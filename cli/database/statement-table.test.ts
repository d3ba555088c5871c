import { describe, expect, it } from 'vitest';
import { sinceSnapshot, snapshotOf, type TopStatement } from './statement-table.js';

const statement = (calls: number, blocks: number): TopStatement => ({
  signature: 'abc',
  query: 'SELECT … FROM purchases WHERE product_id = ?',
  normalized: 'SELECT * FROM purchases WHERE product_id = $1',
  calls,
  totalTimeMs: 1,
  rows: 1,
  blocks,
});

describe('blocks per call since the last db top', () => {
  it('shows what a fix changed, where the totals still carry every slow call before it', () => {
    // 100 calls at 510 blocks each, then the index: 100 calls at 2 blocks each.
    const before = snapshotOf([statement(100, 51_000)], 0);
    const now = statement(200, 51_200);
    expect(now.blocks / now.calls).toBe(256); // what the cumulative column says
    expect(sinceSnapshot(now, before)).toEqual({ calls: 100, blocksPerCall: 2 });
  });

  it('nothing since: undefined; no earlier reading: undefined; a statistics reset counts from zero', () => {
    const before = snapshotOf([statement(100, 500)], 0);
    expect(sinceSnapshot(statement(100, 500), before)).toBeUndefined();
    expect(sinceSnapshot(statement(100, 500), undefined)).toBeUndefined();
    expect(sinceSnapshot(statement(10, 30), before)).toEqual({ calls: 10, blocksPerCall: 3 });
    expect(sinceSnapshot({ ...statement(4, 8), signature: 'new' }, before)).toEqual({
      calls: 4,
      blocksPerCall: 2,
    });
  });
});
