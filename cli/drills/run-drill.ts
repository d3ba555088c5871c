/**
 * `drill list|start|status|answer|stop`: a fault injected into the student's own stack through the
 * webapp's feature flags, the traffic that shows it running in the background, and the answer
 * graded against the data through the Datadog API (the intake offline).
 */

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import chalk from 'chalk';
import { CLI, cmd } from '../base/command.js';
import { launcherPath } from '../base/launcher.js';
import { UserError } from '../base/user-error.js';
import { loadConfig } from '../config/load-config.js';
import type { WorkshopConfig } from '../config/workshop-config.js';
import { renderTable } from '../ui/table.js';
import { detect, detectedLine, evidence } from './drill-evidence.js';
import { dropProductIndex, pushMonitor, undoSideEffects } from './drill-side-effects.js';
import { type DrillState, minutes, readState, running, saveState } from './drill-state.js';
import { DRILLS, type Drill, type DrillAnswer, findDrill, flagFile } from './scenarios.js';

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
/** Where the webapp reads its flags (DDWORKSHOP_FLAGS_FILE in the compose file's local environment). */
const flagsFile = (c: WorkshopConfig) => join(c.stateDir, 'drills', 'flags.json');

export async function listDrills(): Promise<void> {
  out(
    renderTable(
      ['DRILL', 'WHAT USERS REPORT', 'LESSONS'],
      DRILLS.map((d) => [d.name, d.symptom, d.assumes.join(', ')]),
    ),
  );
  out(chalk.dim(`${cmd('drill start <name>')} starts one (or --random).`));
}

async function writeFlags(
  c: WorkshopConfig,
  flags: Record<string, number | string | boolean>,
): Promise<void> {
  await mkdir(join(c.stateDir, 'drills'), { recursive: true });
  await writeFile(flagsFile(c), `${JSON.stringify(flagFile(flags), null, 2)}\n`);
}

export async function startDrill(
  name: string | undefined,
  options: { random?: boolean; traffic?: boolean },
): Promise<void> {
  const c = await loadConfig();
  const before = await readState(c);
  if (running(before))
    throw new UserError(`The drill ${before.name} is running`, `${cmd('drill stop')} ends it first.`);
  const seed = Math.floor(Math.random() * 1_000_000);
  const drill: Drill | undefined = options.random ? DRILLS[seed % DRILLS.length] : findDrill(name ?? '');
  if (!drill) throw new UserError(`No drill named ${name ?? '(none)'}`, `${cmd('drill list')} lists them.`);
  await lessonsDone(c);
  const flags = drill.flags(seed);
  const droppedIndex = drill.sideEffect === 'drop-product-index' ? await dropProductIndex(c) : undefined;
  await writeFlags(c, flags);
  const monitorId = drill.monitor ? await pushMonitor(c, drill.name, drill.monitor, out) : undefined;
  await saveState(c, {
    name: drill.name,
    seed,
    startedAt: new Date().toISOString(),
    flags,
    tries: 0,
    ...(droppedIndex ? { droppedIndex } : {}),
    ...(monitorId !== undefined ? { monitorId } : {}),
  });
  if (options.traffic !== false) await startTraffic(c, drill);
  // A class's hub hears of the start (no verdict yet), so it can tell how long the drill took.
  const { reportToClass } = await import('../class/class-client.js');
  await reportToClass(c, { kind: 'drill', lesson: drill.name });
  out(`${chalk.red.bold('Incident:')} ${drill.symptom}`);
  out(`The traffic that shows it runs in the background (${drill.traffic.join(' ')}) until the drill ends.`);
  out(
    `Find the cause with what lessons ${drill.assumes.join(', ')} built — the console or Datadog, metrics, traces, logs.`,
  );
  out(
    `Then: ${chalk.cyan(cmd('drill answer'))} (it asks: ${drill.asks.map((a) => a.field).join(', ')}); ${cmd('drill status')} shows the clock.`,
  );
  out(chalk.dim(`The briefing: ${cmd('drill show')}; stuck? ${cmd('drill hint')} teaches where to look.`));
}

