import type { Command } from 'commander';
import { collect, durationOption } from '../ui/options.js';

/** Registers `verify metrics` and `verify traces`. Keep this file light: the API client takes seconds to load. */
export function register(program: Command): void {
  const verify = program
    .command('verify')
    .description('prove through the Datadog API (or the local intake) that your data arrived');
  verify
    .command('metrics [names...]')
    .description(
      "find the webapp's metrics (or the named ones) with the type and tags they should have; exit 1 when one is missing",
    )
    .option('--ecommerce', 'the purchase metrics of the exercise (lessons 3–4)')
    .option(
      '--infra',
      "the agent's system and postgres checks: host cpu, load, memory, disk; connections, commits, per-table scans",
    )
    .option('--containers', "the agent's container check: cpu, memory, network by container (Docker runtime)")
    .option(
      '--dbm',
      "Database Monitoring's query metrics by query_signature (with Datadog: where DBM is on your plan)",
    )
    .addOption(durationOption('--since <duration>', 'look back this far (e.g. 90s, 15m)', '15m'))
    .addOption(
      durationOption('--timeout <duration>', 'keep asking this long (default: 30s offline, 5m with Datadog)'),
    )
    .option(
      '--expect-tag <key>',
      'a tag key that must appear on at least one of the metrics (repeatable)',
      collect,
    )
    .option('--offline', 'ask the local intake')
    .option('--json', 'machine-readable output')
    .action(async (names: string[], options) =>
      (await import('./run-verify.js')).verifyMetrics(names, options),
    );
  verify
    .command('traces')
    .description('find the spans of the webapp: resources, errors, database spans')
    .option('--service <name>', 'service to look for', 'webapp')
    .addOption(durationOption('--since <duration>', 'look back this far', '15m'))
    .addOption(
      durationOption('--timeout <duration>', 'keep asking this long (default: 20s offline, 2m with Datadog)'),
    )
    .option('--offline', 'ask the local intake')
    .option('--json', 'machine-readable output')
    .action(async (options) => (await import('./run-verify-traces.js')).verifyTraces(options));
  verify
    .command('logs')
    .description("find the service's logs, check they carry trace ids, and resolve a sample to their traces")
    .option('--service <name>', 'service to look for', 'webapp')
    .option(
      '--query <query>',
      'more of Datadog’s log search syntax, e.g. status:error or @http.route:/purchase',
    )
    .addOption(durationOption('--since <duration>', 'look back this far', '15m'))
    .addOption(
      durationOption('--timeout <duration>', 'keep asking this long (default: 30s offline, 3m with Datadog)'),
    )
    .option('--offline', 'ask the local intake')
    .option('--json', 'machine-readable output')
    .action(async (options) => (await import('./run-verify-logs.js')).verifyLogs(options));
}
