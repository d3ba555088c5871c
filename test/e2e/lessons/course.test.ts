/**
 * The authoring check and the course end to end, offline on the local runtime: a fresh copy
 * of the webapp, and for every lesson in order its checks fail before its solution and pass
 * after (the solution being its patch, applied with `lesson apply`, and its traffic); then each
 * of the lesson's common wrong variants (wrong-variants.ts) is refused with the fix named. One
 * stack, one pass through the course. (`ddw course check --run` is the same run for lesson authors,
 * without the variants; its parts are shared: cli/lessons/course-run.ts.)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCourse } from '../../../cli/lessons/course.js';
import { BEFORE_PATIENCE_MS, trafficRuns } from '../../../cli/lessons/course-run.js';
import { copyProject, type ProjectCopy, repo } from '../../support/project-copy.js';
import { runCli } from '../../support/run-cli.js';
import { hasTmux, openTerminal } from '../../support/tmux.js';
import { VARIANTS, type Variant } from './wrong-variants.js';

let project: ProjectCopy;

function cli(args: string[], extraEnv: Record<string, string> = {}) {
  return runCli(project.dir, args, { ...project.env, ...extraEnv });
}

const course = parseCourse(readFileSync(join(repo, 'lessons/course.yaml'), 'utf8'), join(repo, 'lessons'));

beforeAll(async () => {
  project = await copyProject({ copyWebapp: true });
  const setup = await cli(['setup', '--offline', '--runtime', 'local']);
  if (setup.code !== 0) throw new Error(`setup failed:\n${setup.stdout}\n${setup.stderr}`);
  await cli(['lesson', 'show']);
}, 240_000);

afterAll(async () => {
  await cli(['down', '-v']);
  project.remove();
});

interface CheckReport {
  passed: boolean;
  results: Array<{ title: string; ok: boolean; message?: string; hint?: string }>;
}

async function reload(file: string): Promise<void> {
  const run = file.startsWith('monitors/') ? await cli(['monitor', 'push']) : await cli(['up', '--build']);
  expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
}

/**
 * The variant in place, the lesson's check must fail and say the fix. Checked with a short
 * patience, again until the failure names it (the new code's data may take a moment to arrive):
 * it never may pass, and it must say the fix within the deadline.
 */
async function refuses(lesson: number, variant: Variant): Promise<void> {
  const deadline = Date.now() + 60_000;
  let said = '';
  while (!variant.says.test(said) && Date.now() < deadline) {
    const check = await cli(['lesson', 'check', String(lesson), '--json'], {
      DDWORKSHOP_CHECK_PATIENCE_MS: '4000',
    });
    const report = JSON.parse(check.stdout) as CheckReport;
    expect(report.passed, `${variant.what} passed lesson ${lesson}`).toBe(false);
    said = report.results
      .filter((r) => !r.ok)
      .map((r) => `${r.message ?? ''} → ${r.hint ?? ''}`)
      .join('\n');
  }
  expect(said, variant.what).toMatch(variant.says);
}

async function variantsRefused(lesson: number): Promise<void> {
  for (const variant of VARIANTS[lesson] ?? []) {
    const path = join(project.dir, variant.file);
    const solved = readFileSync(path, 'utf8');
    const wrong = solved.replace(variant.from, variant.to);
    expect(wrong, `${variant.what}: the variant changes ${variant.file}`).not.toBe(solved);
    writeFileSync(path, wrong);
    try {
      await reload(variant.file);
      await refuses(lesson, variant);
    } finally {
      writeFileSync(path, solved);
      await reload(variant.file);
    }
  }
}

