import type { Command } from 'commander';

/** Registers `drill`. Keep this file light: the work loads inside the actions. */
export function register(program: Command): void {
  const drill = program
    .command('drill')
    .description('incident drills: a fault in your stack, found with what the course built');
  drill
    .command('list')
    .description('the drills, each with what its users report')
    .action(async () => (await import('./run-drill.js')).listDrills());
  drill
    .command('start')
    .description('inject a drill’s fault and run the traffic that shows it')
    .argument('[name]', 'a drill from drill list')
    .option('--random', 'a drill chosen at random')
    .option('--no-traffic', 'leave the traffic to you')
    .action(async (name: string | undefined, options: { random?: boolean; traffic?: boolean }) =>
      (await import('./run-drill.js')).startDrill(name, options),
    );
  drill
    .command('show')
    .description('the briefing of a drill (the one running by default)')
    .argument('[name]', 'a drill from drill list')
    .action(async (name: string | undefined) => (await import('./run-drill.js')).showDrill(name));
  drill
    .command('hint')
    .description('the running drill’s next hint: where to look, never the answer')
    .option('--all', 'every hint at once')
    .action(async (options: { all?: boolean }) => (await import('./run-drill.js')).hintDrill(options));
  drill
    .command('status')
    .description('the drill running, and its clock')
    .action(async () => (await import('./run-drill.js')).drillStatus());
  drill
    .command('answer')
    .description('the cause and the evidence (asked for on a terminal; flags for scripts)')
    .option('--product <id>', 'a product id', (v) => Number(v))
    .option('--route <path>', 'a route, e.g. /users')
    .option('--span <name>', 'an operation (span) name')
    .option('--trace <id>', 'the trace id of an affected request')
    .option('--metric <name>', 'a metric name')
    .option('--tag <key>', 'a tag key')
    .option('--message <text>', 'a log line’s message')
    .option('--table <name>', 'a table of the workshop database')
    .option('--statement <sql|signature>', 'a statement, as db top names it (its signature) or as written')
    .option('--cause <choice>', 'the cause, from the drill’s list (asked on a terminal)')
    .action(async (options: Record<string, unknown>) =>
      (await import('./run-drill.js')).answerDrill(options),
    );
  drill
    .command('stop')
    .description('remove the fault and stop its traffic')
    .action(async () => (await import('./run-drill.js')).stopDrill());
}
