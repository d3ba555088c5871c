import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { isPointList, isValueColumn, TimeseriesAnswerSchema, V1QueryAnswerSchema } from './metrics.js';

const series = (pointlist: unknown) => ({
  series: [{ metric: 'm', scope: '*', expression: 'm', tag_set: [], pointlist, interval: 10 }],
});

describe('the point lists of a metrics answer', () => {
  it('takes [time, value] pairs, a value null where there was none', () => {
    expect(isPointList([])).toBe(true);
    expect(
      isPointList([
        [1, 2.5],
        [2, null],
      ]),
    ).toBe(true);
    expect(v.safeParse(V1QueryAnswerSchema, series([[1, 2]])).success).toBe(true);
  });
  it('refuses anything else, however deep in the list', () => {
    for (const bad of [null, {}, [[1]], [[1, 2, 3]], [[1, '2']], [['1', 2]], [[1, 2], 7], [[1, undefined]]])
      expect(isPointList(bad)).toBe(false);
    const long = Array.from({ length: 1000 }, (_, i): unknown[] => [i, i]);
    long[999] = [999, 'x'];
    expect(v.safeParse(V1QueryAnswerSchema, series(long)).success).toBe(false);
  });
  it('checks the v2 answer’s value columns alike', () => {
    expect(isValueColumn([1, null, 2])).toBe(true);
    expect(isValueColumn([1, '2'])).toBe(false);
    const answer = (values: unknown) => ({
      data: { attributes: { series: [{ group_tags: [], query_index: 0 }], times: [1, 2], values } },
    });
    expect(v.safeParse(TimeseriesAnswerSchema, answer([[1, null]])).success).toBe(true);
    expect(v.safeParse(TimeseriesAnswerSchema, answer([[1, {}]])).success).toBe(false);
  });
});
