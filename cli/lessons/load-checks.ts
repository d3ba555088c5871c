/** Loads a lesson's checks: compiled with the CLI (`dist/lessons/NN-slug/checks.js`). */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { LessonCheck } from './check-api.js';
import type { Lesson } from './course.js';

export async function loadChecks(lesson: Lesson): Promise<LessonCheck[]> {
  // Next to this module: dist/cli/lessons -> dist/lessons when built, cli/lessons -> lessons under tsx/vitest.
  const candidates = ['js', 'ts'].map(
    (ext) => new URL(`../../lessons/${lesson.slug}/checks.${ext}`, import.meta.url),
  );
  const found = candidates.find((url) => existsSync(fileURLToPath(url)));
  if (!found)
    throw new Error(
      `lesson ${lesson.slug} has no checks.ts (looked in ${fileURLToPath(candidates[0] as URL)})`,
    );
  const module = (await import(pathToFileURL(fileURLToPath(found)).href)) as {
    checks?: LessonCheck[];
    default?: LessonCheck[];
  };
  const checks = module.checks ?? module.default;
  if (!Array.isArray(checks)) throw new Error(`lessons/${lesson.slug}/checks.ts must export \`checks\``);
  return checks;
}
