/** Text for the terminal: check results, lesson lists and patches. Pure: returns strings. */
import chalk from 'chalk';
import { renderCheck } from '../ui/check-line.js';
import type { Lesson } from './course.js';
import type { Progress } from './progress.js';
import type { CheckResult } from './run-checks.js';

export function renderResult(result: CheckResult): string {
  const level = result.skipped ? 'skip' : result.ok ? 'ok' : 'fail';
  return renderCheck(
    {
      level,
      title: result.title,
      ...(result.message ? { detail: result.message } : {}),
      ...(result.hint ? { remedy: result.hint } : {}),
    },
    { detailBelow: true },
  );
}

export function lessonState(lesson: Lesson, progress: Progress): 'passed' | 'current' | 'todo' {
  if (progress.lessons[lesson.slug]?.passedAt) return 'passed';
  if (progress.current === lesson.slug) return 'current';
  return 'todo';
}

export function renderLessonList(lessons: Lesson[], progress: Progress): string {
  return lessons
    .map((lesson) => {
      const state = lessonState(lesson, progress);
      const mark = state === 'passed' ? chalk.green('✔') : state === 'current' ? chalk.cyan('▶') : ' ';
      return `${mark} ${String(lesson.number).padStart(2)}  ${lesson.slug.padEnd(28)} ${lesson.title}`;
    })
    .join('\n');
}

/** Colours a unified diff: additions green, removals red, hunk headers cyan. */
export function colorPatch(patch: string): string {
  return patch
    .split('\n')
    .map((line) => {
      if (line.startsWith('+++') || line.startsWith('---')) return chalk.bold(line);
      if (line.startsWith('+')) return chalk.green(line);
      if (line.startsWith('-')) return chalk.red(line);
      if (line.startsWith('@@')) return chalk.cyan(line);
      return line;
    })
    .join('\n');
}

/** Hints are the top-level `- ` items of hints.md (continuation lines kept). */
export function parseHints(text: string): string[] {
  const hints: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('- ')) hints.push(line.slice(2));
    else if (hints.length > 0 && /^\s+\S/.test(line)) hints[hints.length - 1] += `\n${line.trim()}`;
  }
  return hints;
}
