/**
 * The one way a check's outcome is printed — setup, doctor, agent status, agent info and the
 * lesson checks all use it: a mark, what was checked, what was found, and `→` what to do.
 */
import chalk from 'chalk';

export type CheckLevel = 'ok' | 'warn' | 'fail' | 'skip';

export interface CheckLine {
  level: CheckLevel;
  title: string;
  detail?: string;
  remedy?: string;
}

const MARK: Record<CheckLevel, () => string> = {
  ok: () => chalk.green('✔'),
  warn: () => chalk.yellow('!'),
  fail: () => chalk.red('✖'),
  skip: () => chalk.dim('–'),
};

/**
 * `✔ title: detail` on one line, or (`detailBelow`, for long details such as a lesson check's
 * message) the detail on its own indented line; the remedy always below, after `→`.
 */
export function renderCheck(c: CheckLine, { detailBelow = false } = {}): string {
  const mark = MARK[c.level]();
  const lines: string[] = [];
  if (c.detail && !detailBelow) lines.push(`${mark} ${c.title}: ${c.detail}`);
  else {
    lines.push(`${mark} ${c.title}`);
    if (c.detail) lines.push(`  ${c.level === 'ok' || c.level === 'skip' ? chalk.dim(c.detail) : c.detail}`);
  }
  if (c.remedy && c.level !== 'ok') lines.push(`  ${chalk.yellow('→')} ${c.remedy}`);
  const text = lines.join('\n');
  return c.level === 'skip' ? chalk.dim(text) : text;
}

/** A pass/fail outcome as a line's level. */
export const levelOf = (ok: boolean): CheckLevel => (ok ? 'ok' : 'fail');
