/**
 * Progress of long steps: an ora spinner on a terminal, plain timestamped lines otherwise,
 * one JSON object per line with --json. Output goes to stderr so stdout stays for results.
 */
import chalk from 'chalk';
import type { Ora } from 'ora';
import type { ProgressEvent } from '../runtime/runtime.js';

export interface Progress {
  event(e: ProgressEvent): void;
  info(line: string): void;
  stop(): void;
}

const DONE = new Set(['ready', 'unchanged', 'stop', 'remove']);

export async function createProgress({
  json = false,
  stream = process.stderr,
}: {
  json?: boolean;
  stream?: NodeJS.WriteStream;
} = {}): Promise<Progress> {
  if (json) {
    return {
      event: (e) => stream.write(`${JSON.stringify({ time: new Date().toISOString(), ...e })}\n`),
      info: (line) => stream.write(`${JSON.stringify({ time: new Date().toISOString(), message: line })}\n`),
      stop: () => {},
    };
  }
  if (!stream.isTTY) {
    const stamp = () => new Date().toISOString().slice(11, 19);
    return {
      event: (e) => stream.write(`[${stamp()}] ${e.service}: ${e.message}\n`),
      info: (line) => stream.write(`[${stamp()}] ${line}\n`),
      stop: () => {},
    };
  }
  const { default: ora } = await import('ora');
  const spinner: Ora = ora({ stream }).start();
  const active = new Map<string, string>();
  const render = () => {
    spinner.text =
      [...active].map(([s, m]) => `${chalk.bold(s)} ${m}`).join(chalk.dim('  ·  ')) || 'working…';
  };
  return {
    event(e) {
      if (DONE.has(e.phase)) {
        active.delete(e.service);
        spinner.stopAndPersist({ symbol: chalk.green('✔'), text: `${chalk.bold(e.service)} ${e.message}` });
        spinner.start();
      } else if (e.phase === 'error') {
        active.delete(e.service);
        spinner.stopAndPersist({ symbol: chalk.red('✖'), text: `${chalk.bold(e.service)} ${e.message}` });
        spinner.start();
      } else active.set(e.service, e.message);
      render();
    },
    info(line) {
      spinner.stopAndPersist({ symbol: chalk.cyan('ℹ'), text: line });
      spinner.start();
      render();
    },
    stop: () => spinner.stop(),
  };
}
