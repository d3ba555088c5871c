/** `ddworkshop traffic …`: resolves the scenario and target, runs it, reports as it goes and at the end. */

import chalk from 'chalk';
import { request } from 'undici';
import { loadConfig } from '../config/load-config.js';
import { CLI, cmd } from '../ui/command.js';
import { isLiveTerminal, onInterrupt } from '../ui/interrupt.js';
import { UserError } from '../ui/user-error.js';
import { liveLine, summaryTable } from './report.js';
import { runScenario } from './runner.js';
import type { Scenario } from './scenario-model.js';
import { findScenario, listScenarios } from './scenarios.js';
import { Recorder } from './stats.js';

export interface TrafficFlags {
  target?: string;
  rate?: string;
  concurrency?: string;
  duration?: string;
  seed?: string;
  endpoint?: string;
  timeout?: string;
  json?: boolean;
  timeScale?: string;
}

function positive(
  value: string | undefined,
  name: string,
  { integer = false, allowZero = false } = {},
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || (!allowZero && n === 0) || (integer && !Number.isInteger(n))) {
    throw new UserError(`${name} must be a positive ${integer ? 'whole ' : ''}number, got "${value}"`);
  }
  return n;
}

export function listTraffic(options: { json?: boolean }): void {
  const scenarios = listScenarios();
  if (options.json) {
    process.stdout.write(
      `${JSON.stringify(
        scenarios.map((s) => ({ name: s.name, description: s.description, arg: s.arg ?? null })),
        null,
        2,
      )}\n`,
    );
    return;
  }
  for (const s of scenarios) {
    const usage = s.arg ? `${s.name} [${s.arg.name}=${s.arg.default}]` : s.name;
    process.stdout.write(`  ${chalk.cyan(usage.padEnd(24))} ${s.description}\n`);
  }
  process.stdout.write(
    `  ${chalk.cyan('custom'.padEnd(24))} --endpoint PATH [--rate N] [--concurrency N] [--duration S]\n`,
  );
}

function customScenario(flags: TrafficFlags, concurrency: number): Scenario {
  if (!flags.endpoint)
    throw new UserError(
      'custom needs --endpoint',
      `e.g. ${CLI} traffic custom --endpoint /users --rate 50 --duration 30`,
    );
  const [method, path] = /^(GET|POST)\s+(\S+)$/i.exec(flags.endpoint)?.slice(1) ?? ['GET', flags.endpoint];
  const url = new URL(path ?? '/', 'http://x');
  const query: Record<string, string> = Object.fromEntries(url.searchParams);
  return {
    name: 'custom',
    description: `${method} ${path}`,
    steps: [
      {
        kind: 'batches',
        seconds: positive(flags.duration, '--duration') ?? 30,
        size: concurrency,
        requests: [{ method: (method ?? 'GET').toUpperCase() as 'GET' | 'POST', path: url.pathname, query }],
        pause: { min: 0, max: 0 },
      },
    ],
  };
}

async function probe(target: string): Promise<void> {
  try {
    const res = await request(new URL('/health', target), { headersTimeout: 5000, bodyTimeout: 5000 });
    await res.body.dump();
  } catch (error) {
    const code = (error as { code?: string }).code ?? (error as Error).message;
    throw new UserError(
      `Cannot reach the webapp at ${target} (${code})`,
      `Start the stack with \`${CLI} setup\` (or \`${CLI} up\`), or pass --target.`,
    );
  }
}

/** What to run after a scenario: the purchase metrics are checked with --ecommerce. */
export function nextCommand(scenario: string): string {
  return cmd(scenario === 'purchase' ? 'verify metrics --ecommerce' : 'verify metrics');
}

export async function runTraffic(
  name: string,
  argValue: string | undefined,
  flags: TrafficFlags,
): Promise<void> {
  const concurrency =
    positive(flags.concurrency, '--concurrency', { integer: true }) ?? (flags.rate ? 100 : 5);
  const scenario = name === 'custom' ? customScenario(flags, concurrency) : findScenario(name);
  if (!scenario) {
    throw new UserError(
      `No traffic scenario "${name}"`,
      `Pick one of: ${listScenarios()
        .map((s) => s.name)
        .join(', ')}, custom (ddworkshop traffic list).`,
    );
  }
  const args: Record<string, number> = {};
  if (argValue !== undefined) {
    if (!scenario.arg) throw new UserError(`${scenario.name} takes no argument (got "${argValue}")`);
    args[scenario.arg.name] = positive(argValue, scenario.arg.name) ?? scenario.arg.default;
  }
  const target = flags.target ?? (await loadConfig()).webappUrl;
  await probe(target);

  const interrupt = onInterrupt();
  const tty = isLiveTerminal(process.stderr) && !flags.json;
  const rate = positive(flags.rate, '--rate');
  const durationSec = positive(flags.duration, '--duration');
  const totalSec =
    durationSec ?? (scenario.arg?.name === 'seconds' ? (args.seconds ?? scenario.arg.default) : undefined);
  const log = (line: string) => {
    if (!flags.json) process.stderr.write(`${tty ? '\r\x1b[K' : ''}${line}\n`);
  };
  if (!flags.json)
    log(
      `${chalk.bold(`traffic ${scenario.name}`)} → ${target}${rate ? ` at ${rate} req/s (open model, up to ${concurrency} in flight)` : ''}`,
    );

  const started = performance.now();
  const recorder = new Recorder();
  const timer = setInterval(
    () => {
      const line = liveLine(recorder.snapshot((performance.now() - started) / 1000), totalSec);
      if (tty) process.stderr.write(`\r\x1b[K${line}`);
      else if (!flags.json) process.stderr.write(`${line}\n`);
    },
    tty ? 250 : 10_000,
  );
  try {
    const result = await runScenario({
      recorder,
      target,
      scenario,
      args,
      seed:
        positive(flags.seed, '--seed', { integer: true, allowZero: true }) ??
        Math.floor(Math.random() * 2 ** 31),
      rate,
      concurrency,
      durationSec,
      timeScale: positive(flags.timeScale, '--time-scale', { allowZero: true }),
      timeoutMs: (positive(flags.timeout, '--timeout') ?? 30) * 1000,
      signal: interrupt.signal,
      onLog: log,
    });
    const snapshot = result.recorder.snapshot(result.elapsedSec);
    if (tty) process.stderr.write('\r\x1b[K');
    if (flags.json) {
      process.stdout.write(
        `${JSON.stringify({ scenario: scenario.name, target, stopped: result.stopped, ...snapshot }, null, 2)}\n`,
      );
    } else {
      process.stdout.write(
        `${summaryTable(snapshot, result.stopped ? `Stopped early (Ctrl-C): ${scenario.name}` : `Done: ${scenario.name}`)}\n`,
      );
      process.stdout.write(
        chalk.dim(`Next: ${nextCommand(scenario.name)} (metrics are flushed every 10 s)\n`),
      );
    }
    if (result.stopped) process.exitCode = interrupt.exitCode() ?? 130;
  } finally {
    clearInterval(timer);
    interrupt.dispose();
  }
}
