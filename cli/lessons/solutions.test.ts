/**
 * The shipped solutions apply, in order, to the shipped webapp: the quick half of the
 * authoring check (the e2e half runs each lesson's checks before and after).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCourse } from './course.js';
import { applySolutionsInOrder, webappFiles } from './solutions-in-order.js';

const repo = resolve(import.meta.dirname, '../..');

describe('shipped solutions', () => {
  const course = parseCourse(readFileSync(join(repo, 'lessons/course.yaml'), 'utf8'), join(repo, 'lessons'));

  it('apply in order to a fresh webapp, each one not applied before and applied after', () => {
    const files = webappFiles(repo);
    applySolutionsInOrder(course, files, (slug, before, after) => {
      expect(before, slug).toBe(false);
      expect(after, slug).toBe(true);
    });
    expect(files.get('webapp/src/routes/purchase.ts')).toContain("tracer.trace('purchase.process'");
  });

  it('every lesson has its text, hints and checks', () => {
    for (const lesson of course.lessons) {
      for (const file of ['README.md', 'hints.md', 'checks.ts']) {
        expect(readFileSync(join(lesson.dir, file), 'utf8').length, `${lesson.slug}/${file}`).toBeGreaterThan(
          50,
        );
      }
    }
  });
});
