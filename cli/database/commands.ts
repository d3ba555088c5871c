import type { Command } from 'commander';

/** Registers `db top|explain`: the workshop database's own view of its queries (DBM's, without DBM). */
export function register(program: Command): void {
  const db = program
    .command('db')
    .description('the workshop database’s queries: top statements (pg_stat_statements) and explain plans');
  db.command('top')
    .description(
      'the statements that cost the most time since the statistics were reset, with blocks per call',
    )
    .option('--limit <n>', 'how many statements', '10')
    .option('--json', 'machine-readable output')
    .action(async (options: { limit: string; json?: boolean }) =>
      (await import('./run-db.js')).dbTop(options),
    );
  db.command('explain <statement>')
    .description('the plan of a statement: a query_signature from `db top`, or SQL (`$1` parameters allowed)')
    .option('--json', 'machine-readable output')
    .action(async (statement: string, options: { json?: boolean }) =>
      (await import('./run-db.js')).dbExplain(statement, options),
    );
}
