/**
 * Progress of long steps, the one spinner of the CLI: an ora spinner on a live terminal, plain
 * timestamped lines otherwise (pipes, CI, a terminal with no width), one JSON object per line
 * with --json. Output goes to stderr so stdout stays for results. The spinner never touches
 * stdin, so Ctrl-C always reaches the command.
 */
import chalk from 'chalk';
import type { Ora } from 'ora';
import type { ProgressEvent } from '../runtime/runtime.js';
import { isLiveTerminal } from './interrupt.js';

export interface Progress {
  /** A spinner redrawn in place (a live terminal), rather than lines. */
  readonly live: boolean;
  event(e: ProgressEvent): void;
  info(line: string): void;
  /** What is happening now: the spinner's text, or a line when it changed (not a live terminal). */
  update(text: string): void;
  stop(): void;
}

const DONE = new Set(['ready', 'unchanged', 'stop', 'remove']);

/** Timestamped lines, each `update` only when its text changes: for pipes, CI and logs. */
function plainLines(stream: NodeJS.WriteStream): Progress {
  const stamp = () => new Date().toISOString().slice(11, 19);
  let last = '';
  return {
    live: false,
    event: (e) => stream.write(`[${stamp()}] ${e.service}: ${e.message}\n`),
    info: (line) => stream.write(`[${stamp()}] ${line}\n`),
    update(text) {
      if (text !== last) stream.write(`[${stamp()}] ${text}\n`);
      last = text;
    },
    stop: () => {},
  };
}

export async function createProgress({
  json = false,
  stream = process.stderr,
}: {
  json?: boolean;
  stream?: NodeJS.WriteStream;
} = {}): Promise<Progress> {
  if (json) {
    const emit = (o: object) => stream.write(`${JSON.stringify({ time: new Date().toISOString(), ...o })}\n`);
    return {
      live: false,
      event: emit,
      info: (message) => emit({ message }),
      update: () => {},
      stop: () => {},
    };
  }
  if (!isLiveTerminal(stream)) return plainLines(stream);
  const { default: ora } = await import('ora');
  const spinner: Ora = ora({ stream, discardStdin: false });
  // ora draws nothing where it judges spinners unwelcome (CI=true, dumb terminals): lines then.
  if (!spinner.isEnabled) return plainLines(stream);
  spinner.start();
  const active = new Map<string, string>();
  const render = () => {
    spinner.text =
      [...active].map(([s, m]) => `${chalk.bold(s)} ${m}`).join(chalk.dim('  ·  ')) || 'working…';
  };
  const persist = (symbol: string, text: string) => {
    spinner.stopAndPersist({ symbol, text });
    spinner.start();
  };
  return {
    live: true,
    event(e) {
      if (DONE.has(e.phase)) {
        active.delete(e.service);
        persist(chalk.green('✔'), `${chalk.bold(e.service)} ${e.message}`);
      } else if (e.phase === 'error') {
        active.delete(e.service);
        persist(chalk.red('✖'), `${chalk.bold(e.service)} ${e.message}`);
      } else active.set(e.service, e.message);
      render();
    },
    info(line) {
      persist(chalk.cyan('ℹ'), line);
      render();
    },
    update(text) {
      spinner.text = text;
    },
    stop: () => spinner.stop(),
  };
}
