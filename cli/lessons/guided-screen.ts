/**
 * The guided mode's screen as a pure function of its state and the terminal's size, so it can
 * be tested without a terminal. It always fits: the title, the checks, what to do now and the
 * keys stay on screen; the lesson text gets the rows left and scrolls (↑/↓).
 */
import chalk from 'chalk';
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';
import { cmd } from '../base/command.js';
import type { Lesson } from './course.js';
import { renderResult } from './render.js';
import type { CheckResult } from './run-checks.js';

export interface GuidedState {
  lesson: Lesson;
  total: number;
  /** The lesson text, already rendered for the terminal (lesson-text.ts). */
  text: string;
  phase: 'idle' | 'reloading' | 'checking' | 'passed' | 'failed';
  results: CheckResult[];
  /** One-off output of the last key (hint, diff, apply...). */
  note: string;
  /** First line of the lesson text on screen. */
  scroll: number;
  /** A drill running or solved (drill-state.ts), shown under what to do now. */
  drill?: string;
}

export interface ScreenSize {
  columns: number;
  rows: number;
}

export const KEYS = '[c]heck  [h]int  [d]iff  [a]pply solution  [r]eset  [n]ext  ↑/↓ scroll  [q]uit';

/** What the student should do now, for a lesson that changes code or one that does not. */
export function nextStep(state: GuidedState): string {
  const { lesson } = state;
  switch (state.phase) {
    case 'reloading':
      return chalk.cyan('⟳ Your code changed: restarting the webapp…');
    case 'checking':
      return chalk.cyan('⟳ Checking…');
    case 'passed':
      return chalk.green.bold(`✔ Lesson ${lesson.number} passed! Press n for the next lesson.`);
    default: {
      const traffic = lesson.solution.traffic.map((t) => cmd(`traffic ${[t.scenario, ...t.args].join(' ')}`));
      if (lesson.solution.patch) {
        const prefix = state.phase === 'failed' ? 'Not yet: edit' : 'Edit';
        return chalk.yellow(
          `${prefix} webapp/src and save: the checks run again on every save (or press c).`,
        );
      }
      const run = traffic.length
        ? `run ${traffic.join(', then ')} in another terminal`
        : 'do the steps above';
      return chalk.yellow(
        `${state.phase === 'failed' ? 'Not yet: ' : 'No code to write here: '}${run}, then press c to check.`,
      );
    }
  }
}

function fitLines(text: string, columns: number): string[] {
  return text.split('\n').flatMap((line) => wrapAnsi(line, columns, { hard: true, trim: false }).split('\n'));
}

/** The whole screen, exactly `size.rows` lines or fewer, none wider than `size.columns`. */
export function renderScreen(state: GuidedState, size: ScreenSize = { columns: 100, rows: 40 }): string[] {
  const columns = Math.max(20, size.columns);
  const rows = Math.max(10, size.rows);
  const rule = chalk.dim('─'.repeat(Math.min(columns, 80)));
  const head = fitLines(
    chalk.bold(`Lesson ${state.lesson.number}/${state.total}: ${state.lesson.title}`),
    columns,
  );
  const checks = [
    chalk.bold('Checks'),
    ...(state.results.length
      ? state.results.flatMap((r) => fitLines(renderResult(r), columns))
      : [chalk.dim('  (not run yet)')]),
  ];
  const status = [
    ...fitLines(nextStep(state), columns),
    ...(state.drill ? fitLines(chalk.red(`🚨 ${state.drill}`), columns) : []),
  ];
  const keys = fitLines(chalk.dim(KEYS), columns);
  const fixed = head.length + 2 + checks.length + status.length + keys.length + 2;
  // The note (a hint, a diff) may take what the lesson text needs least: at most a third of the screen.
  const noteBudget = Math.max(0, Math.min(Math.floor(rows / 3), rows - fixed - 4));
  let note = state.note ? fitLines(state.note, columns) : [];
  if (note.length > noteBudget)
    note = [...note.slice(0, Math.max(0, noteBudget - 1)), chalk.dim('  … (more: make the terminal taller)')];
  const textRows = Math.max(1, rows - fixed - (note.length ? note.length + 1 : 0));
  const body = fitLines(state.text, columns);
  const scroll = Math.max(0, Math.min(state.scroll, Math.max(0, body.length - textRows)));
  let shown = body.slice(scroll, scroll + textRows);
  const below = body.length - (scroll + shown.length);
  if (below > 0 || scroll > 0) {
    shown = shown.slice(0, Math.max(0, textRows - 1));
    shown.push(
      chalk.dim(
        `  ${scroll > 0 ? '↑' : ' '}${below > 0 ? '↓' : ' '} ${below > 0 ? `${below} more lines` : 'end'} (↑/↓ to scroll)`,
      ),
    );
  }
  const lines = [...head, rule, ...shown, rule, ...checks, ...status];
  if (note.length) lines.push('', ...note);
  lines.push('', ...keys);
  return lines
    .slice(0, rows)
    .map((l) => (stringWidth(l) > columns ? (wrapAnsi(l, columns, { hard: true }).split('\n')[0] ?? '') : l));
}

/** How far the text may scroll for this screen (used to clamp the key handler). */
export function maxScroll(state: GuidedState, size: ScreenSize): number {
  return Math.max(0, fitLines(state.text, Math.max(20, size.columns)).length - 3);
}
