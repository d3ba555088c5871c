import type { Command } from 'commander';

/** Registers `metrics …`. Keep this file light: the API client loads inside the action. */
export function register(program: Command): void {
  const metrics = program
    .command('metrics')
    .description("manage your metrics' configuration in Datadog (or the intake)");
  metrics
    .command('percentiles <name>')
    .description(
      'enable p50/p75/p90/p95/p99 for a distribution (Datadog computes them server-side, off until enabled)',
    )
    .option('--offline', 'the local intake')
    .option('--json', 'machine-readable output')
    .action(async (name: string, options: { offline?: boolean; json?: boolean }) =>
      (await import('./run-percentiles.js')).enablePercentiles(name, options),
    );
}
