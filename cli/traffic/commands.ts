import type { Command } from 'commander';

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
    .option('--rate <n>', 'open model: start N requests per second whatever the answers')
    .option('--concurrency <n>', 'requests in flight at most (default 5; 100 with --rate)')
    .option('--duration <seconds>', 'how long to run (open model and custom)')
    .option('--endpoint <path>', 'custom: the path to hit, e.g. /users or "POST /purchase"')
    .option('--seed <n>', 'seed for the random choices, to replay the same traffic')
    .option('--timeout <seconds>', 'per-request timeout (default 30)')
    .option('--time-scale <factor>', 'multiply every pause (0.1 = ten times faster)')
    .option('--json', 'print the summary as JSON')
    .action(
      async (
        scenario: string,
        arg: string | undefined,
        options: Record<string, string | boolean | undefined>,
      ) => {
        const run = await import('./run-traffic.js');
        if (scenario === 'list') return run.listTraffic({ json: options.json === true });
        await run.runTraffic(scenario, arg, options as import('./run-traffic.js').TrafficFlags);
      },
    );
}
