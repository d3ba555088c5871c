import type { Command } from 'commander';

/** Registers `intake`: the local Datadog stand-in in the foreground. */
export function register(program: Command): void {
  program
    .command('intake')
    .description('run the local intake (DogStatsD, trace agent, query API) in the foreground')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--dogstatsd-port <port>', 'DogStatsD (UDP)', '8125')
    .option('--trace-port <port>', 'trace agent (HTTP)', '8126')
    .option('--api-port <port>', 'query API (HTTP)', '8127')
    .action(async (options: { host: string; dogstatsdPort: string; tracePort: string; apiPort: string }) =>
      (await import('./run-intake.js')).runIntake(options),
    );
}