describe('the course, in order, on a fresh webapp', () => {
  for (const lesson of course.lessons) {
    it(`lesson ${lesson.number} (${lesson.slug}) fails before its solution, passes after, refuses its wrong variants`, async () => {
      const before = await cli(['lesson', 'check', String(lesson.number), '--json'], {
        DDWORKSHOP_CHECK_PATIENCE_MS: String(BEFORE_PATIENCE_MS),
      });
      expect(before.code, `lesson ${lesson.number} passed before its solution:\n${before.stdout}`).toBe(1);
      expect((JSON.parse(before.stdout) as { passed: boolean }).passed).toBe(false);

      if (lesson.solution.patch || lesson.solution.files.length > 0) {
        const apply = await cli(['lesson', 'apply', String(lesson.number)]);
        expect(apply.code, `${apply.stdout}\n${apply.stderr}`).toBe(0);
        expect(apply.stdout).toContain(`Applied the solution of lesson ${lesson.number}`);
        // Only code needs the webapp reloaded; a dashboard's JSON does not.
        if (lesson.solution.patch) expect(apply.stdout).toContain('The webapp runs your new code.');
        else expect(apply.stdout).not.toContain('The webapp runs your new code.');
      }
      for (const t of lesson.solution.traffic) {
        const runs = await Promise.all(trafficRuns(t.scenario, t.args).map((args) => cli(args)));
        for (const r of runs) expect(r.code, r.stderr).toBe(0);
      }
      for (const command of lesson.solution.commands) {
        const run = await cli(command);
        expect(run.code, `${command.join(' ')}: ${run.stdout}\n${run.stderr}`).toBe(0);
      }

      const after = await cli(['lesson', 'check', String(lesson.number), '--json']);
      const report = JSON.parse(after.stdout) as CheckReport;
      expect(
        report.results.filter((r) => !r.ok),
        `lesson ${lesson.number} fails after its solution`,
      ).toEqual([]);
      expect(after.code).toBe(0);

      if (VARIANTS[lesson.number]) {
        await variantsRefused(lesson.number);
        const again = await cli(['lesson', 'check', String(lesson.number), '--json']);
        expect(again.code, `lesson ${lesson.number} after its variants:\n${again.stdout}`).toBe(0);
      }

      const next = await cli(['lesson', 'next']);
      expect(next.code, next.stderr).toBe(0);
    }, 300_000);
  }

  it('records the progress and keeps a backup of every file a solution replaced', async () => {
    const progress = JSON.parse(readFileSync(join(project.dir, '.ddworkshop/progress.json'), 'utf8')) as {
      lessons: Record<string, { passedAt?: string }>;
    };
    for (const lesson of course.lessons)
      expect(progress.lessons[lesson.slug]?.passedAt, lesson.slug).toBeTruthy();
    const list = JSON.parse((await cli(['lesson', 'list', '--json'])).stdout) as {
      lessons: Array<{ state: string }>;
    };
    expect(list.lessons.every((l) => l.state === 'passed')).toBe(true);
    const { readdirSync } = await import('node:fs');
    const backups = readdirSync(join(project.dir, '.ddworkshop/backups'));
    expect(backups.some((b) => b.endsWith('apply-02-purchase-endpoint'))).toBe(true);
    const saved = readFileSync(
      join(
        project.dir,
        '.ddworkshop/backups',
        backups.find((b) => b.endsWith('apply-03-purchase-metrics')) ?? '',
        'webapp/src/metrics/index.ts',
      ),
      'utf8',
    );
    expect(saved).not.toContain('recordPurchaseMetrics');
  });

  it('reset restores the start of a lesson and keeps the student’s version', async () => {
    const file = join(project.dir, 'webapp/src/routes/purchase.ts');
    expect(readFileSync(file, 'utf8')).toContain("tracer.trace('purchase.process'");
    const reset = await cli(['lesson', 'reset', '5', '--no-reload']);
    expect(reset.code, reset.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).not.toContain('tracer.trace');
    const again = await cli(['lesson', 'apply', '5', '--no-reload']);
    expect(again.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain("tracer.trace('purchase.process'");
  });

  it.skipIf(!hasTmux)(
    'learn says when the webapp did not restart, and stops once it runs again',
    async () => {
      const file = join(project.dir, 'webapp/src/routes/health.ts');
      const good = readFileSync(file, 'utf8');
      const exports = Object.entries({ ...project.env, FORCE_COLOR: '0' })
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
      const term = openTerminal(
        'ddw-learn-restart',
        `cd ${project.dir} && env ${exports} node ${join(repo, 'bin/ddworkshop.js')} learn; sleep 30`,
      );
      try {
        // The lesson reset above made lesson 5 the current one; its checks pass first.
        await term.waitFor(/Lesson 5 passed/, 120_000);
        writeFileSync(file, `${good}\nthrow new Error('broken on purpose');\n`);
        await term.waitFor(/The webapp did not restart/, 120_000);
        writeFileSync(file, good);
        const fixed = await term.waitFor(/Lesson 5 passed/, 120_000);
        expect(fixed).not.toContain('The webapp did not restart');
      } finally {
        writeFileSync(file, good);
        term.keys('q');
        term.close();
      }
    },
    300_000,
  );
});
