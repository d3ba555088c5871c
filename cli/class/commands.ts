import type { Command } from 'commander';

/** Registers `class`. Keep this file light: the work loads inside the actions. */
export function register(program: Command): void {
  const cls = program.command('class').description('a class: the instructor’s hub, and a student joining it');
  cls
    .command('start')
    .description('start the class hub on this laptop (instructor): prints the join command and your page')
    .option('--listen <address>', 'the address to listen on (default 0.0.0.0: every network of this laptop)')
    .option('--port <port>', 'port (default 4321)')
    .option('--host <name...>', 'more host names students reach the hub by')
    .option(
      '--database <url>',
      'keep the class in PostgreSQL (postgres://…), shared by every hub started on it (also DDWORKSHOP_CLASS_DATABASE_URL)',
    )
    .option(
      '--npm-cache',
      "serve the room's npm cache: students install through the hub (verdaccio, installed on first use)",
    )
    .option(
      '--npm-uplink <url>',
      'the registry the npm cache fetches from (default https://registry.npmjs.org/)',
    )
    .action(async (options: import('./run-class.js').StartClassOptions) =>
      (await import('./run-class.js')).startClass(options),
    );
  cls
    .command('token')
    .description("show the instructor's page again (its link holds your token), on the instructor's laptop")
    .action(async () => (await import('./run-class.js')).showInstructorLink());
  cls
    .command('end')
    .description("end the class on the instructor's laptop: --delete removes what the hub kept")
    .option('--delete', "delete the students, their events and the hub's keys")
    .action(async (options: { delete?: boolean }) => (await import('./run-class.js')).endClass(options));
  cls
    .command('join')
    .description('join a class: your lesson checks, setup and doctor results reach the instructor')
    .argument('<url>', "the hub's address, from the instructor")
    .requiredOption('--code <code>', 'the class code')
    .requiredOption('--name <name>', 'your name, as the instructor will see it')
    .action(async (url: string, options: { code: string; name: string }) =>
      (await import('./run-class.js')).joinClass(url, options),
    );
  cls
    .command('leave')
    .description('leave the class: nothing more is sent')
    .action(async () => (await import('./run-class.js')).leaveClass());
  cls
    .command('sync')
    .description('send what waits and fetch the instructor’s messages (started by join)')
    .option('--once', 'once, then exit')
    .action(async (options: { once?: boolean }) => (await import('./run-class.js')).syncClass(options));
  cls
    .command('status')
    .description('which class, what waits to be sent, the instructor’s last messages')
    .action(async () => (await import('./run-class.js')).classStatus());
}
