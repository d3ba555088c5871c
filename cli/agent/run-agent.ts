/** `agent status` (exec in the agent's container or process) and `agent info` (GET :8126/info). */
import chalk from 'chalk';
import { CLI } from '../base/command.js';
import { UserError } from '../base/user-error.js';
import { loadConfig } from '../config/load-config.js';
import { checkAgentInfo, summarizeAgentStatus } from '../stack/agent-status.js';
import { agentService, type StackOptions, stackContext } from '../stack/stack-context.js';
import { levelOf, renderCheck } from '../ui/check-line.js';
import { fetchWithin } from '../util/fetch-within.js';

export async function agentStatus(options: StackOptions & { raw?: boolean }): Promise<void> {
  const ctx = await stackContext(options);
  const service = agentService(ctx.model.services);
  const result = await ctx.runtime.exec(ctx.model, service, ['agent', 'status']).catch((error: Error) => {
    throw new UserError(
      `Could not run \`agent status\` in ${service}: ${error.message}`,
      `Is the stack up? ${CLI} status`,
    );
  });
  if (result.exitCode !== 0 && !result.stdout.trim()) {
    throw new UserError(
      `\`agent status\` failed in ${service}: ${result.stderr.trim() || `exit code ${result.exitCode}`}`,
      `Is the agent running? ${CLI} status`,
    );
  }
  if (options.raw) {
    process.stdout.write(result.stdout);
    return;
  }
  const checks = summarizeAgentStatus(result.stdout);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ service, checks }, null, 2)}\n`);
  } else {
    for (const c of checks)
      process.stdout.write(
        `${renderCheck({ level: levelOf(c.ok), title: c.name, detail: c.detail, ...(c.remedy ? { remedy: c.remedy } : {}) })}\n`,
      );
    process.stdout.write(chalk.dim(`The whole report: ${CLI} agent status --raw\n`));
  }
  if (checks.some((c) => !c.ok)) process.exitCode = 1;
}

export async function agentInfo(options: StackOptions): Promise<void> {
  // Plain HTTP to the trace port: no compose model or runtime needed.
  const config = await loadConfig(options.offline ? { offline: true } : {});
  const url = `${config.traceAgentUrl}/info`;
  let info: Record<string, unknown>;
  try {
    const res = await fetchWithin(url, 5000);
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
    info = (await res.json()) as Record<string, unknown>;
  } catch (error) {
    throw new UserError(
      `GET ${url} failed: ${(error as { code?: string }).code ?? (error as Error).message}`,
      `Is the agent up? ${CLI} status (or ${CLI} setup)`,
    );
  }
  const check = checkAgentInfo(info);
  if (options.json) {
    process.stdout.write(
      `${JSON.stringify({ url, ...check, endpoints: info.endpoints, config: info.config }, null, 2)}\n`,
    );
  } else {
    process.stdout.write(
      `${renderCheck({ level: levelOf(check.ok), title: `trace agent ${check.version ?? '?'} at ${url}` })}\n`,
    );
    process.stdout.write(
      `  trace endpoints: ${(info.endpoints as string[] | undefined)?.filter((e) => e.includes('traces')).join(', ') ?? 'none'}\n`,
    );
    process.stdout.write(`  DogStatsD port: ${check.statsdPort ?? 'unknown'}\n`);
    for (const p of check.problems) process.stdout.write(`  ${renderCheck({ level: 'fail', title: p })}\n`);
  }
  if (!check.ok) process.exitCode = 1;
}