/** A drill's briefing and hints, Markdown in the course's format: drills/<name>/README.md and hints.md. */
async function drillTexts(c: WorkshopConfig, name: string): Promise<{ text: string; hints: string[] }> {
  const [{ fillTemplate, lessonFacts }, { parseHints }, { rememberedRuntime }] = await Promise.all([
    import('../lessons/lesson-facts.js'),
    import('../lessons/render.js'),
    import('../runtime/select-runtime.js'),
  ]);
  const facts = lessonFacts(c, rememberedRuntime(c.stateDir));
  const read = (file: string) => readFile(join(c.projectDir, 'drills', name, file), 'utf8').catch(() => '');
  const [text, hints] = await Promise.all([read('README.md'), read('hints.md')]);
  return { text: fillTemplate(text, facts), hints: parseHints(hints).map((h) => fillTemplate(h, facts)) };
}

const width = () => Math.min(process.stdout.columns || 80, 100);

/** The briefing of a drill (the running one by default), for the terminal. */
export async function showDrill(name: string | undefined): Promise<void> {
  const c = await loadConfig();
  const s = await readState(c);
  const drill = findDrill(name ?? (running(s) ? s.name : ''));
  if (!drill)
    throw new UserError(
      name ? `No drill named ${name}` : 'No drill is running',
      `${cmd('drill list')} lists them.`,
    );
  const { text } = await drillTexts(c, drill.name);
  const { renderMarkdown } = await import('../lessons/lesson-text.js');
  out(text ? renderMarkdown(text, width()) : drill.symptom);
}

/** The running drill's next hint (or all of them): how to look, never the answer. */
export async function hintDrill(options: { all?: boolean }): Promise<void> {
  const c = await loadConfig();
  const s = await readState(c);
  if (!running(s)) throw new UserError('No drill is running', `${cmd('drill start <name>')} starts one.`);
  const { hints } = await drillTexts(c, s.name);
  if (hints.length === 0) return out(`This drill has no hints. ${cmd('drill show')} is its briefing.`);
  const shown = options.all ? hints.length : Math.min((s.hintsShown ?? 0) + 1, hints.length);
  await saveState(c, { ...s, hintsShown: shown });
  const { renderHints } = await import('../lessons/lesson-text.js');
  out(renderHints(hints, shown, width()));
  if (shown < hints.length) out(chalk.dim('Run it again for the next hint, or --all.'));
  const { reportToClass } = await import('../class/class-client.js');
  await reportToClass(c, { kind: 'hint', lesson: s.name });
}

/** Drills use what the whole course built: the first lesson not passed stops them, named. */
async function lessonsDone(c: WorkshopConfig): Promise<void> {
  const [{ loadCourse }, { readProgress }] = await Promise.all([
    import('../lessons/course.js'),
    import('../lessons/progress.js'),
  ]);
  const [course, progress] = await Promise.all([loadCourse(c.projectDir), readProgress(c.stateDir)]);
  const missing = course.lessons.find((l) => !progress.lessons[l.slug]?.passedAt);
  if (missing)
    throw new UserError(
      `Drills use what lessons 1–${course.lessons.length} built: lesson ${missing.number} (${missing.title}) is not passed yet`,
      `${cmd(`lesson check ${missing.number}`)} once it is done, or ${cmd('learn')} to go on with it.`,
    );
}

async function startTraffic(c: WorkshopConfig, drill: Drill): Promise<void> {
  const { spawnDetached, stopProcess } = await import('../local/processes.js');
  await stopProcess(c.stateDir, 'drill-traffic', 2_000);
  await spawnDetached(
    c.stateDir,
    'drill-traffic',
    [process.execPath, launcherPath(), 'traffic', ...drill.traffic],
    {
      env: Object.fromEntries(
        Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined),
      ),
      cwd: c.projectDir,
      configHash: '',
    },
  );
}

