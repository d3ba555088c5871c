import type { Command } from 'commander';
import { runtimeOption } from '../ui/options.js';

/** Registers `agent status` and `agent info`. Keep this file light: load the work inside each action. */
export function register(program: Command): void {
  const agent = program
    .command('agent')
    .description('check the Datadog agent (or the local intake standing in for it)');
  agent
    .command('status')
    .description('run `agent status` in the agent and report API key, DogStatsD and APM receiver')
    .option('--raw', 'print the whole report')
    .option('--json', 'machine-readable output')
    .addOption(runtimeOption())
    .action(async (options: { raw?: boolean; json?: boolean; runtime?: 'docker' | 'local' }) =>
      (await import('./run-agent.js')).agentStatus(options),
    );
  agent
    .command('info')
    .description(
      'GET /info of the trace agent (port DD_TRACE_AGENT_PORT, default 8126): its endpoints and DogStatsD port',
    )
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }) => (await import('./run-agent.js')).agentInfo(options));
}
