/**
 * `course check`: the quick half of the authoring check, for lesson authors (as `rustlings dev
 * check`): the course file parses in its format version; every lesson has its text, hints and
 * checks; the checks load, have unique ids, and need only checks that exist; the solution files
 * exist; and the solution patches apply, in order, to a fresh webapp. With --run, the other half:
 * every lesson's checks fail before its solution and pass after, on a scratch local stack
 * (course-run.ts). Run it in a checkout as the course starts (the webapp without solutions).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import chalk from 'chalk';
import { CLI } from '../base/command.js';
import { loadConfig } from '../config/load-config.js';
import { createProgress } from '../ui/progress.js';
import { type Course, loadCourse } from './course.js';
import { type RunVerdict, runCourse } from './course-run.js';
import { loadChecks } from './load-checks.js';
import { applySolutionsInOrder, webappFiles } from './solutions-in-order.js';

export interface LessonVerdict {
  lesson: string;
  problems: string[];
}

async function lessonProblems(course: Course['lessons'][number]): Promise<string[]> {
  const problems: string[] = [];
  for (const file of ['README.md', 'hints.md', 'checks.ts'])
    if (
      !existsSync(join(course.dir, file)) ||
      readFileSync(join(course.dir, file), 'utf8').trim().length < 20
    )
      problems.push(`${file} is missing or empty`);
  for (const f of course.solution.files)
    if (!existsSync(join(course.dir, f.from))) problems.push(`solution file ${f.from} is missing`);
  if (course.solution.patch && !existsSync(join(course.dir, course.solution.patch)))
    problems.push(`solution patch ${course.solution.patch} is missing`);
  try {
    const checks = await loadChecks(course);
    if (checks.length === 0) problems.push('checks.ts exports no check');
    const ids = checks.map((c) => c.id).filter((id): id is string => Boolean(id));
    for (const id of new Set(ids))
      if (ids.filter((x) => x === id).length > 1) problems.push(`check id ${id} is used twice`);
    for (const c of checks)
      for (const need of c.needs ?? [])
        if (!ids.includes(need)) problems.push(`"${c.title}" needs ${need}, which no check of the lesson is`);
  } catch (error) {
    problems.push(`checks.ts does not load: ${(error as Error).message.split('\n')[0]}`);
  }
  return problems;
}

/** Every lesson's problems, and the patches applied in order to the project's webapp. */
export async function checkCourse(projectDir: string): Promise<LessonVerdict[]> {
  const course = await loadCourse(projectDir);
  const verdicts: LessonVerdict[] = [];
  for (const lesson of course.lessons)
    verdicts.push({ lesson: lesson.slug, problems: await lessonProblems(lesson) });
  try {
    applySolutionsInOrder(course, webappFiles(projectDir), (slug, before, after) => {
      const v = verdicts.find((x) => x.lesson === slug);
      if (before)
        v?.problems.push('its solution is already in the fresh webapp (the lesson would pass before it)');
      if (!after) v?.problems.push('its solution patch does not take effect');
    });
  } catch (error) {
    const [slug = '', ...rest] = (error as Error).message.split(': ');
    const v = verdicts.find((x) => x.lesson === slug);
    (v ?? verdicts[0])?.problems.push(
      `its solution patch does not apply after the ones before it: ${rest.join(': ').split('\n')[0]}`,
    );
  }
  return verdicts;
}

export async function courseCheck(options: { json?: boolean; run?: boolean }): Promise<void> {
  const { projectDir } = await loadConfig();
  const verdicts = await checkCourse(projectDir);
  const ok = verdicts.every((v) => v.problems.length === 0);
  const run = ok && options.run ? await runWholeCourse(projectDir, options) : undefined;
  const passed = ok && (run ?? []).every((v) => !v.problem);
  if (options.json)
    process.stdout.write(
      `${JSON.stringify({ ok: passed, lessons: verdicts, ...(run ? { run } : {}) }, null, 2)}\n`,
    );
  else {
    for (const v of verdicts) {
      process.stdout.write(`${v.problems.length ? chalk.red('✖') : chalk.green('✔')} ${v.lesson}\n`);
      for (const p of v.problems) process.stdout.write(`    ${p}\n`);
    }
    process.stdout.write(`${summary(ok, run)}\n`);
  }
  if (!passed) process.exitCode = 1;
}

function summary(ok: boolean, run: RunVerdict[] | undefined): string {
  if (!ok) return chalk.red('Fix what is listed above.');
  if (!run)
    return `${chalk.green('The course holds together.')} The full check — every lesson fails before its solution and passes after, on a local stack — is ${chalk.cyan(`${CLI} course check --run`)} (a few minutes).`;
  const failed = run.find((v) => v.problem);
  return failed
    ? chalk.red(`The course stops at ${failed.lesson}: ${failed.problem}.`)
    : chalk.green(
        `Every lesson fails before its solution and passes after (${run.length} lessons, on a local stack).`,
      );
}

/** The full run, with progress on stderr and each lesson's verdict as it comes. */
async function runWholeCourse(projectDir: string, options: { json?: boolean }): Promise<RunVerdict[]> {
  const course = await loadCourse(projectDir);
  const progress = await createProgress({ json: options.json });
  try {
    return await runCourse(
      projectDir,
      course.lessons,
      (v) =>
        progress.info(
          `${v.problem ? chalk.red('✖') : chalk.green('✔')} ${v.lesson} ${v.problem ?? 'fails before its solution, passes after'} (${Math.round(v.seconds)} s)`,
        ),
      (text) => progress.update(text),
    );
  } finally {
    progress.stop();
  }
}
