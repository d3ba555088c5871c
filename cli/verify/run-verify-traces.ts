/**
 * `verify traces`: the spans of the webapp through the spans search API (Datadog or the local
 * intake): resources, errors, database spans. Ctrl-C shows what was found so far.
 */
import chalk from 'chalk';
import { cmd } from '../base/command.js';
import { loadConfig } from '../config/load-config.js';
import { apiPollOptions, createDatadogApi, noAnswer } from '../datadog/client.js';
import { onInterrupt } from '../ui/interrupt.js';
import { createProgress } from '../ui/progress.js';
import { renderTable } from '../ui/table.js';
import { pollUntil } from '../util/poll.js';

export interface VerifyTracesOptions {
  service?: string;
  since?: number;
  timeout?: number;
  json?: boolean;
  offline?: boolean;
}

export interface TraceSummary {
  spans: number;
  resources: Record<string, number>;
  errors: number;
  databaseSpans: number;
}

/**
 * Resources and database spans of an answer. Datadog's answers name no operation and carry no
 * error flag: database spans are told by their type or service, errors are counted by a search.
 */
export function summarizeSpans(spans: Array<{ attributes?: Record<string, unknown> }>): TraceSummary {
  const summary: TraceSummary = { spans: spans.length, resources: {}, errors: 0, databaseSpans: 0 };
  for (const s of spans) {
    const a = (s.attributes ?? {}) as Record<string, unknown>;
    const resource = String(a.resourceName ?? a.resource_name ?? '');
    if (String(a.type ?? '') === 'sql' || String(a.service ?? '').endsWith('-postgres'))
      summary.databaseSpans++;
    else if (resource) summary.resources[resource] = (summary.resources[resource] ?? 0) + 1;
  }
  return summary;
}

const complete = (s: TraceSummary) => Object.keys(s.resources).length > 0 && s.databaseSpans > 0;

function printSummary(service: string, summary: TraceSummary, stopped: boolean): void {
  const out = (s: string) => process.stdout.write(`${s}\n`);
  out(
    renderTable(
      ['RESOURCE', 'SPANS'],
      Object.entries(summary.resources)
        .sort()
        .map(([r, n]) => [r, String(n)]),
    ),
  );
  out(
    `database spans: ${summary.databaseSpans}   errors: ${summary.errors}   spans in all: ${summary.spans}`,
  );
  if (stopped) out(chalk.yellow('Stopped before the end of the wait: this is what had arrived so far.'));
  if (complete(summary)) out(`${chalk.green('✔')} Traces of ${service} arrived, database spans included.`);
  else
    out(
      `${chalk.red('✖')} ${Object.keys(summary.resources).length === 0 ? `no spans of ${service}` : 'no database spans'} in the window.\n${chalk.yellow('→')} Send traffic (${cmd('traffic quick')}) and run verify traces again.`,
    );
}

export async function verifyTraces(options: VerifyTracesOptions): Promise<void> {
  const config = await loadConfig(options.offline ? { offline: true } : {});
  const sinceMs = options.since ?? 15 * 60_000;
  const timeoutMs = options.timeout ?? (config.mode === 'offline' ? 20_000 : 120_000);
  const api = await createDatadogApi(config, { requestTimeoutMs: Math.min(20_000, timeoutMs) });
  const service = options.service ?? 'webapp';
  const interrupt = onInterrupt();
  const progress = await createProgress({ json: options.json });
  const deadline = Date.now() + timeoutMs;
  const w = { deadline, signal: interrupt.signal };
  const search = async (query: string) => {
    const spans = await api.spans();
    const from = new Date(Date.now() - sinceMs).toISOString();
    const attributes = { filter: { query, from, to: 'now' }, page: { limit: 1000 } };
    const res = await api.call(
      () => spans.listSpans({ body: { data: { type: 'search_request', attributes } } }),
      w,
    );
    return (res.data ?? []) as Array<{ attributes?: Record<string, unknown> }>;
  };
  let outcome: Awaited<ReturnType<typeof pollUntil<TraceSummary>>>;
  try {
    progress.update(`Looking for spans of service ${service}…`);
    outcome = await pollUntil(
      async () => {
        const [web, db] = await Promise.all([
          search(`service:${service}`),
          search(`service:${service}-postgres`),
        ]);
        return summarizeSpans([...web, ...db]);
      },
      complete,
      apiPollOptions(config, api, deadline, interrupt.signal),
    );
  } finally {
    progress.stop();
    interrupt.dispose();
  }
  const stopped = !outcome.ok && outcome.reason === 'aborted';
  const summary = outcome.value;
  if (!summary) throw noAnswer(outcome, interrupt.exitCode());
  if (!stopped) summary.errors = (await search(`service:${service} status:error`).catch(() => [])).length;
  const ok = complete(summary);
  if (options.json)
    process.stdout.write(`${JSON.stringify({ service, ok, stopped, ...summary }, null, 2)}\n`);
  else printSummary(service, summary, stopped);
  if (stopped) process.exitCode = interrupt.exitCode() ?? 130;
  else if (!ok) process.exitCode = 1;
}
