import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import chalk from 'chalk';
import { createTwoFilesPatch } from 'diff';
import { CLI, cmd } from '../base/command.js';
import { loadConfig } from '../config/load-config.js';
import type { WorkshopConfig } from '../config/workshop-config.js';
import { rememberedRuntime } from '../runtime/select-runtime.js';
import { createCheckContext } from './check-context.js';
import { bucketStart, takeCheckId } from './check-ids.js';
import { type Course, findLesson, type Lesson, loadCourse } from './course.js';
import { fillTemplate, type LessonFacts, lessonFacts } from './lesson-facts.js';
import { loadChecks } from './load-checks.js';
import {
  advance,
  applySolution,
  currentLesson,
  readSolutionPatch,
  resetLesson,
  restoreBackup,
  revealHints,
  solutionFileChanges,
  type Workspace,
} from './operations.js';
import { markPassed, readProgress, writeProgress } from './progress.js';
import { colorPatch, lessonState, renderLessonList, renderResult } from './render.js';
import { allPassed, type CheckResult, runChecks } from './run-checks.js';
import { changesToSnapshot, LESSON_SCOPE, listBackups, projectReader } from './workspace.js';

export interface LessonEnv {
  config: WorkshopConfig;
  course: Course;
  ws: Workspace;
  /** This student's ports, URLs, runtime and mode, for the lesson templates. */
  facts: LessonFacts;
}

export async function lessonEnv(): Promise<LessonEnv> {
  const config = await loadConfig();
  const course = await loadCourse(config.projectDir);
  const facts = lessonFacts(config, rememberedRuntime(config.stateDir));
  return { config, course, ws: { projectDir: config.projectDir, stateDir: config.stateDir }, facts };
}

/** The lesson's README filled with this student's stack (still Markdown). */
export async function lessonText(env: LessonEnv, lesson: Lesson): Promise<string> {
  return fillTemplate(await readFile(join(lesson.dir, 'README.md'), 'utf8'), env.facts);
}

const width = () => Math.min(process.stdout.columns || 80, 100);

async function pick(env: LessonEnv, ref: string | undefined): Promise<Lesson> {
  return ref === undefined ? currentLesson(env.ws, env.course) : findLesson(env.course, ref);
}

/** Colour is for a terminal: piped to a file or a pager, the text is plain even under FORCE_COLOR. */
const print = (text = '') =>
  process.stdout.write(`${process.stdout.isTTY ? text : stripVTControlCharacters(text)}\n`);

export async function listLessons(options: { json?: boolean }): Promise<void> {
  const env = await lessonEnv();
  const progress = await readProgress(env.ws.stateDir);
  if (options.json) {
    const lessons = env.course.lessons.map((l) => ({
      number: l.number,
      slug: l.slug,
      title: l.title,
      state: lessonState(l, progress),
      hasPatch: Boolean(l.solution.patch),
      traffic: l.solution.traffic.map((t) => [t.scenario, ...t.args].join(' ')),
    }));
    print(JSON.stringify({ current: progress.current ?? null, lessons }, null, 2));
    return;
  }
  print(renderLessonList(env.course.lessons, progress));
}

export async function showLesson(ref: string | undefined): Promise<void> {
  const env = await lessonEnv();
  const lesson = await pick(env, ref);
  print(chalk.dim(`Lesson ${lesson.number}/${env.course.lessons.length}`));
  const { renderMarkdown } = await import('./lesson-text.js');
  print(renderMarkdown(await lessonText(env, lesson), width()));
}

export async function hintLesson(ref: string | undefined, options: { all?: boolean }): Promise<void> {
  const env = await lessonEnv();
  const lesson = await pick(env, ref);
  const { hints, shown } = await revealHints(env.ws, lesson, options);
  if (hints.length === 0) {
    print(`This lesson has no hints. \`${CLI} lesson diff\` shows the solution.`);
    return;
  }
  const { renderHints } = await import('./lesson-text.js');
  print(
    renderHints(
      hints.map((h) => fillTemplate(h, env.facts)),
      shown,
      width(),
    ),
  );
  if (shown < hints.length) print(chalk.dim('Run it again for the next hint, or --all.'));
  await tellClass(env, { kind: 'hint', lesson: lesson.slug });
}

