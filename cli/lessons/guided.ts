/**
 * `ddworkshop learn`: shows the current lesson on one screen redrawn in place, watches the
 * webapp's sources, restarts the webapp and re-runs the checks on every save (debounced), and
 * takes single keys. A session object holds the state; a key map says what each key does.
 */
import { join } from 'node:path';
import { emitKeypressEvents } from 'node:readline';
import chalk from 'chalk';
import { CLI, cmd } from '../base/command.js';
import { UserError } from '../base/user-error.js';
import { oneAtATime } from '../util/one-at-a-time.js';
import { probeHttp } from '../util/probe-http.js';
import type { Lesson } from './course.js';
import { type GuidedState, maxScroll, renderScreen } from './guided-screen.js';
import { fillTemplate } from './lesson-facts.js';
import { renderHints, renderMarkdown } from './lesson-text.js';
import {
  advance,
  applySolution,
  currentLesson,
  readSolutionPatch,
  resetLesson,
  revealHints,
} from './operations.js';
import { colorPatch } from './render.js';
import { checkLessonResults, type LessonEnv, lessonEnv, lessonText } from './run-lesson.js';
import { LESSON_SCOPE } from './workspace.js';

// Long enough to gather an editor's burst of writes for one save (they land within a few ms);
// a later write during the reload starts it over, so nothing is lost by keeping this short.
const DEBOUNCE_MS = 60;
const TYPE_ERRORS = 'Type errors (the webapp runs your code, but fix these):';
const NO_RESTART = 'The webapp did not restart';

const size = () => ({ columns: process.stdout.columns || 80, rows: process.stdout.rows || 24 });

class GuidedSession {
  state: GuidedState;
  private markdown = '';
  /** Every run gets a controller: a save during a run cancels it and its results are dropped. */
  private running: AbortController | undefined;
  /** A save during a reload waits for it: two never restart the webapp at once. */
  private readonly reloads = oneAtATime();

  constructor(
    readonly env: LessonEnv,
    private lesson: Lesson,
    private readonly reload: boolean,
  ) {
    this.state = {
      lesson,
      total: env.course.lessons.length,
      text: '',
      phase: 'idle',
      results: [],
      note: '',
      scroll: 0,
    };
  }

