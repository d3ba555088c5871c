import { type Command, Option } from 'commander';
import { durationOption, runtimeOption, wholeNumber } from '../ui/options.js';

/** Registers setup, up, down, status, logs and doctor. Keep this file light: load the work inside each action. */
export function register(program: Command): void {
  program
    .command('setup')
    .description('set up and start the stack, check it, and say what to do next (asks only on a terminal)')
    .option('--offline', 'use the local intake instead of the real Datadog agent')
    .addOption(runtimeOption('docker or local (default: docker when an engine answers)'))
    .option('--site <site>', 'Datadog site, e.g. datadoghq.eu')
    .option('-y, --yes', 'ask nothing: take keys from .env or the environment')
    .option('--json', 'progress and result as JSON')
    .action(async (options) => (await import('./run-setup.js')).setup(options));

  program
    .command('up')
    .description('start the stack (or bring it in line with docker-compose.yml)')
    .option('--offline', 'use the local intake instead of the real Datadog agent')
    .addOption(runtimeOption())
    .option('--build', 'rebuild the images (after changing the webapp)')
    .addOption(durationOption('--timeout <time>', 'how long to wait for each service, e.g. 90s or 3m'))
    .option('--json', 'progress as JSON lines')
    .action(async (options) => {
      await (await import('./run-stack.js')).up(options);
    });

  program
    .command('down')
    .description('stop and remove the stack')
    .option('-v, --volumes', 'also remove the database data')
    .option('--offline', 'the offline stack')
    .addOption(runtimeOption())
    .option('--json', 'progress as JSON lines')
    .action(async (options) => (await import('./run-stack.js')).down(options));

  program
    .command('status')
    .alias('ps')
    .description('each service: state, health, ports (exit 1 when one is not healthy)')
    .option('--offline', 'the offline stack')
    .addOption(runtimeOption())
    .option('--json', 'machine-readable output')
    .action(async (options) => (await import('./run-stack.js')).status(options));

  program
    .command('logs [service]')
    .description("a service's output (all services when none is named)")
    .option('-f, --follow', 'keep printing new lines')
    .addOption(new Option('--tail <n>', 'only the last n lines').argParser(wholeNumber))
    .option('--offline', 'the offline stack')
    .addOption(runtimeOption())
    .action(async (service, options) => (await import('./run-stack.js')).logs(service, options));

  program
    .command('doctor')
    .description('check the machine: Docker, free ports, .env, keys, disk')
    .option('--json', 'machine-readable output')
    .action(async (options) => (await import('./run-doctor.js')).doctor(options));
}
