import type { Command } from 'commander';

/** Registers `lesson …` and `learn`. Keep this file light: load the work inside each action. */
export function register(program: Command): void {
  const lesson = program
    .command('lesson')
    .description('work through the lessons one command at a time (see also: learn)');

  lesson
    .command('list')
    .description('list the lessons and your progress')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }) => (await import('./run-lesson.js')).listLessons(options));

  lesson
    .command('show [lesson]')
    .description('print a lesson (default: the current one)')
    .action(async (ref?: string) => (await import('./run-lesson.js')).showLesson(ref));

  lesson
    .command('check [lesson]')
    .description("run a lesson's checks against the running stack (exit 1 when one fails)")
    .option('--json', 'machine-readable output')
    .action(async (ref: string | undefined, options: { json?: boolean }) =>
      (await import('./run-lesson.js')).checkLesson(ref, options),
    );

  lesson
    .command('hint [lesson]')
    .description('show the next hint')
    .option('--all', 'show every hint')
    .action(async (ref: string | undefined, options: { all?: boolean }) =>
      (await import('./run-lesson.js')).hintLesson(ref, options),
    );

  lesson
    .command('diff [lesson]')
    .description("show the lesson's solution patch")
    .option('--mine', 'show your own changes since the lesson started instead')
    .action(async (ref: string | undefined, options: { mine?: boolean }) =>
      (await import('./run-lesson.js')).diffLesson(ref, options),
    );

  lesson
    .command('apply [lesson]')
    .description('apply the solution to the webapp (your files are backed up first)')
    .option('--no-reload', 'do not rebuild/restart the webapp afterwards')
    .action(async (ref: string | undefined, options: { reload?: boolean }) =>
      (await import('./run-lesson.js')).applyLesson(ref, options),
    );

  lesson
    .command('reset [lesson]')
    .description('restore the webapp as it was when the lesson started (your files are backed up first)')
    .option('--no-reload', 'do not rebuild/restart the webapp afterwards')
    .action(async (ref: string | undefined, options: { reload?: boolean }) =>
      (await import('./run-lesson.js')).resetLessonCommand(ref, options),
    );

  lesson
    .command('restore [backup]')
    .description('put back the files of a backup (default: the newest) that apply or reset made')
    .option('--list', 'list the backups instead')
    .option('--no-reload', 'do not rebuild/restart the webapp afterwards')
    .action(async (name: string | undefined, options: { list?: boolean; reload?: boolean }) =>
      (await import('./run-lesson.js')).restoreCommand(name, options),
    );

  lesson
    .command('next')
    .description('move on to the next lesson')
    .option('--force', 'even if the current lesson has not passed')
    .action(async (options: { force?: boolean }) => (await import('./run-lesson.js')).nextLesson(options));

  program
    .command('learn')
    .description(
      'guided mode: shows the current step, re-checks on every save, keys for hint/diff/apply/reset/next',
    )
    .option('--no-reload', 'do not rebuild/restart the webapp when its code changes')
    .action(async (options: { reload?: boolean }) => (await import('./guided.js')).learn(options));

  program
    .command('course')
    .description('for lesson authors: course check — the course holds together, its solutions apply in order')
    .command('check')
    .description('every lesson has its text, hints and checks; the checks load; the solutions apply in order')
    .option(
      '--run',
      'then the full check: every lesson fails before its solution and passes after, on a scratch local stack (minutes)',
    )
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean; run?: boolean }) =>
      (await import('./course-check.js')).courseCheck(options),
    );
}
