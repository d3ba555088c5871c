/** `up`, `down`, `status`, `logs`: thin glue between the model, the runtime and the terminal. */
import chalk from 'chalk';
import { cmd } from '../base/command.js';
import { pageUrl } from '../console/console-urls.js';
import { reportStack } from '../console/report-stack.js';
import { portLabel, type ServiceStatus } from '../runtime/runtime.js';
import { rememberRuntime } from '../runtime/select-runtime.js';
import { lockStack, type StackLock } from '../runtime/stack-lock.js';
import { onInterrupt } from '../ui/interrupt.js';
import { createProgress } from '../ui/progress.js';
import { renderTable } from '../ui/table.js';
import { type StackContext, type StackOptions, stackContext } from './stack-context.js';

/** Brings the stack up; returns the context it used, so a caller (setup) can check that stack. */
export async function up(
  options: StackOptions & {
    build?: boolean;
    timeout?: number /** setup prints its own summary. */;
    summary?: boolean;
  },
): Promise<StackContext> {
  const progress = await createProgress({ json: options.json });
  const ctx = await stackContext(options, (line) => progress.info(line));
  const lock = await lockStack(ctx.config.stateDir, 'up', { onWait: (line) => progress.info(line) }).catch(
    (error: unknown) => {
      progress.stop();
      throw error;
    },
  );
  // Ctrl-C or SIGTERM: up stops and removes what this run created (the runtimes watch the signal).
  const interrupt = onInterrupt();
  try {
    // Recorded before anything starts: if up fails half-way, `down` still talks to this runtime.
    await rememberRuntime(ctx.config.stateDir, ctx.runtime.kind);
    progress.info(
      `${ctx.config.mode} mode, ${ctx.runtime.kind} runtime: ${Object.keys(ctx.model.services).join(', ')}`,
    );
    await ctx.runtime.up(ctx.model, {
      build: options.build,
      onProgress: (e) => progress.event(e),
      signal: interrupt.signal,
      ...(options.timeout ? { timeoutMs: options.timeout } : {}),
    });
  } finally {
    progress.stop();
    interrupt.dispose();
    await lock.release();
  }
  await reportStack(ctx.config, ctx.runtime.kind, await ctx.runtime.status(ctx.model));
  if (!options.json) {
    process.stdout.write(`${chalk.green('✔')} The stack is up: ${ctx.config.webappUrl}\n`);
    if (ctx.config.mode === 'offline' && options.summary !== false)
      process.stdout.write(`  See your data in the console: ${pageUrl(ctx.config)} (${cmd('open')})\n`);
  }
  return ctx;
}

export async function down(options: StackOptions & { volumes?: boolean }): Promise<void> {
  const progress = await createProgress({ json: options.json });
  const ctx = await stackContext(options, (line) => progress.info(line));
  await (await import('../drills/run-drill.js')).endDrillFirst(ctx.config, 'the stack goes down');
  let lock: StackLock | undefined;
  try {
    lock = await lockStack(ctx.config.stateDir, 'down', { onWait: (line) => progress.info(line) });
    await ctx.runtime.down(ctx.model, { volumes: options.volumes, onProgress: (e) => progress.event(e) });
  } finally {
    progress.stop();
    await lock?.release();
  }
  if (!options.json)
    process.stdout.write(
      `${chalk.green('✔')} The stack is down${options.volumes ? ' and its data removed' : ''}.\n`,
    );
}

function describe(s: ServiceStatus): string {
  const color = s.state === 'running' ? (s.health === 'unhealthy' ? chalk.red : chalk.green) : chalk.yellow;
  return color(s.health === 'none' ? s.state : `${s.state} (${s.health})`);
}

export async function status(options: StackOptions): Promise<void> {
  const ctx = await stackContext(options);
  const services = await ctx.runtime.status(ctx.model);
  await reportStack(ctx.config, ctx.runtime.kind, services);
  if (options.json) {
    process.stdout.write(
      `${JSON.stringify({ runtime: ctx.runtime.kind, mode: ctx.config.mode, services }, null, 2)}\n`,
    );
  } else {
    process.stdout.write(
      `${renderTable(
        ['SERVICE', 'NAME', 'STATE', 'PORTS'],
        services.map((s) => [s.service, s.name, describe(s), s.ports.map(portLabel).join(', ')]),
      )}\n${chalk.dim(`${ctx.config.mode} mode, ${ctx.runtime.kind} runtime`)}\n`,
    );
  }
  if (services.some((s) => s.state !== 'running' || s.health === 'unhealthy')) process.exitCode = 1;
}

export async function logs(
  service: string | undefined,
  options: StackOptions & { follow?: boolean; tail?: number },
): Promise<void> {
  const ctx = await stackContext(options);
  const names = service ? [service] : Object.keys(ctx.model.services);
  const interrupt = onInterrupt();
  try {
    await Promise.all(
      names.map(async (name) => {
        if (names.length > 1 && !options.follow) process.stdout.write(chalk.bold(`==> ${name} <==\n`));
        await ctx.runtime.logs(ctx.model, name, process.stdout, {
          follow: options.follow,
          signal: interrupt.signal,
          ...(options.tail !== undefined ? { tail: options.tail } : {}),
        });
      }),
    );
  } finally {
    interrupt.dispose();
  }
}
