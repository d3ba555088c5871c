import type { Command } from 'commander';

/** Registers `dashboard push|list|open`. Light: the API client loads inside the actions. */
export function register(program: Command): void {
  const dashboard = program
    .command('dashboard')
    .description('dashboards as code: dashboards/*.json in Datadog’s JSON');
  dashboard
    .command('push [files...]')
    .description(
      'create or update each dashboard (all of dashboards/*.json by default); pushing again changes nothing',
    )
    .option('--offline', 'the local intake')
    .option('--json', 'machine-readable output')
    .action(async (files: string[], options) =>
      (await import('./run-dashboards.js')).pushDashboards(files, options),
    );
  dashboard
    .command('list')
    .description('the dashboards, with the file each came from')
    .option('--offline', 'the local intake')
    .option('--json', 'machine-readable output')
    .action(async (options) => (await import('./run-dashboards.js')).listDashboards(options));
  dashboard
    .command('open <title>')
    .description('open a dashboard by title or file name (prints the URL where there is no desktop)')
    .option('--offline', 'the local intake')
    .option('--no-browser', 'only print the URL')
    .action(async (title: string, options) =>
      (await import('./run-dashboards.js')).openDashboard(title, options),
    );
}
