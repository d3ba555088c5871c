/**
 * `course check --run`, the full authoring check as a command, on a two-lesson course whose second
 * lesson lost its solution: lesson 1 fails before and passes after; lesson 2 still fails after, and
 * the run says so, stops, and removes its scratch stack.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trafficRuns } from '../../../cli/lessons/course-run.js';
import { copyProject, type ProjectCopy } from '../../support/project-copy.js';
import { runCli } from '../../support/run-cli.js';

let project: ProjectCopy;

beforeAll(async () => {
  project = await copyProject({ copyWebapp: true });
  const file = join(project.dir, 'lessons/course.yaml');
  const yaml = readFileSync(file, 'utf8');
  const two = yaml.slice(0, yaml.indexOf('  - slug: 03-'));
  const withoutSolution = two.replace(
    /(- slug: 02-purchase-endpoint[\s\S]*?)solution:\n\s+patch: solution.patch\n/,
    '$1',
  );
  expect(withoutSolution).not.toBe(two);
  writeFileSync(file, withoutSolution);
});
afterAll(() => project?.remove());

describe('course check --run', () => {
  it('passes lesson 1, names what fails in lesson 2, and stops there', async () => {
    const run = await runCli(project.dir, ['course', 'check', '--run', '--json'], project.env, 600_000);
    expect(run.code, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout) as {
      ok: boolean;
      run: Array<{ lesson: string; problem?: string }>;
    };
    expect(report.ok).toBe(false);
    expect(report.run.map((v) => v.lesson)).toEqual(['01-explore-the-stack', '02-purchase-endpoint']);
    expect(report.run[0]?.problem).toBeUndefined();
    expect(report.run[1]?.problem).toMatch(/its checks fail after its solution: .*purchase/i);
    // Progress went to stderr, one JSON object a line, and the scratch copy is gone.
    const scratch = run.stderr.match(/"message":"[^"]*"/g) ?? [];
    expect(scratch.length).toBeGreaterThan(0);
    expect(existsSync(join(project.dir, '.ddworkshop/local'))).toBe(false);
  }, 600_000);
});

describe('the course run’s traffic', () => {
  it('sends many purchases as five runs side by side, the rest as written, pauses shortened', () => {
    expect(trafficRuns('purchase', ['25'])).toEqual(
      [1, 2, 3, 4, 5].map((seed) => [
        'traffic',
        'purchase',
        '5',
        '--seed',
        String(seed),
        '--time-scale',
        '0.05',
      ]),
    );
    expect(trafficRuns('purchase', ['3'])).toEqual([
      ['traffic', 'purchase', '3', '--seed', '1', '--time-scale', '0.05'],
    ]);
    expect(trafficRuns('shop', ['10'])).toEqual([
      ['traffic', 'shop', '10', '--seed', '1', '--time-scale', '0.05'],
    ]);
  });
});
