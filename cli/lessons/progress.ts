/**
 * The student's progress, kept in `.ddworkshop/progress.json`. Transitions are pure; the file
 * is written atomically (temp file + rename) so a crash never leaves it half-written.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface LessonProgress {
  startedAt?: string;
  passedAt?: string;
  /** The solution was applied rather than written by the student. */
  applied?: boolean;
  /** Hints revealed so far: `lesson hint` shows one more each time. */
  hintsShown?: number;
}

export interface Progress {
  version: 1;
  current: string | undefined;
  lessons: Record<string, LessonProgress>;
}

export const emptyProgress = (): Progress => ({ version: 1, current: undefined, lessons: {} });

export function startLesson(progress: Progress, slug: string, now: Date): Progress {
  const previous = progress.lessons[slug] ?? {};
  return {
    ...progress,
    current: slug,
    lessons: {
      ...progress.lessons,
      [slug]: { ...previous, startedAt: previous.startedAt ?? now.toISOString() },
    },
  };
}

/** Restart the lesson's clock, so checks that look at recent data ignore what came before. */
export function restartLesson(progress: Progress, slug: string, now: Date): Progress {
  const { passedAt: _passed, applied: _applied, ...rest } = progress.lessons[slug] ?? {};
  return {
    ...progress,
    current: slug,
    lessons: { ...progress.lessons, [slug]: { ...rest, startedAt: now.toISOString() } },
  };
}

export function markPassed(progress: Progress, slug: string, now: Date): Progress {
  const previous = progress.lessons[slug] ?? {};
  return {
    ...progress,
    lessons: {
      ...progress.lessons,
      [slug]: { ...previous, passedAt: previous.passedAt ?? now.toISOString() },
    },
  };
}

export function markApplied(progress: Progress, slug: string): Progress {
  return {
    ...progress,
    lessons: { ...progress.lessons, [slug]: { ...progress.lessons[slug], applied: true } },
  };
}

export function progressFile(stateDir: string): string {
  return join(stateDir, 'progress.json');
}

export async function readProgress(stateDir: string): Promise<Progress> {
  let text: string;
  try {
    text = await readFile(progressFile(stateDir), 'utf8');
  } catch {
    return emptyProgress();
  }
  try {
    const parsed = JSON.parse(text) as Partial<Progress>;
    return { version: 1, current: parsed.current, lessons: parsed.lessons ?? {} };
  } catch {
    // A damaged file must not block the student: keep a copy, start over, and say so once.
    const copy = `${progressFile(stateDir)}.damaged`;
    await writeFile(copy, text);
    const fresh = emptyProgress();
    await writeProgress(stateDir, fresh);
    process.stderr.write(
      `! ${progressFile(stateDir)} was damaged: your lesson progress starts over (your code is untouched). The damaged file is kept as ${copy}.\n`,
    );
    return fresh;
  }
}

export async function writeProgress(stateDir: string, progress: Progress): Promise<void> {
  const file = progressFile(stateDir);
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(progress, null, 2)}\n`);
  await rename(temp, file);
}
