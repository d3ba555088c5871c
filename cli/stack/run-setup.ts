/**
 * `ddworkshop setup`: from a fresh clone to a healthy, checked stack. Asks (only on a terminal)
 * Datadog or offline, the keys and the site; validates the API key before writing `.env`
 * (mode 0600); brings the stack up; checks the agent and the webapp; ends in a summary.
 */
import { existsSync, readFileSync } from 'node:fs';
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import chalk from 'chalk';
import { CLI, cmd } from '../base/command.js';
import { mask } from '../base/redact.js';
import { UserError } from '../base/user-error.js';
import { DATADOG_SITES, findSite } from '../config/datadog-sites.js';
import { updateEnvText } from '../config/env-file.js';
import { loadConfig } from '../config/load-config.js';
import type { WorkshopConfig } from '../config/workshop-config.js';
import { pageUrl } from '../console/console-urls.js';
import { validateApiKey } from '../datadog/validate-key.js';
import { levelOf, renderCheck } from '../ui/check-line.js';
import { fetchWithin } from '../util/fetch-within.js';
import { checkAgentInfo, summarizeAgentStatus } from './agent-status.js';
import { up } from './run-stack.js';
import type { StackContext } from './stack-context.js';
import { agentService } from './stack-context.js';

export interface SetupOptions {
  offline?: boolean;
  runtime?: 'docker' | 'local';
  site?: string;
  yes?: boolean;
  json?: boolean;
}

interface Choice {
  mode: 'datadog' | 'offline';
  apiKey?: string;
  appKey?: string;
  site?: string;
}

async function ask(config: WorkshopConfig, options: SetupOptions): Promise<Choice> {
  const { select, password, confirm } = await import('@inquirer/prompts');
  const mode = await select({
    message: 'How do you want to run the workshop?',
    default: config.apiKey ? 'datadog' : 'offline',
    choices: [
      { name: 'With my Datadog account (the real agent; needs an API key)', value: 'datadog' as const },
      { name: 'Offline (a local stand-in for Datadog; no account, no internet)', value: 'offline' as const },
    ],
  });
  if (mode === 'offline') return { mode };
  const site =
    options.site ??
    (await select({
      message: 'Your Datadog site (the address you log in at):',
      default: config.site,
      choices: DATADOG_SITES.map((s) => ({ name: `${s.site} (${s.region})`, value: s.site })),
    }));
  const siteInfo = findSite(site);
  let apiKey = config.apiKey;
  if (apiKey && !(await confirm({ message: `Use the API key in .env (${mask(apiKey)})?`, default: true })))
    apiKey = undefined;
  for (let attempt = 1; ; attempt++) {
    apiKey ??= (
      await password({
        message: `Datadog API key (${siteInfo?.apiKeysUrl ?? 'Organization settings → API keys'}):`,
        mask: '*',
      })
    ).trim();
    process.stderr.write(chalk.dim('Checking the key with Datadog…\n'));
    const check = await validateApiKey({
      apiKey,
      site,
      ...(config.apiProxyUrl ? { proxyUrl: config.apiProxyUrl } : {}),
    });
    if (check.valid) break;
    process.stderr.write(`${chalk.red('✖')} ${check.reason}\n`);
    if (attempt >= 3)
      throw new UserError(
        'The API key was refused three times; nothing was written',
        `Check the key and the site, or run \`${CLI} setup --offline\`.`,
      );
    apiKey = undefined;
  }
  const appKey =
    config.appKey ??
    ((
      await password({
        message: `Application key, for \`${CLI} verify\` (Enter to skip; ${siteInfo?.appKeysUrl ?? ''}):`,
        mask: '*',
      })
    ).trim() ||
      undefined);
  return { mode, apiKey, site, ...(appKey ? { appKey } : {}) };
}

async function decide(config: WorkshopConfig, options: SetupOptions, interactive: boolean): Promise<Choice> {
  if (options.offline) return { mode: 'offline' };
  if (interactive) return ask(config, options);
  if (!config.apiKey || config.mode === 'offline') return { mode: 'offline' };
  const site = options.site ?? config.site;
  const check = await validateApiKey({
    apiKey: config.apiKey,
    site,
    ...(config.apiProxyUrl ? { proxyUrl: config.apiProxyUrl } : {}),
  });
  if (!check.valid) {
    throw new UserError(
      `DD_API_KEY was refused: ${check.reason}`,
      `Fix DD_API_KEY / DD_SITE in .env, run \`${CLI} setup\` in a terminal, or use --offline.`,
    );
  }
  return { mode: 'datadog', apiKey: config.apiKey, site };
}

