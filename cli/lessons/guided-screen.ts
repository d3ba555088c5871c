/** The guided mode's screen as a pure function of its state, so it can be tested without a terminal. */
import chalk from 'chalk';
import type { Lesson } from './course.js';
import { renderMarkdown, renderResult } from './render.js';
import type { CheckResult } from './run-checks.js';

export interface GuidedState {
  lesson: Lesson;
  total: number;
  /** The lesson text (README.md). */
  text: string;
  phase: 'idle' | 'reloading' | 'checking' | 'passed' | 'failed';
  results: CheckResult[];
  /** One-off output of the last key (hint, diff, apply...). */
  note: string;
}

export const KEYS = '[c]heck  [h]int  [d]iff  [a]pply solution  [r]eset  [n]ext  [q]uit';

function statusLine(state: GuidedState): string {
  switch (state.phase) {
    case 'reloading':
      return chalk.cyan('⟳ Your code changed: restarting the webapp…');
    case 'checking':
      return chalk.cyan('⟳ Checking…');
    case 'passed':
      return chalk.green.bold(`✔ Lesson ${state.lesson.number} passed! Press n for the next lesson.`);
    case 'failed':
      return chalk.yellow('Not yet: edit the webapp and save; the checks run again on every save.');
    default:
      return chalk.dim('Waiting for your changes…');
  }
}

export function renderScreen(state: GuidedState): string {
  const parts = [
    chalk.bold(`Lesson ${state.lesson.number}/${state.total}: ${state.lesson.title}`),
    '',
    renderMarkdown(state.text.trim()),
    '',
    chalk.bold('Checks'),
    ...(state.results.length > 0 ? state.results.map(renderResult) : [chalk.dim('  (not run yet)')]),
    '',
    statusLine(state),
  ];
  if (state.note) parts.push('', state.note);
  parts.push('', chalk.dim(KEYS));
  return parts.join('\n');
}