export async function diffLesson(ref: string | undefined, options: { mine?: boolean }): Promise<void> {
  const env = await lessonEnv();
  const lesson = await pick(env, ref);
  if (options.mine) {
    const changes = (await changesToSnapshot(env.ws.stateDir, env.ws.projectDir, lesson.slug)) ?? [];
    if (changes.length === 0) print('No changes since the lesson started.');
    // changesToSnapshot goes from your files back to the start; your diff goes the other way.
    for (const c of changes) print(colorPatch(mineAsPatch(c)));
    return;
  }
  const patch = await readSolutionPatch(lesson);
  const files = await solutionFileChanges(lesson, projectReader(env.ws.projectDir));
  if (!patch && lesson.solution.files.length === 0) {
    const traffic = lesson.solution.traffic.map((t) => `${CLI} traffic ${[t.scenario, ...t.args].join(' ')}`);
    print(
      `Lesson ${lesson.number} changes no code.${traffic.length ? ` Its solution: ${traffic.join(', then ')}` : ''}`,
    );
    return;
  }
  if (patch) print(colorPatch(patch));
  // Whole files: shown as a patch from what you have to the solution's file.
  for (const c of files)
    print(colorPatch(createTwoFilesPatch(`a/${c.path}`, `b/${c.path}`, c.before ?? '', c.after ?? '')));
  if (!patch && files.length === 0)
    print(`Your files already match the solution of lesson ${lesson.number}.`);
  const commands = lesson.solution.commands.map((c) => `${CLI} ${c.join(' ')}`);
  if (commands.length) print(chalk.dim(`Then: ${commands.join(', then ')}`));
}

/** Only a change to the webapp's code needs the webapp reloaded (not a dashboard's JSON). */
function touchesCode(paths: string[]): boolean {
  return paths.some((p) => p.startsWith(`${LESSON_SCOPE}/`));
}

/** One file's change since the lesson started, as a patch from the start (a/) to now (b/). Pure. */
export function mineAsPatch(c: { path: string; before?: string; after?: string }): string {
  return createTwoFilesPatch(`a/${c.path}`, `b/${c.path}`, c.after ?? '', c.before ?? '');
}

export async function applyLesson(ref: string | undefined, options: { reload?: boolean }): Promise<void> {
  const env = await lessonEnv();
  const lesson = await pick(env, ref);
  const outcome = await applySolution(env.ws, lesson);
  if (outcome.noPatch) print(`Lesson ${lesson.number} changes no code.`);
  else if (outcome.alreadyApplied) print(`The solution of lesson ${lesson.number} is already in place.`);
  else {
    print(
      `${chalk.green('✔')} Applied the solution of lesson ${lesson.number}: ${outcome.changed.join(', ')}`,
    );
    print(chalk.dim(`  Your previous files are saved in ${outcome.backupDir}`));
    if (options.reload !== false && touchesCode(outcome.changed)) {
      const { reloadWebapp } = await import('./stack-hooks.js');
      await reloadWebapp(env.config, (line) => print(chalk.dim(`  ${line}`)));
    }
  }
  for (const t of lesson.solution.traffic) {
    print(`Next: ${CLI} traffic ${[t.scenario, ...t.args].join(' ')}`);
  }
  for (const c of lesson.solution.commands) print(`Then: ${cmd(c.join(' '))}`);
  print(`Then: ${CLI} lesson check ${lesson.number}`);
  if (!outcome.noPatch && !outcome.alreadyApplied)
    await tellClass(env, { kind: 'apply', lesson: lesson.slug });
}

export async function resetLessonCommand(
  ref: string | undefined,
  options: { reload?: boolean },
): Promise<void> {
  const env = await lessonEnv();
  const lesson = await pick(env, ref);
  await (await import('../drills/run-drill.js')).endDrillFirst(
    env.config,
    'a lesson reset changes the webapp',
  );
  const outcome = await resetLesson(env.ws, lesson);
  if (outcome.changed.length === 0) {
    print(`The webapp is already as lesson ${lesson.number} started.`);
    return;
  }
  print(`${chalk.green('✔')} Restored the start of lesson ${lesson.number}: ${outcome.changed.join(', ')}`);
  print(`  Your edits are saved in ${outcome.backupDir}`);
  print(`  To get them back: ${cmd(`lesson restore ${basename(outcome.backupDir ?? '')}`)}`);
  if (options.reload !== false && touchesCode(outcome.changed)) {
    const { reloadWebapp } = await import('./stack-hooks.js');
    await reloadWebapp(env.config, (line) => print(chalk.dim(`  ${line}`)));
  }
}

