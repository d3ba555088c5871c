import { describe, expect, it } from 'vitest';
import { evaluateFormula, parseFormula, references } from './formula.js';
import { applyFormula } from './formula-series.js';

const values: Record<string, number> = { a: 10, b: 4, query1: 3 };
const run = (f: string) => evaluateFormula(parseFormula(f), (n) => values[n]);

describe('formulas', () => {
  it('evaluate arithmetic over query names with precedence and parentheses', () => {
    expect(run('a')).toBe(10);
    expect(run('a / b * 100')).toBe(250);
    expect(run('(a - b) / a')).toBeCloseTo(0.6);
    expect(run('a + b * 2')).toBe(18);
    expect(run('-a + 1.5e1')).toBe(5);
    expect(run('a / (b - 4)')).toBeUndefined();
    expect(run('a + missing')).toBeUndefined();
    expect([...references(parseFormula('a / (b + query1)'))].sort()).toEqual(['a', 'b', 'query1']);
  });
  it('refuse what is not a formula, with the reason', () => {
    for (const [bad, why] of [
      ['a +', 'ends too early'],
      ['(a + b', 'not closed'],
      ['a $ b', 'unexpected'],
      ['abs(a)', 'not supported offline'],
      ['a b', 'unexpected "b"'],
      [`${'('.repeat(60)}a${')'.repeat(60)}`, 'nested'],
    ])
      expect(() => parseFormula(bad as string), bad).toThrow(why as string);
  });
  it('join series of different queries by group, and broadcast an ungrouped one', () => {
    const s = (tags: string[], pts: Array<[number, number]>) => ({ tagSet: tags, points: new Map(pts) });
    const inputs = new Map([
      [
        'errors',
        [
          s(
            ['service:a'],
            [
              [1, 2],
              [2, 4],
            ],
          ),
          s(['service:b'], [[1, 1]]),
        ],
      ],
      [
        'hits',
        [
          s(
            ['service:a'],
            [
              [1, 10],
              [2, 8],
            ],
          ),
          s(['service:b'], [[1, 0]]),
        ],
      ],
      [
        'total',
        [
          s(
            [],
            [
              [1, 100],
              [2, 100],
            ],
          ),
        ],
      ],
    ]);
    const rate = applyFormula(parseFormula('errors / hits * 100'), inputs);
    expect(rate.map((r) => [r.tagSet, [...r.points]])).toEqual([
      [
        ['service:a'],
        [
          [1, 20],
          [2, 50],
        ],
      ],
    ]);
    const share = applyFormula(parseFormula('hits / total'), inputs);
    expect(share.map((r) => [r.tagSet.join(), [...r.points]])).toEqual([
      [
        'service:a',
        [
          [1, 0.1],
          [2, 0.08],
        ],
      ],
      ['service:b', [[1, 0]]],
    ]);
  });
});