export async function drillStatus(): Promise<void> {
  const c = await loadConfig();
  const found = await readState(c);
  if (!found) return out(`No drill yet. ${cmd('drill list')} lists them.`);
  const s: DrillState = { ...found, ...(running(found) ? { detected: await detect(c, found) } : {}) };
  if (s.detected && !found.detected) await saveState(c, s);
  const started = Date.parse(s.startedAt);
  const end = s.solvedAt ? Date.parse(s.solvedAt) : s.stoppedAt ? Date.parse(s.stoppedAt) : Date.now();
  const state = s.solvedAt
    ? chalk.green(`solved in ${minutes(end - started)}`)
    : s.stoppedAt
      ? 'stopped'
      : `running for ${minutes(end - started)}`;
  out(`${s.name}: ${state}; ${s.tries} answer(s) given.`);
  const line = detectedLine(s);
  if (line) out(`  ${line}.`);
  else if (c.mode === 'offline' && running(s)) out(chalk.dim('  No look at the fault yet.'));
}

async function asked(drill: Drill, given: DrillAnswer): Promise<DrillAnswer> {
  const answer = { ...given };
  const missing = drill.asks.filter((a) => answer[a.field] === undefined);
  if (missing.length === 0) return answer;
  if (!process.stdin.isTTY)
    throw new UserError(
      `The answer needs ${missing.map((a) => `--${a.field}`).join(', ')}`,
      `${cmd('drill answer --help')} lists them.`,
    );
  const { input, select } = await import('@inquirer/prompts');
  for (const a of missing) {
    const value = a.choices
      ? await select({ message: a.question, choices: a.choices })
      : (await input({ message: a.question })).trim();
    (answer as Record<string, unknown>)[a.field] = a.field === 'product' ? Number(value) : value;
  }
  return answer;
}

export async function answerDrill(given: DrillAnswer): Promise<void> {
  const c = await loadConfig();
  const s = await readState(c);
  if (!running(s)) throw new UserError('No drill is running', `${cmd('drill start <name>')} starts one.`);
  const drill = findDrill(s.name) as Drill;
  const answer = await asked(drill, given);
  const found = await evidence(c, s, drill, answer);
  const wrong = drill.judge(answer, s.flags, found);
  s.tries++;
  s.detected = await detect(c, s);
  if (!wrong) s.solvedAt = new Date().toISOString();
  await saveState(c, s);
  const { reportToClass } = await import('../class/class-client.js');
  await reportToClass(c, {
    kind: 'drill',
    lesson: drill.name,
    passed: !wrong,
    ...(wrong ? { failure: { title: drill.name, message: wrong } } : {}),
  });
  if (wrong) {
    out(`${chalk.red('✖')} Not yet: ${wrong}.`);
    process.exitCode = 1;
    return;
  }
  out(
    `${chalk.green('✔')} Solved in ${minutes(Date.parse(s.solvedAt as string) - Date.parse(s.startedAt))}, with evidence the data holds.`,
  );
  const line = detectedLine(s);
  if (line) out(`  Time to detect: ${line}.`);
  out(`${cmd('drill stop')} removes the fault and stops the traffic.`);
}

/** `down`, `setup` and `lesson reset` end a running drill first, so nothing of it is left behind. */
export async function endDrillFirst(c: WorkshopConfig, why: string): Promise<void> {
  if (!running(await readState(c))) return;
  // On stderr: the command's own output (`down --json`) stays as it is.
  const say = (line: string) => process.stderr.write(`${line}\n`);
  say(chalk.dim(`The drill running is stopped first (${why}).`));
  await stopDrill(say);
}

export async function stopDrill(say: (line: string) => void = out): Promise<void> {
  const c = await loadConfig();
  const s = await readState(c);
  const { stopProcess } = await import('../local/processes.js');
  await stopProcess(c.stateDir, 'drill-traffic', 5_000);
  // The flags back to none: the webapp reloads them within a second, no restart.
  await writeFlags(c, {});
  if (running(s)) {
    await undoSideEffects(c, s, say);
    await saveState(c, { ...s, stoppedAt: new Date().toISOString() });
  }
  say(
    `${chalk.green('✔')} The drill is over: the fault is removed and its traffic stopped.${s?.solvedAt ? '' : ` (${CLI} drill status: not solved.)`}`,
  );
}
