import { type Command, Option } from 'commander';
import { durationMs, positiveInt, positiveNumber, wholeNumber } from '../ui/options.js';

const nonNegative = (text: string) => (text.trim() === '0' ? 0 : positiveNumber(text));

/** Registers `traffic`. Keep this file light: load the work inside each action. */
export function register(program: Command): void {
  program
    .command('traffic')
    .description(
      'drive the webapp: `traffic list` shows the scenarios (quick, sustained 300, errors, purchase, …)',
    )
    .argument('<scenario>', 'scenario name, or `list`')
    .argument('[count-or-seconds]', "the scenario's number (requests, or seconds for sustained)")
    .option('--target <url>', 'base URL of the webapp (default: from the stack config)')
    .addOption(
      new Option('--rate <n>', 'open model: start N requests per second whatever the answers').argParser(
        positiveNumber,
      ),
    )
    .addOption(
      new Option('--concurrency <n>', 'requests in flight at most (default 5; 100 with --rate)').argParser(
        positiveInt,
      ),
    )
    .addOption(
      new Option('--duration <time>', 'how long to run (open model and custom), e.g. 30 or 2m').argParser(
        (t) => durationMs(t) / 1000,
      ),
    )
    .option('--endpoint <path>', 'custom: the path to hit, e.g. /users or "POST /purchase"')
    .addOption(
      new Option('--seed <n>', 'seed for the random choices, to replay the same traffic').argParser(
        wholeNumber,
      ),
    )
    .addOption(new Option('--timeout <time>', 'per-request timeout (default 30s)').argParser(durationMs))
    .addOption(
      new Option('--time-scale <factor>', 'multiply every pause (0.1 = ten times faster)').argParser(
        nonNegative,
      ),
    )
    .option('--json', 'print the summary as JSON')
    .action(
      async (scenario: string, arg: string | undefined, options: import('./run-traffic.js').TrafficFlags) => {
        const run = await import('./run-traffic.js');
        if (scenario === 'list') return run.listTraffic({ json: options.json === true });
        await run.runTraffic(scenario, arg, options);
      },
    );
}