async function writeEnv(config: WorkshopConfig, choice: Choice): Promise<void> {
  const file = join(config.projectDir, '.env');
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const updates: Record<string, string | undefined> =
    choice.mode === 'offline'
      ? // Without a key offline is the default: a DDWORKSHOP_OFFLINE the student wrote is left as it is.
        config.apiKey
        ? { DDWORKSHOP_OFFLINE: '1' }
        : {}
      : {
          DD_API_KEY: choice.apiKey,
          DD_SITE: choice.site,
          DD_APP_KEY: choice.appKey,
          DDWORKSHOP_OFFLINE: undefined,
        };
  if (before === '' && Object.values(updates).every((v) => v === undefined)) return;
  const after = updateEnvText(before, updates);
  if (after === before) return;
  await writeFile(file, after, { mode: 0o600 });
  await chmod(file, 0o600);
}

interface Check {
  name: string;
  ok: boolean;
  detail: string;
  remedy?: string;
}

export async function runChecks(ctx: StackContext): Promise<Check[]> {
  const checks: Check[] = [];
  try {
    const res = await fetchWithin(`${ctx.config.webappUrl}/health`, 5000);
    const body = await res.text();
    checks.push({
      name: 'webapp /health',
      ok: res.status === 200,
      detail: `HTTP ${res.status} ${body.slice(0, 80)}`,
    });
  } catch (error) {
    checks.push({
      name: 'webapp /health',
      ok: false,
      detail: (error as Error).message,
      remedy: `${CLI} logs webapp`,
    });
  }
  try {
    const res = await fetchWithin(`${ctx.config.traceAgentUrl}/info`, 5000);
    const info = checkAgentInfo((await res.json()) as Record<string, unknown>);
    checks.push({
      name: `agent :${ctx.config.ports.trace}/info`,
      ok: info.ok,
      detail: info.ok ? `traces accepted, DogStatsD on ${info.statsdPort}` : info.problems.join('; '),
    });
  } catch (error) {
    checks.push({
      name: `agent :${ctx.config.ports.trace}/info`,
      ok: false,
      detail: (error as Error).message,
      remedy: `${CLI} logs ${agentService(ctx.model.services)}`,
    });
  }
  const status = await ctx.runtime
    .exec(ctx.model, agentService(ctx.model.services), ['agent', 'status'])
    .catch((e: Error) => ({ exitCode: 1, stdout: '', stderr: e.message }));
  // No report at all: the agent (or the intake) is down — not a setting to change in it.
  if (!status.stdout.trim()) {
    const service = agentService(ctx.model.services);
    checks.push({
      name: 'agent status',
      ok: false,
      detail: `${service} did not answer: ${status.stderr.trim().split('\n')[0] || `exit code ${status.exitCode}`}`,
      remedy: `${CLI} logs ${service} says why it stopped; ${CLI} up starts it again`,
    });
    return checks;
  }
  for (const c of summarizeAgentStatus(status.stdout))
    checks.push({
      name: `agent status: ${c.name}`,
      ok: c.ok,
      detail: c.detail,
      ...(c.remedy && !c.ok ? { remedy: c.remedy } : {}),
    });
  return checks;
}

export async function setup(options: SetupOptions): Promise<void> {
  const config = await loadConfig();
  await (await import('../drills/run-drill.js')).endDrillFirst(config, 'setup brings the stack up afresh');
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY && !options.yes && !options.json);
  const choice = await decide(config, options, interactive);
  await writeEnv(config, choice);
  const offline = choice.mode === 'offline';
  if (!options.json)
    process.stderr.write(
      `${chalk.bold('ddworkshop setup')}: ${offline ? 'offline (local intake)' : `Datadog (${choice.site})`}\n`,
    );
  const ctx = await up({ offline, runtime: options.runtime, json: options.json, summary: false });
  const checks = await runChecks(ctx);
  const ok = checks.every((c) => c.ok);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ mode: choice.mode, ok, checks }, null, 2)}\n`);
  } else {
    process.stdout.write(`\n${chalk.bold('Checks')}\n`);
    for (const c of checks)
      process.stdout.write(
        `${renderCheck({ level: levelOf(c.ok), title: c.name, detail: c.detail, ...(c.remedy ? { remedy: c.remedy } : {}) })}\n`,
      );
    process.stdout.write(
      ok
        ? `\n${chalk.green.bold('Ready.')} Webapp: ${ctx.config.webappUrl}\n${ctx.config.mode === 'offline' ? 'Console' : 'Your data in Datadog'}: ${pageUrl(ctx.config)} (${cmd('open')})\nNext: ${chalk.cyan(cmd('traffic quick'))}, then ${chalk.cyan(cmd('verify metrics'))} — or ${chalk.cyan(cmd('learn'))} for the guided lessons.\n`
        : `\n${chalk.yellow('The stack is up but some checks failed')}: see the remedies above, and \`${CLI} doctor\`.\n`,
    );
  }
  const failed = checks.find((c) => !c.ok);
  const { reportToClass } = await import('../class/class-client.js');
  await reportToClass(ctx.config, {
    kind: 'setup',
    passed: ok,
    ...(failed ? { failure: { title: failed.name, message: failed.detail } } : {}),
  });
  if (!ok) process.exitCode = 1;
}
