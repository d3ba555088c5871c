/**
 * `verify metrics`: ask the Datadog API (or the local intake, same code) until every expected
 * metric is there with the type and tags it should have, or time runs out; then show what was
 * found. Ctrl-C stops the wait and shows what was found so far.
 */
import chalk from 'chalk';
import { IntakeLossSchema } from '#contracts/wire/intake-status.js';
import { readAs } from '#contracts/wire/parse.js';
import { cmd } from '../base/command.js';
import { loadConfig } from '../config/load-config.js';
import type { WorkshopConfig } from '../config/workshop-config.js';
import {
  type ApiFailure,
  apiPollOptions,
  arrivedType,
  createDatadogApi,
  type DatadogApi,
  noAnswer,
} from '../datadog/client.js';
import { onInterrupt } from '../ui/interrupt.js';
import { createProgress } from '../ui/progress.js';
import { renderTable } from '../ui/table.js';
import { fetchWithin } from '../util/fetch-within.js';
import { pollUntil } from '../util/poll.js';
import { activeName, type ExpectedMetric, queriesFor, resolveMetrics } from './catalog.js';
import {
  applyExpectedTags,
  evaluateMetric,
  formatValue,
  type MetricResult,
  summarizeTags,
} from './metric-results.js';
import { arrivedLabel } from './metric-types.js';

export interface VerifyOptions {
  ecommerce?: boolean;
  /** The agent's system metrics (host cpu, load, memory, disk) instead of the webapp's. */
  infra?: boolean;
  containers?: boolean;
  dbm?: boolean;
  /** Look-back window (ms). */
  since?: number;
  /** How long to keep asking (ms); by default one that fits the mode. */
  timeout?: number;
  expectTag?: string[];
  json?: boolean;
  offline?: boolean;
}

/**
 * Offline the intake answers as soon as DogStatsD has flushed (every 10 s): 30 s is three
 * flushes. Datadog can take a minute or more to make a new metric queryable.
 */
export function defaultTimeoutMs(mode: WorkshopConfig['mode']): number {
  return mode === 'offline' ? 30_000 : 300_000;
}

interface Window {
  fromSec: number;
  deadline: number;
  signal: AbortSignal;
}

async function checkMetric(
  api: DatadogApi,
  metric: ExpectedMetric,
  active: Set<string>,
  w: Window,
): Promise<MetricResult> {
  const name = activeName(metric);
  if (!active.has(name)) {
    // Sent with another client call, it lives under other names: say which type it became.
    const other = metric.kind === 'histogram' ? metric.name : `${metric.name}.avg`;
    const type = active.has(other)
      ? metric.kind === 'histogram'
        ? await arrivedType(api, metric.name, w)
        : 'histogram'
      : undefined;
    return evaluateMetric(metric, false, [], [], type);
  }
  const v1 = await api.metricsV1();
  const toSec = Math.ceil(Date.now() / 1000);
  const answers = [];
  for (const { label, query } of queriesFor(metric)) {
    const res = await api.call(() => v1.queryMetrics({ from: w.fromSec, to: toSec, query }), w);
    const points = (res.series ?? []).flatMap((s) =>
      (s.pointlist ?? []).filter((p): p is [number, number] => p[1] !== null && p[1] !== undefined),
    );
    answers.push({ label, points });
  }
  const v2 = await api.metricsV2();
  const tags = await api
    .call(() => v2.listTagsByMetricName({ metricName: name }), w)
    .then((r) => r.data?.attributes?.tags ?? [])
    .catch((e: ApiFailure) => {
      if (e.status === 404) return [];
      throw e;
    });
  return evaluateMetric(metric, true, answers, tags, await arrivedType(api, name, w));
}

async function checkOnce(
  api: DatadogApi,
  metrics: ExpectedMetric[],
  expectTags: string[],
  w: Window,
): Promise<MetricResult[]> {
  const v1 = await api.metricsV1();
  const active = new Set((await api.call(() => v1.listActiveMetrics({ from: w.fromSec }), w)).metrics ?? []);
  const results: MetricResult[] = [];
  for (const metric of metrics) results.push(await checkMetric(api, metric, active, w));
  return applyExpectedTags(results, expectTags);
}

function trafficHint(ecommerce: boolean): string {
  return ecommerce ? cmd('traffic purchase') : cmd('traffic quick');
}

/** What is still missing and what would make it arrive (the spinner adds the clock). */
function waitingLine(
  results: MetricResult[] | undefined,
  total: number,
  ecommerce: boolean,
  mode: WorkshopConfig['mode'],
): string {
  if (!results) return `Asking for ${total} metrics…`;
  const missing = results.filter((r) => !r.found).map((r) => r.metric);
  if (missing.length === 0) return `All ${total} metrics arrived`;
  const slow = mode === 'datadog' ? ' (Datadog can take a few minutes to make a new metric queryable)' : '';
  return `Waiting for ${missing.join(', ')}${slow} — no data yet? send it: ${trafficHint(ecommerce)}`;
}

function why(r: MetricResult): string {
  if (r.typeProblem) return r.typeProblem;
  if (r.zeroProblem) return r.zeroProblem;
  if (!r.active) return `${r.metric}: not reported in the window`;
  if (r.points === 0) return `${r.metric}: reported but no points yet`;
  return `${r.metric}: missing tags: ${r.missingTags.join(', ')}`;
}

