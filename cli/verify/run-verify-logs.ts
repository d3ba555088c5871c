/**
 * `verify logs`: through the logs search API (Datadog or the local intake), proves that the
 * service's logs arrived, that they carry trace ids, and that a sample of them resolves to a
 * trace through the spans search — the correlation Datadog shows between logs and traces.
 */
import chalk from 'chalk';
import { cmd } from '../base/command.js';
import { loadConfig } from '../config/load-config.js';
import { apiPollOptions, createDatadogApi, type DatadogApi, noAnswer } from '../datadog/client.js';
import { onInterrupt } from '../ui/interrupt.js';
import { createProgress } from '../ui/progress.js';
import { renderTable } from '../ui/table.js';
import { pollUntil } from '../util/poll.js';
import { type LogLike, type LogSummary, summarizeLogs, traceIdForms } from './log-summary.js';

export interface VerifyLogsOptions {
  service?: string;
  query?: string;
  since?: number;
  timeout?: number;
  json?: boolean;
  offline?: boolean;
}

const ready = (s: LogSummary) => s.logs > 0 && s.withTraceId > 0;

/** The first form of the id that finds a span, and the span count of that trace. */
async function resolveTrace(
  api: DatadogApi,
  id: string,
  sinceMs: number,
  limits: { deadline: number; signal: AbortSignal },
) {
  const spans = await api.spans();
  for (const form of traceIdForms(id)) {
    const attributes = {
      filter: { query: `trace_id:${form}`, from: new Date(Date.now() - sinceMs).toISOString(), to: 'now' },
      page: { limit: 100 },
    };
    const res = await api.call(
      () => spans.listSpans({ body: { data: { type: 'search_request', attributes } } }),
      limits,
    );
    if ((res.data ?? []).length > 0) return { id, spans: res.data?.length ?? 0 };
  }
  return { id, spans: 0 };
}

export async function verifyLogs(options: VerifyLogsOptions): Promise<void> {
  const config = await loadConfig(options.offline ? { offline: true } : {});
  const sinceMs = options.since ?? 15 * 60_000;
  const timeoutMs = options.timeout ?? (config.mode === 'offline' ? 30_000 : 180_000);
  const api = await createDatadogApi(config, { requestTimeoutMs: Math.min(20_000, timeoutMs) });
  const service = options.service ?? 'webapp';
  const query = `service:${service}${options.query ? ` ${options.query}` : ''}`;
  const interrupt = onInterrupt();
  const progress = await createProgress({ json: options.json });
  const limits = { deadline: Date.now() + timeoutMs, signal: interrupt.signal };
  let outcome: Awaited<ReturnType<typeof pollUntil<LogSummary>>>;
  let resolved: Array<{ id: string; spans: number }> = [];
  try {
    progress.update(`Looking for logs: ${query}…`);
    const logs = await api.logs();
    outcome = await pollUntil(
      async () => {
        const page = async (q: string) => {
          const filter = { query: q, from: new Date(Date.now() - sinceMs).toISOString(), to: 'now' };
          const body = { filter, page: { limit: 1000 }, sort: '-timestamp' as const };
          return ((await api.call(() => logs.listLogs({ body }), limits)).data ?? []) as LogLike[];
        };
        // The newest lines may all be lines outside requests: the ones with a trace id are asked for apart.
        const [all, traced] = await Promise.all([page(query), page(`${query} @dd.trace_id:*`)]);
        const withIds = summarizeLogs(traced);
        return {
          ...summarizeLogs(all),
          withTraceId: withIds.withTraceId,
          sampleTraceIds: withIds.sampleTraceIds,
        };
      },
      ready,
      apiPollOptions(config, api, limits.deadline, interrupt.signal),
    );
    if (outcome.ok) {
      progress.update('Resolving a sample of trace ids to traces…');
      const ids = outcome.value.sampleTraceIds;
      // The newest lines' spans can still be in the tracer's buffer (it flushes every 2 s) when
      // their logs are already searchable: ask again until one resolves, up to the deadline.
      const traces = await pollUntil(
        () => Promise.all(ids.map((id) => resolveTrace(api, id, sinceMs, limits))),
        (found) => found.some((r) => r.spans > 0),
        apiPollOptions(config, api, limits.deadline, interrupt.signal),
      );
      resolved = traces.value ?? ids.map((id) => ({ id, spans: 0 }));
    }
  } finally {
    progress.stop();
    interrupt.dispose();
  }
  const stopped = !outcome.ok && outcome.reason === 'aborted';
  const summary = outcome.value;
  if (!summary) throw noAnswer(outcome, interrupt.exitCode());
  const linked = resolved.filter((r) => r.spans > 0).length;
  const ok = ready(summary) && linked > 0;
  if (options.json) {
    process.stdout.write(
      `${JSON.stringify({ service, query, ok, stopped, ...summary, resolved }, null, 2)}\n`,
    );
  } else {
    const out = (s: string) => process.stdout.write(`${s}\n`);
    out(
      renderTable(
        ['STATUS', 'LOGS'],
        Object.entries(summary.byStatus)
          .sort()
          .map(([k, n]) => [k, String(n)]),
      ),
    );
    out(
      `logs: ${summary.logs}   with a trace id: ${summary.withTraceId}   sample resolved to a trace: ${linked}/${resolved.length}`,
    );
    for (const r of resolved)
      out(`  trace ${r.id}: ${r.spans ? `${r.spans} span(s)` : chalk.yellow('no span found')}`);
    if (ok) out(`${chalk.green('✔')} Logs of ${service} arrived, and they lead to their traces.`);
    else if (summary.logs === 0)
      out(
        `${chalk.red('✖')} no logs for ${query} in the window.\n${chalk.yellow('→')} ${noLogsAdvice(query)}`,
      );
    else if (summary.withTraceId === 0)
      out(
        `${chalk.red('✖')} logs arrived, but none carries a trace id.\n${chalk.yellow('→')} Log through the logger dd-trace injects into (pino), inside a request, with logInjection on.`,
      );
    else
      out(
        `${chalk.red('✖')} the logs' trace ids match no trace in the window.\n${chalk.yellow('→')} Check that the logs and traces come from the same service and env.`,
      );
  }
  if (stopped) process.exitCode = interrupt.exitCode() ?? 130;
  else if (!ok) process.exitCode = 1;
}

/**
 * What to do when a search found nothing. A search on a number finds logs only once the attribute
 * is a measure, and only logs after it — in Datadog, and offline as in Datadog. Pure.
 */
export function noLogsAdvice(query: string): string {
  const numeric = /@([\w.-]+):(?:[<>]=?|\[)/.exec(query);
  if (numeric)
    return `A search on a number (@${numeric[1]}) finds logs only once ${numeric[1]} is a measure, and only logs that arrived after it: open a log on the Logs page, create the measure on ${numeric[1]}, send traffic again (${cmd('traffic quick')}) and verify again.`;
  return `Send traffic (${cmd('traffic quick')}); \`${cmd('agent status')}\` shows the Logs Agent section.`;
}
