import { type Command, Option } from 'commander';
import { durationOption } from '../ui/options.js';

/** Registers `monitor push|list|status`. Light: the API client loads inside the actions. */
export function register(program: Command): void {
  const monitor = program
    .command('monitor')
    .description('monitors as code: monitors/*.json in Datadog’s JSON');
  monitor
    .command('push [files...]')
    .description(
      'validate, then create or update each monitor (all of monitors/*.json by default); pushing again changes nothing',
    )
    .option('--offline', 'the local intake')
    .option('--json', 'machine-readable output')
    .action(async (files: string[], options) =>
      (await import('./run-monitors.js')).pushMonitors(files, options),
    );
  monitor
    .command('list')
    .description('the monitors pushed from this workshop, with their state')
    .option('--offline', 'the local intake')
    .option('--json', 'machine-readable output')
    .action(async (options) => (await import('./run-monitors.js')).listMonitors(options));
  monitor
    .command('status [monitor]')
    .description('a monitor’s overall state (by file name, name or id); --wait polls until it reaches one')
    .addOption(
      new Option('--wait <state>', 'wait for this state').choices(['ok', 'warn', 'alert', 'no-data']),
    )
    .addOption(
      durationOption('--timeout <duration>', 'how long --wait waits (default 3m offline, 10m with Datadog)'),
    )
    .option('--offline', 'the local intake')
    .option('--json', 'machine-readable output')
    .action(async (which: string | undefined, options) =>
      (await import('./run-monitors.js')).monitorStatus(which, options),
    );
}
