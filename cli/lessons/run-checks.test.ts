import { describe, expect, it } from 'vitest';
import { type CheckContext, defineChecks, fail, type LessonCheck } from './check-api.js';
import { runChecks, waves } from './run-checks.js';

describe('runChecks', () => {
  it('skips a check at once, with the reason, when a check it needs failed', async () => {
    const ran: string[] = [];
    const checks = defineChecks([
      {
        id: 'buy',
        title: 'A purchase goes through',
        async run() {
          ran.push('buy');
          fail('POST /purchase answered 404');
        },
      },
      {
        title: 'The span carries the purchase',
        needs: ['buy'],
        async run() {
          ran.push('span');
          await new Promise((r) => setTimeout(r, 40_000));
          return undefined;
        },
      },
      {
        title: 'Independent',
        async run() {
          ran.push('independent');
          return 'fine';
        },
      },
    ]);
    const started = Date.now();
    const results = await runChecks(checks, {} as CheckContext);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(ran).toEqual(['buy', 'independent']);
    expect(results.map((r) => [r.ok, r.skipped ?? false])).toEqual([
      [false, false],
      [false, true],
      [true, false],
    ]);
    expect(results[1]?.message).toBe('skipped: "A purchase goes through" must pass first');
  });
});

describe('waves', () => {
  const c = (over: Partial<LessonCheck> = {}): LessonCheck => ({
    title: 't',
    run: async () => undefined,
    ...over,
  });
  it('groups checks marked alongside with the one before them, never one that needs another', () => {
    expect(
      waves([c(), c({ alongside: true }), c({ alongside: true }), c(), c({ alongside: true, needs: ['x'] })]),
    ).toEqual([[0, 1, 2], [3], [4]]);
    expect(waves([c({ alongside: true }), c()])).toEqual([[0], [1]]);
  });
});
