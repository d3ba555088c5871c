/**
 * What `lesson apply | reset | next` do to the files and the progress file. Every file they
 * overwrite is backed up first; a patch that does not apply cleanly writes nothing.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CLI } from '../base/command.js';
import { UserError } from '../base/user-error.js';
import type { Course, Lesson } from './course.js';
import { describeFailures, type FileChange, type FileReader, isApplied, planPatch } from './patch.js';
import { markApplied, readProgress, restartLesson, startLesson, writeProgress } from './progress.js';
import { parseHints } from './render.js';
import {
  type BackupEntry,
  backupFiles,
  changesToSnapshot,
  listBackups,
  projectReader,
  snapshotLessonStart,
  writeChanges,
} from './workspace.js';

export interface Workspace {
  projectDir: string;
  stateDir: string;
}

export async function readSolutionPatch(lesson: Lesson): Promise<string | undefined> {
  if (!lesson.solution.patch) return undefined;
  const file = join(lesson.dir, lesson.solution.patch);
  if (!existsSync(file)) throw new Error(`${file} is named in lessons/course.yaml but does not exist`);
  return readFile(file, 'utf8');
}

/** Makes `lesson` the current one, recording its starting state the first time. */
export async function beginLesson(ws: Workspace, lesson: Lesson, now = new Date()): Promise<void> {
  await snapshotLessonStart(ws.stateDir, ws.projectDir, lesson.slug);
  const progress = await readProgress(ws.stateDir);
  await writeProgress(ws.stateDir, startLesson(progress, lesson.slug, now));
}

/** The lesson the student is on: the recorded one, else the first not yet passed. */
export async function currentLesson(ws: Workspace, course: Course): Promise<Lesson> {
  const progress = await readProgress(ws.stateDir);
  const recorded = course.lessons.find((l) => l.slug === progress.current);
  const lesson =
    recorded ?? course.lessons.find((l) => !progress.lessons[l.slug]?.passedAt) ?? course.lessons.at(-1);
  if (!lesson) throw new UserError('The course has no lessons', 'Check lessons/course.yaml.');
  if (!recorded) await beginLesson(ws, lesson);
  return lesson;
}

export interface ApplyOutcome {
  changed: string[];
  backupDir?: string;
  alreadyApplied: boolean;
  /** The lesson has no patch (its solution is traffic or exploring). */
  noPatch: boolean;
}

/** The solution's whole files as changes (only those that differ from what is there). */
export async function solutionFileChanges(lesson: Lesson, read: FileReader): Promise<FileChange[]> {
  const changes: FileChange[] = [];
  for (const { to, from } of lesson.solution.files) {
    const file = join(lesson.dir, from);
    if (!existsSync(file)) throw new Error(`${file} is named in lessons/course.yaml but does not exist`);
    const after = await readFile(file, 'utf8');
    const before = read(to);
    if (before !== after) changes.push({ path: to, before, after });
  }
  return changes;
}

export async function applySolution(ws: Workspace, lesson: Lesson): Promise<ApplyOutcome> {
  await beginLesson(ws, lesson);
  const patch = await readSolutionPatch(lesson);
  if (!patch && lesson.solution.files.length === 0)
    return { changed: [], alreadyApplied: false, noPatch: true };
  const read = projectReader(ws.projectDir);
  const patchApplied = patch === undefined || isApplied(patch, read);
  const files = await solutionFileChanges(lesson, read);
  if (patchApplied && files.length === 0) return { changed: [], alreadyApplied: true, noPatch: false };
  const plan = patch && !patchApplied ? planPatch(patch, read) : ({ ok: true, changes: [] } as const);
  if (!plan.ok) {
    throw new UserError(
      `The solution of lesson ${lesson.number} does not apply to your webapp; nothing was changed.\n${describeFailures(plan.failures)}`,
      `Keep your version, or run \`${CLI} lesson reset ${lesson.number}\` (your files are backed up first) and apply again.`,
    );
  }
  const changes = [...plan.changes, ...files];
  const paths = changes.map((c) => c.path);
  const backup = await backupFiles(ws.stateDir, ws.projectDir, paths, `apply-${lesson.slug}`);
  await writeChanges(ws.projectDir, changes);
  await writeProgress(ws.stateDir, markApplied(await readProgress(ws.stateDir), lesson.slug));
  return { changed: paths, backupDir: backup.dir, alreadyApplied: false, noPatch: false };
}

