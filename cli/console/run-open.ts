/** `ddworkshop open`: prints the page's URL and opens a browser where there is a desktop; never fails for want of one. */
import chalk from 'chalk';
import { CONSOLE_PAGES, consolePage } from '#contracts/pages.js';
import { cmd } from '../base/command.js';
import { UserError } from '../base/user-error.js';
import { loadConfig } from '../config/load-config.js';
import { fetchWithin } from '../util/fetch-within.js';
import { hasDesktop, pageUrl } from './console-urls.js';

async function consoleAnswers(base: string): Promise<boolean> {
  try {
    const res = await fetchWithin(new URL('/intake/health', base), 1500);
    return res.ok;
  } catch {
    return false;
  }
}

export async function openPage(
  page: string,
  options: { offline?: boolean; browser: boolean },
): Promise<void> {
  const config = await loadConfig(options.offline ? { offline: true } : {});
  if (!consolePage(page) && !page.startsWith('/'))
    throw new UserError(
      `There is no page called ${page}`,
      `Pick one of ${CONSOLE_PAGES.map((p) => p.name).join(', ')}, or give a path such as /apm/services/webapp.`,
    );
  const url = pageUrl(config, page);
  process.stdout.write(`${url}\n`);
  if (config.mode === 'offline' && !(await consoleAnswers(config.apiBaseUrl))) {
    process.stderr.write(
      `${chalk.yellow('!')} The console is served by the local intake, which does not answer: start the stack with ${cmd('up')}.\n`,
    );
    process.exitCode = 1;
    return;
  }
  if (!options.browser || !hasDesktop(process.platform, process.env)) return;
  try {
    const { default: open } = await import('open');
    const child = await open(url);
    child.once('error', () => {});
    child.unref();
  } catch {
    // No browser to start is not an error: the URL is printed above.
  }
}
