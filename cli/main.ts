/**
 * The ddworkshop command. Only commander and the tiny per-capability `commands.ts` files load
 * here; each action imports its real work on demand, so `--help` stays fast (the Datadog API
 * client alone takes seconds to import).
 */
import { Command } from 'commander';
import { register as registerAgent } from './agent/commands.js';
import { register as registerClass } from './class/commands.js';
import { register as registerConsole } from './console/commands.js';
import { register as registerDashboards } from './dashboards/commands.js';
import { register as registerDatabase } from './database/commands.js';
import { register as registerDrills } from './drills/commands.js';
import { register as registerIntake } from './intake/commands.js';
import { register as registerLessons } from './lessons/commands.js';
import { register as registerMetrics } from './metrics/commands.js';
import { register as registerMonitors } from './monitors/commands.js';
import { register as registerRequest } from './request/commands.js';
import { register as registerStack } from './stack/commands.js';
import { register as registerTraffic } from './traffic/commands.js';
import { reportFailure } from './ui/report-failure.js';
import { register as registerVerify } from './verify/commands.js';

const program = new Command('ddworkshop')
  .description('A hands-on Datadog monitoring workshop: stack, traffic, verification and lessons.')
  .version(process.env.npm_package_version ?? '0.1.0')
  .option('-C, --dir <path>', 'workshop folder (default: the one holding docker-compose.yml)')
  .showHelpAfterError('(run with --help for usage)')
  .hook('preAction', (cmd) => {
    const dir = cmd.opts<{ dir?: string }>().dir;
    if (dir) process.env.DDWORKSHOP_DIR = dir;
  });

registerStack(program);
registerAgent(program);
registerTraffic(program);
registerRequest(program);
registerVerify(program);
registerMetrics(program);
registerLessons(program);
registerIntake(program);
registerConsole(program);
registerDashboards(program);
registerMonitors(program);
registerDatabase(program);
registerClass(program);
registerDrills(program);

// Output piped into `head` and the like: a closed pipe ends the command quietly, not with a stack.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

// Commander reports its own usage errors and exits; everything else lands here. (No top-level
// await: the bundled entry that `--help` runs is CommonJS.)
program.parseAsync(process.argv).catch((error: unknown) => {
  process.exitCode = reportFailure(error);
});