export interface ResetOutcome {
  changed: string[];
  backupDir?: string;
}

export async function resetLesson(ws: Workspace, lesson: Lesson, now = new Date()): Promise<ResetOutcome> {
  const changes = await changesToSnapshot(ws.stateDir, ws.projectDir, lesson.slug);
  if (changes === undefined) {
    throw new UserError(
      `Lesson ${lesson.number} has no recorded starting state (it was never started here)`,
      `Start it with \`${CLI} lesson next\` or \`${CLI} learn\`; nothing was changed.`,
    );
  }
  let backupDir: string | undefined;
  if (changes.length > 0) {
    const backup = await backupFiles(
      ws.stateDir,
      ws.projectDir,
      changes.map((c) => c.path),
      `reset-${lesson.slug}`,
      now,
    );
    backupDir = backup.dir;
    await writeChanges(ws.projectDir, changes);
    // The clock restarts with the code; with nothing reset, data sent since the start still counts.
    await writeProgress(ws.stateDir, restartLesson(await readProgress(ws.stateDir), lesson.slug, now));
  }
  const outcome: ResetOutcome = { changed: changes.map((c) => c.path) };
  if (backupDir) outcome.backupDir = backupDir;
  return outcome;
}

/** Moves on to the lesson after the current one. */
export async function advance(
  ws: Workspace,
  course: Course,
  options: { force?: boolean } = {},
): Promise<Lesson | undefined> {
  const current = await currentLesson(ws, course);
  const progress = await readProgress(ws.stateDir);
  if (!progress.lessons[current.slug]?.passedAt && !options.force) {
    throw new UserError(
      `Lesson ${current.number} (${current.title}) has not passed its checks yet`,
      `Run \`${CLI} lesson check\`, or \`${CLI} lesson next --force\` to move on anyway.`,
    );
  }
  const next = course.lessons.find((l) => l.number === current.number + 1);
  if (next) await beginLesson(ws, next);
  return next;
}

/** One more of the lesson's hints (or all of them), remembering how many were shown. */
export async function revealHints(
  ws: Workspace,
  lesson: Lesson,
  options: { all?: boolean } = {},
): Promise<{ hints: string[]; shown: number }> {
  const file = join(lesson.dir, 'hints.md');
  const hints = existsSync(file) ? parseHints(await readFile(file, 'utf8')) : [];
  if (hints.length === 0) return { hints, shown: 0 };
  const progress = await readProgress(ws.stateDir);
  const shown = options.all
    ? hints.length
    : Math.min((progress.lessons[lesson.slug]?.hintsShown ?? 0) + 1, hints.length);
  progress.lessons[lesson.slug] = { ...progress.lessons[lesson.slug], hintsShown: shown };
  await writeProgress(ws.stateDir, progress);
  return { hints, shown };
}

export interface RestoreOutcome {
  restored: BackupEntry;
  /** Where the files it overwrote were saved first. */
  backupDir: string;
}

/** Puts a backup's files back (the named one, else the newest), saving the current ones first. */
export async function restoreBackup(ws: Workspace, name?: string): Promise<RestoreOutcome> {
  const backups = await listBackups(ws.stateDir);
  const chosen = name ? backups.find((b) => b.name === name || b.dir === name) : backups[0];
  if (!chosen) {
    throw new UserError(
      name ? `No backup named ${name}` : 'There are no backups yet',
      backups.length
        ? `Pick one of: ${backups
            .slice(0, 5)
            .map((b) => b.name)
            .join(', ')}`
        : 'Backups are made by `lesson apply` and `lesson reset` before they change your files.',
    );
  }
  const saved = await backupFiles(ws.stateDir, ws.projectDir, chosen.files, `restore-${chosen.label}`);
  const changes = [];
  for (const path of chosen.files) {
    changes.push({ path, before: undefined, after: await readFile(join(chosen.dir, path), 'utf8') });
  }
  await writeChanges(ws.projectDir, changes);
  return { restored: chosen, backupDir: saved.dir };
}
