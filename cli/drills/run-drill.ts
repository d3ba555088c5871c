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
import { rememberedRuntime } from '../runtime/select-runtime.js';
import { renderTable } from '../ui/table.js';
import { DRILLS, type Drill, type DrillAnswer, type Evidence, findDrill, flagFile } from './scenarios.js';

interface DrillState {
  name: string;
  seed: number;
  startedAt: string;
  flags: Record<string, number | string | boolean>;
  tries: number;
  solvedAt?: string;
  stoppedAt?: string;
}

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
const stateFile = (c: WorkshopConfig) => join(c.stateDir, 'drill.json');
/** Where the webapp reads its flags (DDWORKSHOP_FLAGS_FILE in the compose file's local environment). */
const flagsFile = (c: WorkshopConfig) => join(c.stateDir, 'drills', 'flags.json');

async function readState(c: WorkshopConfig): Promise<DrillState | undefined> {
  try {
    return JSON.parse(await readFile(stateFile(c), 'utf8')) as DrillState;
  } catch {
    return undefined;
  }
}

const saveState = (c: WorkshopConfig, s: DrillState) =>
  writeFile(stateFile(c), `${JSON.stringify(s, null, 2)}\n`);
const running = (s: DrillState | undefined): s is DrillState => Boolean(s && !s.stoppedAt);
const minutes = (ms: number) => `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;

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
  if (rememberedRuntime(c.stateDir) === 'docker')
    throw new UserError(
      'Drills run on the local runtime for now: the webapp reads their flags from .ddworkshop/drills',
      `${cmd('setup --runtime local')} moves the stack there.`,
    );
  const seed = Math.floor(Math.random() * 1_000_000);
  const drill: Drill | undefined = options.random ? DRILLS[seed % DRILLS.length] : findDrill(name ?? '');
  if (!drill) throw new UserError(`No drill named ${name ?? '(none)'}`, `${cmd('drill list')} lists them.`);
  const flags = drill.flags(seed);
  await writeFlags(c, flags);
  await saveState(c, { name: drill.name, seed, startedAt: new Date().toISOString(), flags, tries: 0 });
  if (options.traffic !== false) await startTraffic(c, drill);
  out(`${chalk.red.bold('Incident:')} ${drill.symptom}`);
  out(`The traffic that shows it runs in the background (${drill.traffic.join(' ')}) until the drill ends.`);
  out(
    `Find the cause with what lessons ${drill.assumes.join(', ')} built — the console or Datadog, metrics, traces, logs.`,
  );
  out(
    `Then: ${chalk.cyan(cmd('drill answer'))} (it asks: ${drill.asks.map((a) => a.field).join(', ')}); ${cmd('drill status')} shows the clock.`,
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
  const s = await readState(c);
  if (!s) return out(`No drill yet. ${cmd('drill list')} lists them.`);
  const started = Date.parse(s.startedAt);
  const end = s.solvedAt ? Date.parse(s.solvedAt) : s.stoppedAt ? Date.parse(s.stoppedAt) : Date.now();
  const state = s.solvedAt
    ? chalk.green(`solved in ${minutes(end - started)}`)
    : s.stoppedAt
      ? 'stopped'
      : `running for ${minutes(end - started)}`;
  out(`${s.name}: ${state}; ${s.tries} answer(s) given.`);
}

async function evidence(c: WorkshopConfig, s: DrillState, answer: DrillAnswer): Promise<Evidence> {
  const { createCheckContext } = await import('../lessons/check-context.js');
  const started = Date.parse(s.startedAt);
  const ctx = await createCheckContext(c, {
    lessonStartMs: started,
    run: { startMs: started, productId: 0 },
    patienceMs: 1,
  });
  const found: Evidence = {};
  if (answer.trace && /^[0-9a-f]{1,32}$/i.test(answer.trace))
    found.traceSpans = await ctx.searchSpans(`trace_id:${answer.trace}`, { since: 'recent' });
  if (answer.metric && answer.tag && /^[\w.]+$/.test(answer.metric) && /^[\w.]+$/.test(answer.tag))
    found.tagValues = (
      await ctx.queryMetrics(`sum:${answer.metric}{*} by {${answer.tag}}.as_count()`, { since: 'lesson' })
    ).length;
  if (answer.message)
    found.errorLogs = (
      await ctx.searchLogs(`status:error "${answer.message.replace(/["\\\\]/g, '')}"`, { since: 'lesson' })
    ).length;
  return found;
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
  const { input } = await import('@inquirer/prompts');
  for (const a of missing) {
    const value = (await input({ message: a.question })).trim();
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
  const found = await evidence(c, s, answer);
  const wrong = drill.judge(answer, s.flags, found);
  s.tries++;
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
  out(`${cmd('drill stop')} removes the fault and stops the traffic.`);
}

export async function stopDrill(): Promise<void> {
  const c = await loadConfig();
  const s = await readState(c);
  const { stopProcess } = await import('../local/processes.js');
  await stopProcess(c.stateDir, 'drill-traffic', 5_000);
  // The flags back to none: the webapp reloads them within a second, no restart.
  await writeFlags(c, {});
  if (running(s)) await saveState(c, { ...s, stoppedAt: new Date().toISOString() });
  out(
    `${chalk.green('✔')} The drill is over: the fault is removed and its traffic stopped.${s?.solvedAt ? '' : ` (${CLI} drill status: not solved.)`}`,
  );
}