function printResults(
  results: MetricResult[],
  config: WorkshopConfig,
  ecommerce: boolean,
  stopped: boolean,
): void {
  const out = (s: string) => process.stdout.write(`${s}\n`);
  out(
    renderTable(
      ['METRIC', 'EXPECTED', 'ARRIVED AS', 'FOUND', 'LATEST', 'POINTS', 'TAGS'],
      results.map((r) => [
        r.metric,
        r.kind,
        r.active || r.arrivedType ? arrivedLabel(r.arrivedType, r.kind === 'any' ? undefined : r.kind) : '-',
        r.found ? chalk.green('yes') : chalk.red('no'),
        formatValue(r),
        String(r.points),
        summarizeTags(r.tags),
      ]),
    ),
  );
  const missing = results.filter((r) => !r.found);
  for (const r of missing) out(`${chalk.red('✖')} ${why(r)}`);
  for (const r of results.filter((x) => x.percentilesOff))
    out(
      `${chalk.yellow('!')} ${r.metric}: no percentiles — Datadog computes them only once enabled, from the points after → ${cmd(`metrics percentiles ${r.metric}`)}, then send new data`,
    );
  if (stopped) out(chalk.yellow('Stopped before the end of the wait: this is what had arrived so far.'));
  if (missing.some((r) => !r.typeProblem)) {
    out(
      `${chalk.yellow('→')} Send traffic (${trafficHint(ecommerce)}) and run verify again; metrics are flushed every 10 s${config.mode === 'datadog' ? ' and a new metric can take a few minutes to show in Datadog' : ''}.`,
    );
  } else if (missing.length === 0) out(`${chalk.green('✔')} All ${results.length} metrics arrived.`);
}

export async function verifyMetrics(names: string[], options: VerifyOptions): Promise<void> {
  const config = await loadConfig(options.offline ? { offline: true } : {});
  const sinceMs = options.since ?? 15 * 60_000;
  const timeoutMs = options.timeout ?? defaultTimeoutMs(config.mode);
  const ecommerce = options.ecommerce === true;
  const metrics = resolveMetrics(names, {
    ecommerce,
    infra: options.infra === true,
    containers: options.containers === true,
    dbm: options.dbm === true,
  });
  const api = await createDatadogApi(config, { requestTimeoutMs: Math.min(20_000, timeoutMs) });
  const interrupt = onInterrupt();
  const progress = await createProgress({ json: options.json });
  const started = Date.now();
  const w: Window = {
    fromSec: Math.floor((started - sinceMs) / 1000),
    deadline: started + timeoutMs,
    signal: interrupt.signal,
  };
  let last: MetricResult[] | undefined;
  let outcome: Awaited<ReturnType<typeof pollUntil<MetricResult[]>>>;
  const show = () => {
    const clock = `${Math.round((Date.now() - started) / 1000)} s of ${Math.round(timeoutMs / 1000)} s`;
    const line = waitingLine(last, metrics.length, ecommerce, config.mode);
    // A spinner shows the clock; plain lines appear only when what is missing changes.
    progress.update(progress.live ? `${line} (${clock})` : line);
  };
  const tick = progress.live ? setInterval(show, 1000) : undefined;
  try {
    show();
    outcome = await pollUntil(
      async () => {
        last = await checkOnce(api, metrics, options.expectTag ?? [], w);
        show();
        return last;
      },
      (r) => r.every((m) => m.found || m.typeProblem !== undefined),
      apiPollOptions(config, api, w.deadline, interrupt.signal),
    );
  } finally {
    clearInterval(tick);
    progress.stop();
    interrupt.dispose();
  }
  const stopped = !outcome.ok && outcome.reason === 'aborted';
  const results = outcome.value;
  if (!results)
    throw noAnswer(outcome, interrupt.exitCode(), `Check the stack (${cmd('status')}) and try again.`);
  const missing = results.filter((r) => !r.found);
  if (options.json) {
    const since = new Date(w.fromSec * 1000).toISOString();
    process.stdout.write(
      `${JSON.stringify({ mode: config.mode, since, ok: missing.length === 0, stopped, metrics: results }, null, 2)}\n`,
    );
  } else {
    printResults(results, config, ecommerce, stopped);
    if (missing.length && config.mode === 'offline') {
      const full = await intakeLossNote(config.apiBaseUrl);
      if (full) process.stdout.write(`${chalk.yellow('!')} ${full}\n`);
    }
  }
  if (stopped) process.exitCode = interrupt.exitCode() ?? 130;
  else if (missing.length) process.exitCode = 1;
}

/** Offline, a metric that never appears may have been lost at the intake: dropped by the kernel (a flood) or evicted at its series limit. Says which, and what to do. */
export async function intakeLossNote(apiBaseUrl: string): Promise<string | undefined> {
  try {
    const res = await fetchWithin(new URL('/intake/status', apiBaseUrl), 2000);
    const d = readAs(IntakeLossSchema, await res.json(), 'intake status').dogstatsd;
    if (d?.kernelDrops && !d.evictedSeries)
      return `The kernel dropped ${d.kernelDrops} DogStatsD packets (the intake's receive buffer was full): a flood arrived faster than it reads; send less at once and run verify again.`;
    if (!d?.evictedSeries) return undefined;
    const hint = d.cardinalityHint;
    return `The intake reached its series limit and evicted ${d.evictedSeries} series${hint ? `: ${hint.metric} has ${hint.series} series${hint.tag ? ` (tag ${hint.tag})` : ''} — lower its cardinality` : ''}, or restart the intake (${cmd('down')} then ${cmd('up')}).`;
  } catch {
    return undefined;
  }
}
