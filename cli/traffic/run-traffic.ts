/** `ddworkshop traffic …`: resolves the scenario and target, runs it, reports as it goes and at the end. */

import chalk from 'chalk';
import { request } from 'undici';
import { CLI, cmd } from '../base/command.js';
import { UserError } from '../base/user-error.js';
import { loadConfig } from '../config/load-config.js';
import { isLiveTerminal, onInterrupt } from '../ui/interrupt.js';
import { liveLine, summaryTable } from './report.js';
import { runScenario } from './runner.js';
import type { Scenario } from './scenario-model.js';
import { findScenario, listScenarios } from './scenarios.js';
import { Recorder } from './stats.js';

/** Options as commander parsed them (cli/ui/options.ts): numbers already checked. */
export interface TrafficFlags {
  target?: string;
  rate?: number;
  concurrency?: number;
  /** Seconds. */
  duration?: number;
  seed?: number;
  endpoint?: string;
  /** Per-request timeout, ms. */
  timeout?: number;
  json?: boolean;
  timeScale?: number;
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
        seconds: flags.duration ?? 30,
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
  if (scenario === 'shop') return cmd('db top');
  return cmd(scenario === 'purchase' ? 'verify metrics --ecommerce' : 'verify metrics');
}

export async function runTraffic(
  name: string,
  argValue: string | undefined,
  flags: TrafficFlags,
): Promise<void> {
  const concurrency = flags.concurrency ?? (flags.rate ? 100 : 5);
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
    const n = Number(argValue);
    if (!/^\d+$/.test(argValue) || n < 1)
      throw new UserError(
        `${scenario.name} takes a whole number of ${scenario.arg.name} (got "${argValue}")`,
      );
    args[scenario.arg.name] = n;
  }
  const target = flags.target ?? (await loadConfig()).webappUrl;
  await probe(target);

  const interrupt = onInterrupt();
  const tty = isLiveTerminal(process.stderr) && !flags.json;
  const rate = flags.rate;
  const durationSec = flags.duration;
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
      seed: flags.seed ?? Math.floor(Math.random() * 2 ** 31),
      rate,
      concurrency,
      durationSec,
      timeScale: flags.timeScale,
      timeoutMs: flags.timeout ?? 30_000,
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
