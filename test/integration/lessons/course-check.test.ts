/**
 * `ddw course check`, the lesson author's quick check: the shipped course holds together; a
 * patch that no longer applies after the ones before it, an empty hints file and a course file of
 * another format are each named.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/run-cli.js';

const repo = resolve(import.meta.dirname, '../../..');
const copies: string[] = [];
afterAll(() => {
  for (const c of copies) rmSync(c, { recursive: true, force: true });
});

function copy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ddw-course-'));
  copies.push(dir);
  cpSync(join(repo, 'lessons'), join(dir, 'lessons'), { recursive: true });
  cpSync(join(repo, 'webapp/src'), join(dir, 'webapp/src'), { recursive: true });
  writeFileSync(join(dir, 'docker-compose.yml'), 'services: {}\n');
  return dir;
}

describe('course check', () => {
  it('passes on the shipped course', async () => {
    const run = await runCli(repo, ['course', 'check', '--json'], {});
    const report = JSON.parse(run.stdout) as {
      ok: boolean;
      lessons: Array<{ lesson: string; problems: string[] }>;
    };
    expect(report.lessons.filter((l) => l.problems.length)).toEqual([]);
    expect(report.lessons).toHaveLength(9);
    expect(run.code).toBe(0);
  });

  it('names a patch that no longer applies and an empty hints file', async () => {
    const dir = copy();
    const patch = join(dir, 'lessons/05-custom-spans/solution.patch');
    // A context line of lesson 5's patch changed: it no longer matches the webapp lessons 2–4 leave.
    writeFileSync(patch, readFileSync(patch, 'utf8').replace(/^ (.*\S.*)$/m, ' $1 // changed'));
    writeFileSync(join(dir, 'lessons/03-purchase-metrics/hints.md'), '');
    const run = await runCli(dir, ['course', 'check'], {});
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✖ 03-purchase-metrics\n\s+hints\.md is missing or empty/);
    expect(run.stdout).toMatch(
      /✖ 05-custom-spans\n\s+its solution patch does not apply after the ones before it/,
    );
    expect(run.stdout).toContain('✔ 04-test-and-verify');
  });

  it('refuses a course file of another format, saying which it reads', async () => {
    const dir = copy();
    const file = join(dir, 'lessons/course.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('version: 1', 'version: 2'));
    const run = await runCli(dir, ['course', 'check'], {});
    expect(run.code).toBe(1);
    expect(run.stderr + run.stdout).toContain('version 2: this ddworkshop reads course format 1');
  });
});
