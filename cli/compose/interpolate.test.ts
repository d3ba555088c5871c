import { describe, expect, it } from 'vitest';
import { parseDuration } from '../util/duration.js';
import { interpolate } from './interpolate.js';

const vars: Record<string, string> = { A: 'a', EMPTY: '', PORT: '3001' };
const lookup = (k: string) => vars[k];

describe('interpolate', () => {
  it.each([
    ['${A}', 'a'],
    ['$A-x', 'a-x'],
    ['${MISSING}', ''],
    ['${MISSING:-d}', 'd'],
    ['${EMPTY:-d}', 'd'],
    ['${EMPTY-d}', ''],
    ['${MISSING-d}', 'd'],
    ['${A:+alt}', 'alt'],
    ['${EMPTY:+alt}', ''],
    ['${EMPTY+alt}', 'alt'],
    ['$$A', '$A'],
    ['${MISSING:-${PORT}}', '3001'],
    ['127.0.0.1:${PORT:-1}:3001', '127.0.0.1:3001:3001'],
    ['cost $5', 'cost $5'],
  ])('%s -> %s', (input, output) => {
    expect(interpolate(input, lookup)).toBe(output);
  });

  it('fails on required variables with their message', () => {
    expect(() => interpolate('${MISSING:?set MISSING in .env}', lookup)).toThrow(
      'required variable MISSING is missing a value: set MISSING in .env',
    );
    expect(() => interpolate('${EMPTY:?}', lookup)).toThrow('required variable EMPTY');
    expect(interpolate('${EMPTY?x}', lookup)).toBe('');
    expect(() => interpolate('${A', lookup)).toThrow('unclosed');
    expect(() => interpolate('${1A}', lookup)).toThrow('invalid variable');
  });
});

describe('parseDuration', () => {
  it.each([
    ['1m30s', 90_000],
    ['1.5s', 1_500],
    ['500ms', 500],
    ['2h', 7_200_000],
    ['10us', 0.01],
    ['5', 5_000],
    [3, 3_000],
  ] as const)('%s -> %d ms', (input, ms) => {
    expect(parseDuration(input)).toBeCloseTo(ms, 6);
  });
  it('rejects what is not a duration', () => {
    expect(parseDuration('soon')).toBeUndefined();
    expect(parseDuration('5 s')).toBeUndefined();
    expect(parseDuration('')).toBeUndefined();
  });
});