  draw(): void {
    const lines = renderScreen(this.state, size());
    process.stdout.write(`\x1b[H${lines.map((l) => `${l}\x1b[K`).join('\n')}\x1b[J`);
  }

  /** Re-renders the lesson text for the terminal's width (on start, on resize, on a new lesson). */
  layout(): void {
    this.state.text = renderMarkdown(this.markdown, Math.min(size().columns, 100));
  }

  async show(lesson: Lesson): Promise<void> {
    this.lesson = lesson;
    this.markdown = await lessonText(this.env, lesson);
    Object.assign(this.state, { lesson, results: [], phase: 'idle', scroll: 0 });
    this.layout();
  }

  scroll(by: number): void {
    this.state.scroll = Math.max(0, Math.min(this.state.scroll + by, maxScroll(this.state, size())));
    this.draw();
  }

  async recheck(reloadFirst: boolean): Promise<void> {
    this.running?.abort();
    const mine = new AbortController();
    this.running = mine;
    if (reloadFirst && this.reload) {
      this.state.phase = 'reloading';
      this.draw();
      const { reloadWebapp } = await import('./stack-hooks.js');
      const reload = this.reloads(mine.signal, () =>
        reloadWebapp(
          this.env.config,
          () => {},
          (errors) => {
            // The types are checked once the webapp is up: their verdict comes when it comes.
            if (mine.signal.aborted) return;
            if (errors) this.state.note = chalk.red(`${TYPE_ERRORS}\n${errors}`);
            else if (this.state.note.includes(TYPE_ERRORS)) this.state.note = '';
            else return;
            this.draw();
          },
        ),
      );
      try {
        await reload;
      } catch (error) {
        if (mine.signal.aborted) return;
        this.state.phase = 'failed';
        this.state.note = chalk.red(`${NO_RESTART}: ${(error as Error).message}`);
        return this.draw();
      }
    }
    if (mine.signal.aborted) return;
    // A restart that failed earlier may have been fixed since (`up` in another terminal): a
    // webapp that answers now takes the stale note away.
    if (this.state.note.includes(NO_RESTART) && (await probeHttp(`${this.env.config.webappUrl}/health`)))
      this.state.note = '';
    Object.assign(this.state, { phase: 'checking', results: [] });
    this.draw();
    const results = await checkLessonResults(
      this.env,
      this.lesson,
      (r) => {
        if (mine.signal.aborted) return;
        this.state.results.push(r);
        this.draw();
      },
      mine.signal,
    );
    if (mine.signal.aborted) return;
    this.state.results = results;
    this.state.phase = results.every((r) => r.ok) ? 'passed' : 'failed';
    // A drill running shows under what to do now, so it is not forgotten while the course goes on.
    const { drillSummary, readState } = await import('../drills/drill-state.js');
    this.state.drill = drillSummary(await readState(this.env.config), Date.now());
    // The instructor's messages (a class's sender fetched them) show under the checks, once.
    const { unseenMessages } = await import('../class/class-client.js');
    const messages = await unseenMessages(this.env.config.stateDir).catch(() => []);
    if (messages.length)
      this.state.note = chalk.magenta(messages.map((m) => `📣 instructor: ${m.text}`).join('\n'));
    this.draw();
  }

  stop(): void {
    this.running?.abort();
  }

  currentLesson(): Lesson {
    return this.lesson;
  }
}

type KeyAction = (s: GuidedSession) => Promise<string | undefined>;

/** What each key does; an action returns the note to show (undefined: leave the screen as is). */
const KEY_MAP: Record<string, KeyAction> = {
  async c(s) {
    void s.recheck(false);
    return undefined;
  },
  async h(s) {
    const { hints, shown } = await revealHints(s.env.ws, s.currentLesson());
    const filled = hints.map((h) => fillTemplate(h, s.env.facts));
    return hints.length ? renderHints(filled, shown, size().columns) : 'No hints for this lesson.';
  },
  async d(s) {
    const patch = await readSolutionPatch(s.currentLesson());
    return patch ? colorPatch(patch) : 'This lesson changes no code: its checks look at your stack and data.';
  },
  async a(s) {
    const lesson = s.currentLesson();
    const outcome = await applySolution(s.env.ws, lesson);
    // The watcher sees the files change and re-checks.
    if (outcome.noPatch)
      return `Nothing to apply. ${lesson.solution.traffic.map((t) => `Run: ${cmd(`traffic ${[t.scenario, ...t.args].join(' ')}`)}`).join('; ')}`;
    if (outcome.alreadyApplied) return 'The solution is already in place.';
    return `Applied: ${outcome.changed.join(', ')} (your files: ${outcome.backupDir})`;
  },
  async r(s) {
    const outcome = await resetLesson(s.env.ws, s.currentLesson());
    if (!outcome.changed.length) return 'Nothing to reset.';
    const name = outcome.backupDir?.split(/[\\/]/).at(-1) ?? '';
    return `Restored: ${outcome.changed.join(', ')}\nYour edits are saved in ${outcome.backupDir}\nGet them back: ${cmd(`lesson restore ${name}`)}`;
  },
  async n(s) {
    const next = await advance(s.env.ws, s.env.course, { force: false });
    if (!next) return chalk.green('You finished the course. Well done! Press q to quit.');
    await s.show(next);
    return '';
  },
};

function keyHandler(session: GuidedSession, quit: () => void) {
  return (_text: string, key: { name?: string; ctrl?: boolean }) => {
    if (key.name === 'q' || (key.ctrl && key.name === 'c')) return quit();
    if (key.name === 'up' || key.name === 'k') return session.scroll(-1);
    if (key.name === 'down' || key.name === 'j') return session.scroll(1);
    if (key.name === 'pageup') return session.scroll(-10);
    if (key.name === 'pagedown' || key.name === 'space') return session.scroll(10);
    const action = key.name ? KEY_MAP[key.name] : undefined;
    if (!action) return;
    action(session)
      .then((note) => {
        if (note === undefined) return;
        session.state.note = note;
        session.draw();
      })
      .catch((error: unknown) => {
        session.state.note = chalk.red(
          error instanceof UserError && error.next
            ? `${error.message}\n→ ${error.next}`
            : (error as Error).message,
        );
        session.draw();
      });
  };
}

export async function learn(options: { reload?: boolean }): Promise<void> {
  if (!process.stdin.isTTY || !process.stdout.isTTY || !process.stdout.columns) {
    throw new UserError(
      'learn is interactive and needs a terminal',
      `In scripts use \`${CLI} lesson check N\` and \`${CLI} lesson apply N\`.`,
    );
  }
  const env = await lessonEnv();
  const session = new GuidedSession(env, await currentLesson(env.ws, env.course), options.reload !== false);
  await session.show(session.currentLesson());

  const { watch } = await import('chokidar');
  let timer: NodeJS.Timeout | undefined;
  const watcher = watch(join(env.ws.projectDir, LESSON_SCOPE), { ignoreInitial: true });
  watcher.on('all', (_event, path) => {
    if (!/\.(ts|js|json)$/.test(path)) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      session.state.note = chalk.dim(`Saved: ${path.slice(env.ws.projectDir.length + 1)}`);
      void session.recheck(true);
    }, DEBOUNCE_MS);
  });
  const onResize = () => {
    session.layout();
    session.draw();
  };

  await new Promise<void>((resolve) => {
    // The alternate screen keeps the student's scrollback as it was; the cursor hides while we draw.
    process.stdout.write('\x1b[?1049h\x1b[?25l');
    emitKeypressEvents(process.stdin);
    process.stdin.setRawMode(true);
    process.stdin.resume();
    const quit = () => {
      process.stdin.setRawMode(false);
      process.stdin.pause();
      process.stdin.off('keypress', handler);
      process.stdout.off('resize', onResize);
      process.off('SIGTERM', quit);
      clearTimeout(timer);
      session.stop();
      void watcher.close();
      process.stdout.write('\x1b[?25h\x1b[?1049l');
      const { lesson, phase } = session.state;
      process.stdout.write(
        `Lesson ${lesson.number}: ${lesson.title} — ${phase === 'passed' ? 'passed' : 'not passed yet'}. ${chalk.dim(`Come back with ${cmd('learn')}.`)}\n`,
      );
      resolve();
    };
    const handler = keyHandler(session, quit);
    process.stdin.on('keypress', handler);
    process.stdout.on('resize', onResize);
    process.once('SIGTERM', quit);
    session.draw();
    void session.recheck(false);
  });
}
