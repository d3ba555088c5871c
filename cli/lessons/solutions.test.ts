/**
 * The shipped solutions apply, in order, to the shipped webapp: the quick half of the
 * authoring check (the e2e half runs each lesson's checks before and after).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCourse } from './course.js';
import { describeFailures, isApplied, planPatch } from './patch.js';

const repo = resolve(import.meta.dirname, '../..');

function webappFiles(): Map<string, string> {
  const files = new Map<string, string>();
  const root = join(repo, 'webapp/src');
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    files.set(relative(repo, full), readFileSync(full, 'utf8'));
  }
  return files;
}

describe('shipped solutions', () => {
  const course = parseCourse(readFileSync(join(repo, 'lessons/course.yaml'), 'utf8'), join(repo, 'lessons'));

  it('apply in order to a fresh webapp, each one not applied before and applied after', () => {
    const files = webappFiles();
    const read = (p: string) => files.get(p);
    for (const lesson of course.lessons) {
      if (!lesson.solution.patch) continue;
      const patch = readFileSync(join(lesson.dir, lesson.solution.patch), 'utf8');
      expect(isApplied(patch, read), lesson.slug).toBe(false);
      const plan = planPatch(patch, read);
      if (!plan.ok) throw new Error(`${lesson.slug}: ${describeFailures(plan.failures)}`);
      for (const change of plan.changes) {
        if (change.after === undefined) files.delete(change.path);
        else files.set(change.path, change.after);
      }
      expect(isApplied(patch, read), lesson.slug).toBe(true);
    }
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