export async function restoreCommand(
  name: string | undefined,
  options: { list?: boolean; reload?: boolean },
): Promise<void> {
  const env = await lessonEnv();
  if (options.list) {
    const backups = await listBackups(env.ws.stateDir);
    if (backups.length === 0)
      print('No backups yet: apply and reset make one before they change your files.');
    for (const b of backups) print(`${b.name}  ${chalk.dim(b.files.join(', '))}`);
    return;
  }
  const outcome = await restoreBackup(env.ws, name);
  print(`${chalk.green('✔')} Restored ${outcome.restored.files.join(', ')} from ${outcome.restored.name}`);
  print(`  The files it replaced are saved in ${outcome.backupDir}`);
  if (options.reload !== false && outcome.restored.files.length > 0) {
    const { reloadWebapp } = await import('./stack-hooks.js');
    await reloadWebapp(env.config, (line) => print(chalk.dim(`  ${line}`)));
  }
}

export async function checkLessonResults(
  env: LessonEnv,
  lesson: Lesson,
  onResult?: (r: CheckResult) => void,
  signal?: AbortSignal,
): Promise<CheckResult[]> {
  const progress = await readProgress(env.ws.stateDir);
  const started = progress.lessons[lesson.slug]?.startedAt;
  const now = Date.now();
  const ctx = await createCheckContext(env.config, {
    lessonStartMs: started ? Date.parse(started) : now - 15 * 60_000,
    run: { startMs: bucketStart(now), productId: await takeCheckId(env.ws.stateDir) },
    // The stack's runtime (Docker client, compose model) loads only for a check that reads `agent status`.
    agentStatus: async () => (await import('./stack-hooks.js')).agentStatusProbe(env.config)(),
    ...(signal ? { signal } : {}),
  });
  const checks = await loadChecks(lesson);
  const results = await runChecks(checks, ctx, {
    ...(onResult ? { onResult: (r) => onResult(r) } : {}),
    ...(signal ? { signal } : {}),
  });
  const passed = allPassed(results, checks.length);
  if (passed) {
    await writeProgress(
      env.ws.stateDir,
      markPassed(await readProgress(env.ws.stateDir), lesson.slug, new Date()),
    );
  }
  if (!signal?.aborted)
    await tellClass(env, { kind: 'check', lesson: lesson.slug, passed, ...firstFailure(results) });
  return results;
}

function firstFailure(results: CheckResult[]): { failure?: { title: string; message?: string } } {
  const failed = results.find((r) => !r.ok);
  return failed
    ? { failure: { title: failed.title, ...(failed.message ? { message: failed.message } : {}) } }
    : {};
}

/** The class hears of it when this laptop is in one (lesson slugs, verdicts, messages: never code). */
async function tellClass(env: LessonEnv, event: import('../class/class-client.js').NewEvent): Promise<void> {
  const { reportToClass } = await import('../class/class-client.js');
  await reportToClass(env.config, event);
}

/** The instructor's messages not shown yet, printed once. */
async function printClassMessages(env: LessonEnv): Promise<void> {
  const { unseenMessages } = await import('../class/class-client.js');
  for (const m of await unseenMessages(env.config.stateDir))
    print(`${chalk.magenta('📣 instructor:')} ${m.text}`);
}

export async function checkLesson(ref: string | undefined, options: { json?: boolean }): Promise<void> {
  const env = await lessonEnv();
  const lesson = await pick(env, ref);
  if (!options.json) print(chalk.bold(`Checking lesson ${lesson.number}: ${lesson.title}`));
  const results = await checkLessonResults(
    env,
    lesson,
    options.json ? undefined : (r) => print(renderResult(r)),
  );
  const passed = results.every((r) => r.ok);
  if (!options.json) await printClassMessages(env);
  if (options.json) print(JSON.stringify({ lesson: lesson.slug, passed, results }, null, 2));
  else if (passed) print(chalk.green(`Lesson ${lesson.number} passed. Next: ${CLI} lesson next`));
  else print(chalk.dim(`Fix what failed, then run the check again (\`${CLI} lesson hint\` helps).`));
  if (!passed) process.exitCode = 1;
}

export async function nextLesson(options: { force?: boolean }): Promise<void> {
  const env = await lessonEnv();
  const next = await advance(env.ws, env.course, options);
  if (!next) {
    print(chalk.green('You finished the course. Well done!'));
    return;
  }
  print(`${chalk.cyan('▶')} Lesson ${next.number}: ${next.title}`);
  print(chalk.dim(`\`${CLI} lesson show\` prints it; \`${CLI} learn\` guides you through it.`));
}
