/**
 * The authoring check's other half: each lesson's most common wrong variants — the ones students
 * write — are rejected, with a message that names the fix. Offline, local runtime, one stack:
 * the lessons are solved in order, and after each one its wrong variants are put in place one at
 * a time, checked, and taken out again.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCourse } from '../../../cli/lessons/course.js';
import { copyProject, type ProjectCopy, repo } from '../../support/project-copy.js';
import { runCli } from '../../support/run-cli.js';

interface Variant {
  what: string;
  file: string;
  from: string | RegExp;
  to: string;
  /** The failing check's message and hint must say this. */
  says: RegExp;
}

const PURCHASE = 'webapp/src/routes/purchase.ts';
const METRICS = 'webapp/src/metrics/purchase-metrics.ts';
const MONITOR = 'monitors/error-rate.json';

const VARIANTS: Record<number, Variant[]> = {
  2: [
    {
      what: 'no rounding to cents',
      file: PURCHASE,
      from: 'Math.round(quantity * price * 100) / 100',
      to: 'quantity * price',
      says: /Round to cents/,
    },
    {
      what: 'a 400 that does not name the field',
      file: PURCHASE,
      from: '`${name} must be a whole number from 1 to ${max}`',
      to: "'invalid input'",
      says: /does not name (quantity|user_id|product_id)/,
    },
  ],
  3: [
    {
      what: 'a histogram where a distribution is asked',
      file: METRICS,
      from: "statsd.distribution('ecommerce.processing_time'",
      to: "statsd.histogram('ecommerce.processing_time'",
      says: /distribution/,
    },
    { what: 'a misspelt tag key', file: METRICS, from: '`amount_range:', to: '`range:', says: /range:…/ },
    {
      what: 'a counter where a gauge is asked',
      file: METRICS,
      from: "statsd.gauge('ecommerce.purchase_amount'",
      to: "statsd.increment('ecommerce.purchase_amount'",
      says: /should be a gauge/,
    },
  ],
  5: [
    {
      what: 'a span that does not wrap the processing',
      file: PURCHASE,
      from: /await tracer\.trace\('purchase\.process', \{ resource: 'process_purchase' \}, async \(\) => \{\n(\s*)(await new Promise[^\n]*)\n\s*\}\);/,
      to: "tracer.trace('purchase.process', { resource: 'process_purchase' }, () => {});\n$1$2",
      says: /does not wrap the processing/,
    },
  ],
  7: [
    {
      what: 'a threshold the check cannot sensibly trip',
      file: MONITOR,
      from: /10(?=( \}|"|,))|(?<=> )10/g,
      to: '100000',
      says: /cannot be tested here/,
    },
  ],
  8: [
    {
      what: 'slow purchases not at warn',
      file: PURCHASE,
      from: 'logger.warn(',
      to: 'logger.info(',
      says: /warn/,
    },
  ],
};

let project: ProjectCopy;
const cli = (args: string[], extraEnv: Record<string, string> = {}) =>
  runCli(project.dir, args, { ...project.env, ...extraEnv });
const course = parseCourse(readFileSync(join(repo, 'lessons/course.yaml'), 'utf8'), join(repo, 'lessons'));

beforeAll(async () => {
  project = await copyProject({ copyWebapp: true });
  const setup = await cli(['setup', '--offline', '--runtime', 'local']);
  if (setup.code !== 0) throw new Error(`setup failed:\n${setup.stdout}\n${setup.stderr}`);
}, 240_000);
afterAll(async () => {
  await cli(['down', '-v']);
  project.remove();
});

async function reload(file: string): Promise<void> {
  const run = file.startsWith('monitors/') ? await cli(['monitor', 'push']) : await cli(['up', '--build']);
  expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
}

describe('wrong variants are rejected with the fix named', () => {
  for (const lesson of course.lessons.filter((l) => l.number <= 8)) {
    it(`lesson ${lesson.number}: solved, then each common mistake refused`, async () => {
      if (lesson.solution.patch || lesson.solution.files.length > 0)
        expect((await cli(['lesson', 'apply', String(lesson.number)])).code).toBe(0);
      for (const t of lesson.solution.traffic)
        await cli(['traffic', t.scenario, ...t.args, '--time-scale', '0.05', '--seed', '1']);
      for (const command of lesson.solution.commands) await cli(command);

      for (const variant of VARIANTS[lesson.number] ?? []) {
        const path = join(project.dir, variant.file);
        const solved = readFileSync(path, 'utf8');
        const wrong = solved.replace(variant.from, variant.to);
        expect(wrong, `${variant.what}: the variant changes ${variant.file}`).not.toBe(solved);
        writeFileSync(path, wrong);
        try {
          await reload(variant.file);
          const check = await cli(['lesson', 'check', String(lesson.number), '--json'], {
            DDWORKSHOP_CHECK_PATIENCE_MS: '20000',
          });
          const report = JSON.parse(check.stdout) as {
            passed: boolean;
            results: Array<{ ok: boolean; message?: string; hint?: string }>;
          };
          expect(report.passed, `${variant.what} passed lesson ${lesson.number}`).toBe(false);
          const said = report.results
            .filter((r) => !r.ok)
            .map((r) => `${r.message ?? ''} → ${r.hint ?? ''}`)
            .join('\n');
          expect(said, variant.what).toMatch(variant.says);
        } finally {
          writeFileSync(path, solved);
          await reload(variant.file);
        }
      }
      const after = await cli(['lesson', 'check', String(lesson.number), '--json']);
      expect(after.code, `lesson ${lesson.number} after its variants:\n${after.stdout}`).toBe(0);
    }, 300_000);
  }
});
