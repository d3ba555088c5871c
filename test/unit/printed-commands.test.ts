/**
 * Every command the lessons print, rendered for cmd.exe and for PowerShell, reaches node with
 * the arguments the POSIX form means — through each shell's parsing and ddw.cmd's `%*`
 * (modelled in test/support/windows-shells.ts, itself tested below on the known failure).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../cli/config/workshop-config.js';
import { parseCourse } from '../../cli/lessons/course.js';
import { fillTemplate, lessonFacts } from '../../cli/lessons/lesson-facts.js';
import type { StudentShell } from '../../cli/platform/shell.js';
import { posixWords, typedInCmd, typedInPowerShell } from '../support/windows-shells.js';

const repo = resolve(import.meta.dirname, '../..');
const course = parseCourse(readFileSync(join(repo, 'lessons/course.yaml'), 'utf8'), join(repo, 'lessons'));

/** The launcher commands in a rendered text: inline `code` and code-block lines. */
function commands(text: string, launcher: string): string[] {
  const spans = [...text.matchAll(/`([^`\n]+)`|^([^`\n]+)$/gm)].map((m) => (m[1] ?? m[2] ?? '').trim());
  // Placeholders (<query_signature>) are for the student to replace, not to type.
  return spans.filter((s) => s.startsWith(`${launcher} `) && !/<[\w-]+>/.test(s));
}

function rendered(shell: StudentShell): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const runtime of ['docker', 'local'] as const)
    for (const offline of [true, false]) {
      const config = resolveConfig({ env: offline ? {} : { DD_API_KEY: 'a'.repeat(32) }, projectDir: repo });
      const facts = lessonFacts(config, runtime, shell);
      for (const lesson of course.lessons)
        for (const file of ['README.md', 'hints.md']) {
          const text = fillTemplate(readFileSync(join(lesson.dir, file), 'utf8'), facts);
          out.set(`${lesson.slug}/${file}/${runtime}/${offline}`, commands(text, facts.cli));
        }
    }
  return out;
}

describe('the model of Windows shells', () => {
  it('reproduces the known failure: PowerShell drops the quotes and cmd.exe redirects to a file named 100', () => {
    expect(typedInPowerShell('verify logs --query "@purchase.amount:>100"')).toEqual({
      ok: false,
      why: 'cmd.exe takes > as an operator',
    });
    expect(typedInCmd('verify logs --query "@purchase.amount:>100"')).toEqual({
      ok: true,
      argv: ['verify', 'logs', '--query', '@purchase.amount:>100'],
    });
    expect(typedInPowerShell('--% verify logs --query "@purchase.amount:>100"')).toEqual({
      ok: true,
      argv: ['verify', 'logs', '--query', '@purchase.amount:>100'],
    });
    // curl's JSON body loses its quotes on the way: {user_id:1}.
    expect(typedInPowerShell(`request POST /purchase -d '{"user_id":1}'`)).toEqual({
      ok: true,
      argv: ['request', 'POST', '/purchase', '-d', '{user_id:1}'],
    });
    expect(() => posixWords('db explain "SELECT 1 WHERE a = $1"')).toThrow(/expands/);
    expect(typedInPowerShell('traffic custom --endpoint "POST /purchase"')).toEqual({
      ok: true,
      argv: ['traffic', 'custom', '--endpoint', 'POST /purchase'],
    });
  });
});

describe('printed commands survive cmd.exe and PowerShell', () => {
  const posix = rendered('posix');
  for (const [shell, typed] of [
    ['cmd', typedInCmd],
    ['powershell', typedInPowerShell],
  ] as const) {
    it(`${shell}: every lesson command reaches node as meant`, () => {
      let checked = 0;
      for (const [where, lines] of rendered(shell)) {
        const meant = posix.get(where) ?? [];
        expect(lines.length, where).toBe(meant.length);
        lines.forEach((line, i) => {
          const rest = line.slice(line.indexOf(' ') + 1);
          const intended = posixWords((meant[i] as string).slice((meant[i] as string).indexOf(' ') + 1));
          expect(typed(rest), `${where}: ${line}`).toEqual({ ok: true, argv: intended });
          checked++;
        });
      }
      expect(checked).toBeGreaterThan(50);
    });
  }
});
