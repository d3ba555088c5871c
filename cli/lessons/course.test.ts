import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findLesson, parseCourse } from './course.js';

const text = `lessons:
  - slug: 01-explore
    title: Explore
    solution: { traffic: quick }
  - slug: 02-purchase-endpoint
    title: Purchase
    solution: { patch: solution.patch, traffic: [purchase 5, quick], commands: [metrics percentiles a.b] }
`;

describe('parseCourse', () => {
  it('reads lessons in order with their solutions', () => {
    const course = parseCourse(text, '/x/lessons');
    expect(course.lessons.map((l) => [l.number, l.slug, l.dir])).toEqual([
      [1, '01-explore', '/x/lessons/01-explore'],
      [2, '02-purchase-endpoint', '/x/lessons/02-purchase-endpoint'],
    ]);
    expect(course.lessons[1]?.solution).toEqual({
      patch: 'solution.patch',
      files: [],
      traffic: [
        { scenario: 'purchase', args: ['5'] },
        { scenario: 'quick', args: [] },
      ],
      commands: [['metrics', 'percentiles', 'a.b']],
    });
  });

  it('names the file and key of a mistake', () => {
    expect(() => parseCourse('lessons:\n  - slug: 2-x\n    title: t\n', '/l')).toThrow(
      'lessons/course.yaml: lessons[0].slug: expected NN-words, got "2-x"',
    );
    expect(() => parseCourse('lessons:\n  - slug: 02-x\n    title: t\n', '/l')).toThrow('must start with 01');
    expect(() => parseCourse('nothing: here\n', '/l')).toThrow('expected a list of lessons');
  });

  it('reads whole-file solutions, and refuses targets outside the folders lessons own', () => {
    const course = (files: string) =>
      parseCourse(`lessons:\n  - slug: 01-d\n    title: t\n    solution:\n      files:\n${files}`, '/l');
    expect(course('        dashboards/business.json: business.json\n').lessons[0]?.solution.files).toEqual([
      { to: 'dashboards/business.json', from: 'business.json' },
    ]);
    for (const bad of [
      '../etc/passwd: x.json',
      'package.json: x.json',
      'dashboards/../../x: x.json',
      'monitors/a.json: ../../secret',
    ])
      expect(() => course(`        ${bad}\n`), bad).toThrow(/lessons\[0\]\.solution\.files/);
  });

  it('finds lessons by number, slug or slug without its number', () => {
    const course = parseCourse(text, '/l');
    expect(findLesson(course, '2').slug).toBe('02-purchase-endpoint');
    expect(findLesson(course, '02').slug).toBe('02-purchase-endpoint');
    expect(findLesson(course, 'purchase-endpoint').slug).toBe('02-purchase-endpoint');
    expect(() => findLesson(course, '9')).toThrow('No lesson "9"');
  });

  it('accepts the shipped course file', () => {
    const shipped = readFileSync(new URL('../../lessons/course.yaml', import.meta.url), 'utf8');
    const course = parseCourse(shipped, '/l');
    expect(course.lessons.length).toBeGreaterThanOrEqual(5);
  });
});
