import type { Command } from 'commander';

/** Registers `request`. Keep this file light: the work loads inside the action. */
export function register(program: Command): void {
  program
    .command('request')
    .description(
      'send the webapp one request and show its answer (curl for every shell): request POST /purchase price:=29.99',
    )
    .argument('<method>', 'GET, POST, …')
    .argument('<path>', 'e.g. /health or /purchase')
    .argument('[fields...]', 'JSON body fields: name=text (a string) or name:=29.99 (any JSON value)')
    .option('--target <url>', 'base URL of the webapp (default: from the stack config)')
    .option('--json', 'print status and body as JSON')
    .action(
      async (method: string, path: string, fields: string[], options: { target?: string; json?: boolean }) =>
        (await import('./run-request.js')).runRequest(method, path, fields, options),
    );
}
