/**
 * `ddworkshop learn`: shows the current lesson, watches the webapp's sources, restarts the
 * webapp and re-runs the checks on every save (debounced), and takes single keys.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { emitKeypressEvents } from 'node:readline';
import chalk from 'chalk';
import { CLI } from '../ui/command.js';
import { UserError } from '../ui/user-error.js';
import type { Lesson } from './course.js';
import { type GuidedState, renderScreen } from './guided-screen.js';
import {
  advance,
  applySolution,
  currentLesson,
  readSolutionPatch,
  resetLesson,
  revealHints,
} from './operations.js';
import { colorPatch, renderHints } from './render.js';
import { checkLessonResults, lessonEnv } from './run-lesson.js';
import { LESSON_SCOPE } from './workspace.js';

const DEBOUNCE_MS = 400;

export async function learn(options: { reload?: boolean }): Promise<void> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new UserError(
      'learn is interactive and needs a terminal',
      `In scripts use \`${CLI} lesson check N\` and \`${CLI} lesson apply N\`.`,
    );
  }
  const env = await lessonEnv();
  const { reloadWebapp } = await import('./stack-hooks.js');
  const lessonText = async (lesson: Lesson) => readFile(join(lesson.dir, 'README.md'), 'utf8');
  let lesson = await currentLesson(env.ws, env.course);
  const state: GuidedState = {
    lesson,
    total: env.course.lessons.length,
    text: await lessonText(lesson),
    phase: 'idle',
    results: [],
    note: '',
  };
  const draw = () => process.stdout.write(`\x1b[2J\x1b[H${renderScreen(state)}\n`);

  // Every run gets a generation number: a save during a run makes the older run's results stale.
  let generation = 0;
  const recheck = async (reload: boolean) => {
    const mine = ++generation;
    if (reload && options.reload !== false) {
      state.phase = 'reloading';
      draw();
      try {
        await reloadWebapp(env.config, () => {});
      } catch (error) {
        if (mine !== generation) return;
        state.phase = 'failed';
        state.note = chalk.red(`The webapp did not restart: ${(error as Error).message}`);
        draw();
        return;
      }
    }
    if (mine !== generation) return;
    state.phase = 'checking';
    state.results = [];
    draw();
    const results = await checkLessonResults(env, lesson, (r) => {
      if (mine === generation) {
        state.results.push(r);
        draw();
      }
    });
    if (mine !== generation) return;
    state.results = results;
    state.phase = results.every((r) => r.ok) ? 'passed' : 'failed';
    draw();
  };

  const { watch } = await import('chokidar');
  let timer: NodeJS.Timeout | undefined;
  const watcher = watch(join(env.ws.projectDir, LESSON_SCOPE), { ignoreInitial: true });
  watcher.on('all', (_event, path) => {
    if (!/\.(ts|js|json)$/.test(path)) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      state.note = chalk.dim(`Saved: ${path.slice(env.ws.projectDir.length + 1)}`);
      void recheck(true);
    }, DEBOUNCE_MS);
  });

  const switchTo = async (next: Lesson) => {
    lesson = next;
    state.lesson = next;
    state.text = await lessonText(next);
    state.results = [];
    state.phase = 'idle';
  };

  const onKey = async (key: string) => {
    state.note = '';
    switch (key) {
      case 'c':
        return recheck(false);
      case 'h': {
        const { hints, shown } = await revealHints(env.ws, lesson);
        state.note = hints.length ? renderHints(hints, shown) : 'No hints for this lesson.';
        break;
      }
      case 'd': {
        const patch = await readSolutionPatch(lesson);
        state.note = patch
          ? colorPatch(patch)
          : 'This lesson changes no code: its checks look at your stack and data.';
        break;
      }
      case 'a': {
        const outcome = await applySolution(env.ws, lesson);
        state.note = outcome.noPatch
          ? `Nothing to apply. ${lesson.solution.traffic.map((t) => `Run: ${CLI} traffic ${[t.scenario, ...t.args].join(' ')}`).join('; ')}`
          : outcome.alreadyApplied
            ? 'The solution is already in place.'
            : `Applied: ${outcome.changed.join(', ')} (your files: ${outcome.backupDir})`;
        break; // the watcher sees the files change and re-checks
      }
      case 'r': {
        const outcome = await resetLesson(env.ws, lesson);
        state.note = outcome.changed.length
          ? `Restored: ${outcome.changed.join(', ')} (your edits: ${outcome.backupDir})`
          : 'Nothing to reset.';
        break;
      }
      case 'n': {
        const next = await advance(env.ws, env.course, { force: false });
        if (!next) {
          state.note = chalk.green('You finished the course. Well done! Press q to quit.');
          break;
        }
        await switchTo(next);
        break;
      }
      default:
        return;
    }
    draw();
  };

  await new Promise<void>((resolve) => {
    emitKeypressEvents(process.stdin);
    process.stdin.setRawMode(true);
    process.stdin.resume();
    const stop = () => {
      process.stdin.setRawMode(false);
      process.stdin.pause();
      process.stdin.off('keypress', handler);
      clearTimeout(timer);
      void watcher.close();
      process.stdout.write('\n');
      resolve();
    };
    const handler = (_text: string, key: { name?: string; ctrl?: boolean }) => {
      if (key.name === 'q' || (key.ctrl && key.name === 'c')) return stop();
      if (!key.name) return;
      onKey(key.name).catch((error: unknown) => {
        state.note = chalk.red(
          error instanceof UserError && error.next
            ? `${error.message}\n→ ${error.next}`
            : (error as Error).message,
        );
        draw();
      });
    };
    process.stdin.on('keypress', handler);
    draw();
    void recheck(false);
  });
}
