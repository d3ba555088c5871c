/** What `dashboard push` and `monitor push` print, and the context both start from. */
import chalk from 'chalk';
import { loadConfig } from '../config/load-config.js';
import { createDatadogApi } from '../datadog/client.js';
import type { PushAction } from './plan-push.js';

export interface AsCodeOptions {
  offline?: boolean;
  json?: boolean;
}

export async function asCodeContext(options: AsCodeOptions) {
  const config = await loadConfig(options.offline ? { offline: true } : {});
  return { config, api: await createDatadogApi(config) };
}

export interface PushResult {
  file: string;
  action: PushAction<unknown>['kind'];
  /** `Business overview`, or `Webapp errors are high (No Data)`. */
  label: string;
  url: string;
  [detail: string]: unknown;
}

export function printPushResults(results: PushResult[], json: boolean | undefined): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    return;
  }
  const verbs = {
    create: chalk.green('created'),
    update: chalk.yellow('updated'),
    unchanged: chalk.dim('unchanged'),
  };
  for (const r of results) process.stdout.write(`${verbs[r.action]} ${r.file} → ${r.label}\n  ${r.url}\n`);
}
