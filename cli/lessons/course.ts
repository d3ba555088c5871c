/**
 * The course: `lessons/course.yaml` lists the lessons in order with what their solution is
 * (a patch to the webapp, whole files such as a dashboard's JSON, traffic to send, commands). Parsing is pure; reading files is not.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CLI } from '../base/command.js';
import { UserError } from '../base/user-error.js';

export interface LessonSolution {
  /** Unified diff against the webapp as it stands when the lesson starts (file in the lesson folder). */
  patch?: string;
  /** Traffic scenarios to run after the patch (name and optional seconds/count). */
  traffic: Array<{ scenario: string; args: string[] }>;
  /** ddworkshop commands to run after the traffic (`metrics percentiles …`), as argument lists. */
  commands: string[][];
  /** Whole files the solution puts in place (a dashboard, a monitor): workshop path <- lesson file. */
  files: Array<{ to: string; from: string }>;
}

export interface Lesson {
  number: number;
  slug: string;
  title: string;
  solution: LessonSolution;
  /** Absolute folder of the lesson's files. */
  dir: string;
}

export interface Course {
  lessons: Lesson[];
}

const SLUG = /^(\d{2})-[a-z0-9-]+$/;

/** Where solution files may go: the folders lessons own, never outside the workshop. */
const FILE_TARGET = /^(?:dashboards|monitors|webapp\/src)\/(?:[\w.-]+\/)*[\w-][\w.-]*$/;

function solutionFiles(raw: unknown, where: string): Array<{ to: string; from: string }> {
  if (raw === undefined) return [];
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    throw new Error(`${where}: expected a map of workshop path: lesson file`);
  return Object.entries(raw as Record<string, unknown>).map(([to, from]) => {
    if (!FILE_TARGET.test(to) || to.includes('..'))
      throw new Error(`${where}: ${to} is not under dashboards/, monitors/ or webapp/src/`);
    if (typeof from !== 'string' || !/^[\w-][\w./-]*$/.test(from) || from.includes('..'))
      throw new Error(`${where}.${to}: expected a file in the lesson folder`);
    return { to, from };
  });
}

/** The course.yaml format this ddworkshop reads (`version:` at its top). */
export const COURSE_FORMAT = 1;

export function parseCourse(text: string, lessonsDir: string, file = 'lessons/course.yaml'): Course {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid YAML: ${(error as Error).message}`);
  }
  // The format's version: a course written for a newer ddworkshop says so instead of half-working.
  const version = (doc as { version?: unknown })?.version ?? 1;
  if (version !== COURSE_FORMAT)
    throw new Error(
      `${file}: version ${JSON.stringify(version)}: this ddworkshop reads course format ${COURSE_FORMAT}`,
    );
  const list = (doc as { lessons?: unknown })?.lessons;
  if (!Array.isArray(list) || list.length === 0)
    throw new Error(`${file}: lessons: expected a list of lessons`);
  const lessons = list.map((raw, i): Lesson => {
    const where = `${file}: lessons[${i}]`;
    const entry = raw as Record<string, unknown>;
    const slug = entry.slug;
    if (typeof slug !== 'string' || !SLUG.test(slug))
      throw new Error(`${where}.slug: expected NN-words, got ${JSON.stringify(slug)}`);
    if (typeof entry.title !== 'string') throw new Error(`${where}.title: expected a string`);
    const number = Number(slug.slice(0, 2));
    if (number !== i + 1)
      throw new Error(`${where}.slug: lesson ${i + 1} must start with ${String(i + 1).padStart(2, '0')}`);
    const solution = (entry.solution ?? {}) as Record<string, unknown>;
    const traffic = solution.traffic === undefined ? [] : [solution.traffic].flat();
    return {
      number,
      slug,
      title: entry.title,
      solution: {
        patch: typeof solution.patch === 'string' ? solution.patch : undefined,
        traffic: traffic.map((t) => {
          const [scenario = '', ...args] = String(t).split(/\s+/);
          return { scenario, args };
        }),
        commands: (solution.commands === undefined ? [] : [solution.commands].flat()).map((c) =>
          String(c).trim().split(/\s+/),
        ),
        files: solutionFiles(solution.files, `${where}.solution.files`),
      },
      dir: join(lessonsDir, slug),
    };
  });
  return { lessons };
}

export async function loadCourse(projectDir: string): Promise<Course> {
  const lessonsDir = join(projectDir, 'lessons');
  const file = join(lessonsDir, 'course.yaml');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UserError(
      `No lessons found at ${file}`,
      `Run ${CLI} from the workshop folder, or pass -C <folder>.`,
    );
  }
  return parseCourse(text, lessonsDir);
}

/** A lesson by number (`3`, `03`) or slug (`03-purchase-metrics`, or just `purchase-metrics`). */
export function findLesson(course: Course, ref: string): Lesson {
  const trimmed = ref.trim();
  const byNumber = /^\d+$/.test(trimmed)
    ? course.lessons.find((l) => l.number === Number(trimmed))
    : undefined;
  const found =
    byNumber ??
    course.lessons.find((l) => l.slug === trimmed || l.slug.slice(3) === trimmed.replace(/^\d+-/, ''));
  if (!found) {
    const known = course.lessons.map((l) => `${l.number} ${l.slug}`).join(', ');
    throw new UserError(`No lesson "${ref}"`, `Pick one of: ${known} (${CLI} lesson list).`);
  }
  return found;
}
