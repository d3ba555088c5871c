import type { Command } from 'commander';
import { CONSOLE_PAGES } from '#contracts/pages.js';

/** Registers `open`. */
export function register(program: Command): void {
  program
    .command('open [page]')
    .description(
      `open the console offline, or your Datadog site: ${CONSOLE_PAGES.map((p) => p.name).join(', ')}, or a path such as /apm/services/webapp`,
    )
    .option('--offline', 'the local console even when Datadog keys are set')
    .option('--no-browser', 'only print the URL')
    .action(async (page: string | undefined, options: { offline?: boolean; browser: boolean }) =>
      (await import('./run-open.js')).openPage(page ?? 'home', options),
    );
}
