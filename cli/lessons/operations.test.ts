import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../base/user-error.js';
import { type Course, parseCourse } from './course.js';
import {
  advance,
  applySolution,
  beginLesson,
  currentLesson,
  resetLesson,
  type Workspace,
} from './operations.js';
import { readProgress } from './progress.js';

const ROUTES = 'webapp/src/routes/index.ts';
const start = "export const routes = ['users'];\n";
const solved = "export const routes = ['users', 'purchase'];\n";

let root: string;
let ws: Workspace;
let course: Course;

function write(path: string, text: string) {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
}
const read = (path: string) => readFileSync(join(root, path), 'utf8');

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'ddw-lessons-'));
  ws = { projectDir: root, stateDir: join(root, '.ddworkshop') };
  write(ROUTES, start);
  write(
    'lessons/course.yaml',
    'lessons:\n  - slug: 01-explore\n    title: Explore\n    solution: { traffic: quick }\n  - slug: 02-purchase\n    title: Purchase\n    solution: { patch: solution.patch }\n',
  );
  write(
    'lessons/02-purchase/solution.patch',
    createTwoFilesPatch(`a/${ROUTES}`, `b/${ROUTES}`, start, solved),
  );
  course = parseCourse(read('lessons/course.yaml'), join(root, 'lessons'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('lesson operations', () => {
  it('starts at the first lesson and records its starting state', async () => {
    const lesson = await currentLesson(ws, course);
    expect(lesson.slug).toBe('01-explore');
    expect((await readProgress(ws.stateDir)).current).toBe('01-explore');
    expect(readFileSync(join(ws.stateDir, 'lesson-start/01-explore', ROUTES), 'utf8')).toBe(start);
  });

  it('applies a solution after backing up the files it overwrites, once', async () => {
    const lesson = course.lessons[1]!;
    write(ROUTES, `// my note\n${start}`);
    const outcome = await applySolution(ws, lesson);
    expect(read(ROUTES)).toBe(`// my note\n${solved}`);
    expect(outcome.changed).toEqual([ROUTES]);
    expect(readFileSync(join(outcome.backupDir!, ROUTES), 'utf8')).toBe(`// my note\n${start}`);
    expect((await applySolution(ws, lesson)).alreadyApplied).toBe(true);
    expect((await readProgress(ws.stateDir)).lessons['02-purchase']?.applied).toBe(true);
  });

  it('writes nothing when the patch does not apply, and says which hunk', async () => {
    write(ROUTES, "export const routes = ['mine'];\n");
    const error = await applySolution(ws, course.lessons[1]!).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toContain(`${ROUTES}: hunk 1`);
    expect(read(ROUTES)).toBe("export const routes = ['mine'];\n");
    expect(existsSync(join(ws.stateDir, 'backups')) ? readdirSync(join(ws.stateDir, 'backups')) : []).toEqual(
      [],
    );
  });

  it('resets to the lesson start, keeping the student version in a backup, and removes added files', async () => {
    const lesson = course.lessons[1]!;
    await beginLesson(ws, lesson);
    write(ROUTES, 'broken(');
    write('webapp/src/routes/extra.ts', 'export {};\n');
    const outcome = await resetLesson(ws, lesson);
    expect(read(ROUTES)).toBe(start);
    expect(existsSync(join(root, 'webapp/src/routes/extra.ts'))).toBe(false);
    expect(outcome.changed.sort()).toEqual(['webapp/src/routes/extra.ts', ROUTES]);
    expect(readFileSync(join(outcome.backupDir!, ROUTES), 'utf8')).toBe('broken(');
    expect(readFileSync(join(outcome.backupDir!, 'webapp/src/routes/extra.ts'), 'utf8')).toBe('export {};\n');
  });

  it('with nothing to reset, keeps the lesson clock (data sent since the start still counts)', async () => {
    const lesson = course.lessons[1]!;
    await beginLesson(ws, lesson, new Date('2026-12-03T09:00:00Z'));
    const outcome = await resetLesson(ws, lesson, new Date('2026-12-03T09:30:00Z'));
    expect(outcome.changed).toEqual([]);
    expect((await readProgress(ws.stateDir)).lessons['02-purchase']?.startedAt).toBe(
      '2026-12-03T09:00:00.000Z',
    );
    write(ROUTES, 'broken(');
    await resetLesson(ws, lesson, new Date('2026-12-03T09:45:00Z'));
    expect((await readProgress(ws.stateDir)).lessons['02-purchase']?.startedAt).toBe(
      '2026-12-03T09:45:00.000Z',
    );
  });

  it('refuses to reset a lesson never started', async () => {
    await expect(resetLesson(ws, course.lessons[1]!)).rejects.toThrow('no recorded starting state');
  });

  it('moves on only after the current lesson passed, unless forced', async () => {
    await currentLesson(ws, course);
    await expect(advance(ws, course)).rejects.toThrow('has not passed its checks yet');
    const next = await advance(ws, course, { force: true });
    expect(next?.slug).toBe('02-purchase');
    expect((await readProgress(ws.stateDir)).current).toBe('02-purchase');
    expect(await advance(ws, course, { force: true })).toBeUndefined();
  });
});
