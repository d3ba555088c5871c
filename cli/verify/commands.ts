import type { Command } from 'commander';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Registers `verify metrics` and `verify traces`. Keep this file light: the API client takes seconds to load. */
export function register(program: Command): void {
  const verify = program
    .command('verify')
    .description('prove through the Datadog API (or the local intake) that your data arrived');
  verify
    .command('metrics [names...]')
    .description(
      "find the webapp's metrics (or the named ones), their values and tags; exit 1 when one is missing",
    )
    .option('--ecommerce', 'the purchase metrics of the exercise (lessons 3–4)')
    .option('--since <duration>', 'look back this far (e.g. 90s, 15m)', '15m')
    .option('--timeout <duration>', 'keep asking this long', '5m')
    .option('--expect-tag <key>', 'a tag key every metric must carry (repeatable)', collect)
    .option('--offline', 'ask the local intake')
    .option('--json', 'machine-readable output')
    .action(async (names: string[], options) =>
      (await import('./run-verify.js')).verifyMetrics(names, options),
    );
  verify
    .command('traces')
    .description('find the spans of the webapp: resources, errors, database spans')
    .option('--service <name>', 'service to look for', 'webapp')
    .option('--since <duration>', 'look back this far', '15m')
    .option('--timeout <duration>', 'keep asking this long', '2m')
    .option('--offline', 'ask the local intake')
    .option('--json', 'machine-readable output')
    .action(async (options) => (await import('./run-verify.js')).verifyTraces(options));
}
