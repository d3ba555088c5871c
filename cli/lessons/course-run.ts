/**
 * `course check --run`: the full authoring check as a command — what `npm run test:course` proves,
 * for a lesson author without the test suite. A scratch copy of the workshop (its webapp as the
 * course starts) on free ports, brought up offline on the local runtime; then for every lesson in
 * order: its checks fail before its solution, the solution goes in (`lesson apply`, its traffic and
 * commands), its checks pass after. The stack and the copy are removed at the end.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { launcherPath } from '../base/launcher.js';
import { freeWorkshopPorts } from '../util/free-port.js';
import type { Lesson } from './course.js';

/** A check before the solution must fail: a short patience, since waiting longer only delays the failure. */
export const BEFORE_PATIENCE_MS = 2000;

/**
 * A lesson's traffic as runs of `traffic`, their pauses shortened. `purchase N` is one purchase
 * after another, each held 0.1–2 s by the lesson's own code: N ≥ 10 of them go as five runs side
 * by side (seeds of their own) — the same purchases in a fifth of the time. Pure.
 */
export function trafficRuns(scenario: string, args: readonly string[]): string[][] {
  const count = Number(args[0]);
  const fast = ['--time-scale', '0.05'];
  if (scenario === 'purchase' && count >= 10)
    return Array.from({ length: 5 }, (_, i) => [
      'traffic',
      scenario,
      String(Math.ceil(count / 5)),
      '--seed',
      String(i + 1),
      ...fast,
    ]);
  return [['traffic', scenario, ...args, '--seed', '1', ...fast]];
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in a project with extra environment; never throws. */
export type RunCli = (args: string[], env?: Record<string, string>) => Promise<CliResult>;

/** What a lesson's run found: undefined when it failed before and passed after. */
export async function lessonProblem(cli: RunCli, lesson: Lesson): Promise<string | undefined> {
  const n = String(lesson.number);
  const before = await cli(['lesson', 'check', n, '--json'], {
    DDWORKSHOP_CHECK_PATIENCE_MS: String(BEFORE_PATIENCE_MS),
  });
  if (before.code === 0) return 'its checks pass before its solution';
  if (lesson.solution.patch || lesson.solution.files.length > 0) {
    const apply = await cli(['lesson', 'apply', n]);
    if (apply.code !== 0) return `lesson apply failed: ${firstLine(apply)}`;
  }
  for (const t of lesson.solution.traffic) {
    const runs = await Promise.all(trafficRuns(t.scenario, t.args).map((args) => cli(args)));
    const failed = runs.find((r) => r.code !== 0);
    if (failed) return `traffic ${t.scenario} failed: ${firstLine(failed)}`;
  }
  for (const command of lesson.solution.commands) {
    const run = await cli(command);
    if (run.code !== 0) return `${command.join(' ')} failed: ${firstLine(run)}`;
  }
  const after = await cli(['lesson', 'check', n, '--json']);
  if (after.code === 0) return undefined;
  return `its checks fail after its solution: ${failedChecks(after.stdout)}`;
}

function firstLine(r: CliResult): string {
  return (r.stderr.trim() || r.stdout.trim()).split('\n')[0] ?? `exit ${r.code}`;
}

function failedChecks(stdout: string): string {
  try {
    const report = JSON.parse(stdout) as { results: Array<{ title: string; ok: boolean; message?: string }> };
    return report.results
      .filter((r) => !r.ok)
      .map((r) => `${r.title}${r.message ? ` (${r.message})` : ''}`)
      .join('; ');
  } catch {
    return stdout.trim().split('\n')[0] ?? '';
  }
}

export interface Scratch {
  dir: string;
  cli: RunCli;
  remove(): Promise<void>;
}

/** A copy of the workshop to run the course in: the webapp as the course starts, ports of its own. */
export async function scratchWorkshop(projectDir: string, platform = process.platform): Promise<Scratch> {
  const dir = mkdtempSync(join(tmpdir(), 'ddw-course-'));
  for (const f of ['docker-compose.yml', 'docker', 'lessons', 'tsconfig.base.json'])
    cpSync(join(projectDir, f), join(dir, f), { recursive: true });
  mkdirSync(join(dir, 'webapp'));
  for (const f of ['src', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.docker.json'])
    cpSync(join(projectDir, 'webapp', f), join(dir, 'webapp', f), { recursive: true });
  // Folders shared, not copied: a junction on Windows needs no administrator rights.
  const link = platform === 'win32' ? 'junction' : 'dir';
  for (const f of ['node_modules', 'intake']) symlinkSync(join(projectDir, f), join(dir, f), link);
  const env: Record<string, string> = {
    DDWORKSHOP_OFFLINE: '1',
    FORCE_COLOR: '0',
    ...(await freeWorkshopPorts()),
  };
  const cli: RunCli = async (args, extra = {}) => {
    const r = await execa(process.execPath, [launcherPath(), '-C', dir, ...args], {
      cwd: dir,
      env: { ...env, ...extra },
      reject: false,
    });
    return { code: r.exitCode ?? 1, stdout: String(r.stdout), stderr: String(r.stderr) };
  };
  return {
    dir,
    cli,
    async remove() {
      await cli(['down', '-v']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface RunVerdict {
  lesson: string;
  problem?: string;
  seconds: number;
}

/**
 * The course in a scratch copy: set up, then each lesson in order (stopping at the first that
 * fails: the lessons after it build on it). `onLesson` hears of each verdict as it comes.
 */
export async function runCourse(
  projectDir: string,
  lessons: readonly Lesson[],
  onLesson: (v: RunVerdict) => void,
  onStep: (text: string) => void = () => {},
): Promise<RunVerdict[]> {
  onStep('a scratch copy of the workshop, brought up offline on the local runtime');
  const scratch = await scratchWorkshop(projectDir);
  const verdicts: RunVerdict[] = [];
  try {
    const setup = await scratch.cli(['setup', '--offline', '--runtime', 'local']);
    if (setup.code !== 0) throw new Error(`setup failed in the scratch copy: ${firstLine(setup)}`);
    await scratch.cli(['lesson', 'show']);
    for (const lesson of lessons) {
      onStep(`lesson ${lesson.number} (${lesson.slug}): before its solution, then after`);
      const started = Date.now();
      const problem = await lessonProblem(scratch.cli, lesson);
      const verdict = {
        lesson: lesson.slug,
        ...(problem ? { problem } : {}),
        seconds: (Date.now() - started) / 1000,
      };
      verdicts.push(verdict);
      onLesson(verdict);
      if (problem) break;
      await scratch.cli(['lesson', 'next']);
    }
  } finally {
    onStep('removing the scratch stack and copy');
    await scratch.remove();
  }
  return verdicts;
}
