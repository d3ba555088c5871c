/** The lessons' solution patches applied in order to a copy of the webapp's files, in memory. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Course } from './course.js';
import { describeFailures, isApplied, planPatch } from './patch.js';

/** `webapp/src/…` (project-relative, `/`-separated) → text, read from a workshop folder. */
export function webappFiles(projectDir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(join(projectDir, 'webapp/src'), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    files.set(relative(projectDir, full).split('\\').join('/'), readFileSync(full, 'utf8'));
  }
  return files;
}

/**
 * Applies every lesson's patch in course order to `files`, reporting whether each was already
 * applied before and is applied after; a patch that does not apply throws with its hunks.
 * Returns how many patches were applied.
 */
export function applySolutionsInOrder(
  course: Course,
  files: Map<string, string>,
  report: (slug: string, appliedBefore: boolean, appliedAfter: boolean) => void,
): number {
  const read = (p: string) => files.get(p);
  let applied = 0;
  for (const lesson of course.lessons) {
    if (!lesson.solution.patch) continue;
    const patch = readFileSync(join(lesson.dir, lesson.solution.patch), 'utf8');
    const before = isApplied(patch, read);
    const plan = planPatch(patch, read);
    if (!plan.ok) throw new Error(`${lesson.slug}: ${describeFailures(plan.failures)}`);
    for (const change of plan.changes) {
      if (change.after === undefined) files.delete(change.path);
      else files.set(change.path, change.after);
    }
    report(lesson.slug, before, isApplied(patch, read));
    applied++;
  }
  return applied;
}
