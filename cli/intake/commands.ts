import { type Command, Option } from 'commander';
import { port } from '../ui/options.js';

/** Registers `intake`: the local Datadog stand-in in the foreground. */
export function register(program: Command): void {
  program
    .command('intake')
    .description('run the local intake (DogStatsD, trace agent, query API) in the foreground')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .addOption(new Option('--dogstatsd-port <port>', 'DogStatsD (UDP)').argParser(port).default(8125))
    .addOption(new Option('--trace-port <port>', 'trace agent (HTTP)').argParser(port).default(8126))
    .addOption(new Option('--api-port <port>', 'query API (HTTP)').argParser(port).default(8127))
    .action(async (options: { host: string; dogstatsdPort: number; tracePort: number; apiPort: number }) =>
      (await import('./run-intake.js')).runIntake(options),
    );
}
