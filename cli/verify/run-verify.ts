/**
 * `verify metrics` and `verify traces`: ask the Datadog API (or the local intake, same code)
 * until everything expected is there or time runs out, then show what was found.
 */
import chalk from 'chalk';
import { loadConfig } from '../config/load-config.js';
import type { WorkshopConfig } from '../config/workshop-config.js';
import { renderTable } from '../ui/table.js';
import { UserError } from '../ui/user-error.js';
import { nextDelayMs } from './backoff.js';
import { activeName, type ExpectedMetric, queriesFor, resolveMetrics } from './catalog.js';
import { type ApiFailure, createDatadogApi, type DatadogApi, explainApiError } from './client-factory.js';
import { parseDurationMs } from './duration.js';
import {
  applyExpectedTags,
  evaluateMetric,
  formatValue,
  type MetricResult,
  summarizeTags,
} from './metric-results.js';

export interface VerifyOptions {
  ecommerce?: boolean;
  since?: string;
  timeout?: string;
  expectTag?: string[];
  json?: boolean;
  offline?: boolean;
}

interface Waiter {
  update(text: string): void;
  stop(): void;
}

async function waiter(json: boolean | undefined): Promise<Waiter> {
  if (json || !process.stderr.isTTY) {
    let last = '';
    return {
      update: (text) => {
        if (!json && text !== last) process.stderr.write(`${text}\n`);
        last = text;
      },
      stop: () => {},
    };
  }
  const { default: ora } = await import('ora');
  const spinner = ora({ stream: process.stderr }).start();
  return { update: (text) => (spinner.text = text), stop: () => spinner.stop() };
}

async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

/** Calls the API, turning failures into ApiFailure (retryable ones are retried by the poll loop). */
async function call<T>(config: WorkshopConfig, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw explainApiError(error, config);
  }
}

async function checkOnce(
  api: DatadogApi,
  config: WorkshopConfig,
  metrics: ExpectedMetric[],
  fromSec: number,
  expectTags: string[],
): Promise<MetricResult[]> {
  const toSec = Math.ceil(Date.now() / 1000);
  const active = new Set(
    (await call(config, () => api.metricsV1.listActiveMetrics({ from: fromSec }))).metrics ?? [],
  );
  const results: MetricResult[] = [];
  for (const metric of metrics) {
    const isActive = active.has(activeName(metric));
    const answers = [];
    let tags: string[] = [];
    if (isActive) {
      for (const { label, query } of queriesFor(metric)) {
        const res = await call(config, () => api.metricsV1.queryMetrics({ from: fromSec, to: toSec, query }));
        const points = (res.series ?? []).flatMap(
          (s) =>
            (s.pointlist ?? []).filter(
              (p): p is [number, number] => p[1] !== null && p[1] !== undefined,
            ) as Array<[number, number]>,
        );
        answers.push({ label, points });
      }
      const name = metric.kind === 'histogram' ? `${metric.name}.avg` : metric.name;
      tags = await call(config, () => api.metricsV2.listTagsByMetricName({ metricName: name }))
        .then((r) => r.data?.attributes?.tags ?? [])
        .catch((e: ApiFailure) => {
          if (e.status === 404) return [];
          throw e;
        });
    }
    results.push(evaluateMetric(metric, isActive, answers, tags));
  }
  return applyExpectedTags(results, expectTags);
}

/** Repeats `probe` until `done` or the deadline; retryable API failures wait and try again. */
async function poll<T>(
  api: DatadogApi,
  deadline: number,
  wait: Waiter,
  what: (attempt: number) => string,
  probe: () => Promise<T>,
  done: (t: T) => boolean,
): Promise<{ value: T | undefined; error?: ApiFailure }> {
  let value: T | undefined;
  let lastError: ApiFailure | undefined;
  for (let attempt = 1; ; attempt++) {
    wait.update(what(attempt));
    try {
      value = await probe();
      lastError = undefined;
      if (done(value)) return { value };
    } catch (error) {
      const failure = error as ApiFailure;
      if (!failure.retryable) throw new UserError(failure.message);
      lastError = failure;
      wait.update(`${failure.message}`);
    }
    const delay = nextDelayMs(attempt, api.rateLimit());
    if (Date.now() + delay > deadline) return lastError ? { value, error: lastError } : { value };
    await sleep(delay);
  }
}

export async function verifyMetrics(names: string[], options: VerifyOptions): Promise<void> {
  const config = await loadConfig(options.offline ? { offline: true } : {});
  const sinceMs = parseDurationMs(options.since ?? '15m', '--since');
  const timeoutMs = parseDurationMs(options.timeout ?? '5m', '--timeout');
  const metrics = resolveMetrics(names, options.ecommerce === true);
  const expectTags = options.expectTag ?? [];
  const api = await createDatadogApi(config, { requestTimeoutMs: Math.min(20_000, timeoutMs) });
  const fromSec = Math.floor((Date.now() - sinceMs) / 1000);
  const wait = await waiter(options.json);
  const started = Date.now();
  let outcome: { value: MetricResult[] | undefined; error?: ApiFailure };
  try {
    outcome = await poll(
      api,
      started + timeoutMs,
      wait,
      () =>
        `Asking ${config.mode === 'offline' ? 'the local intake' : `Datadog (${config.site})`} for ${metrics.length} metrics…`,
      () => checkOnce(api, config, metrics, fromSec, expectTags),
      (r) => r.every((m) => m.found),
    );
  } finally {
    wait.stop();
  }
  if (!outcome.value)
    throw new UserError(
      outcome.error?.message ?? 'no answer from the API',
      'Check the stack (ddworkshop status) and try again.',
    );
  const results = outcome.value;
  const missing = results.filter((r) => !r.found);
  if (options.json) {
    process.stdout.write(
      `${JSON.stringify({ mode: config.mode, since: new Date(fromSec * 1000).toISOString(), ok: missing.length === 0, metrics: results }, null, 2)}\n`,
    );
  } else {
    process.stdout.write(
      `${renderTable(
        ['METRIC', 'TYPE', 'FOUND', 'LATEST', 'POINTS', 'TAGS'],
        results.map((r) => [
          r.metric,
          r.kind,
          r.found ? chalk.green('yes') : chalk.red('no'),
          formatValue(r),
          String(r.points),
          summarizeTags(r.tags),
        ]),
      )}\n`,
    );
    for (const r of missing) {
      const why = !r.active
        ? 'not reported in the window'
        : r.points === 0
          ? 'reported but no points yet'
          : `missing tags: ${r.missingTags.join(', ')}`;
      process.stdout.write(`${chalk.red('✖')} ${r.metric}: ${why}\n`);
    }
    if (missing.length) {
      const hint = options.ecommerce ? 'ddworkshop traffic purchase' : 'ddworkshop traffic quick';
      process.stdout.write(
        `${chalk.yellow('→')} Send traffic (${hint}) and run verify again; metrics are flushed every 10 s${config.mode === 'datadog' ? ' and a new metric can take a few minutes to show in Datadog' : ''}.\n`,
      );
    } else process.stdout.write(`${chalk.green('✔')} All ${results.length} metrics arrived.\n`);
  }
  if (missing.length) process.exitCode = 1;
}

export interface TraceSummary {
  spans: number;
  resources: Record<string, number>;
  errors: number;
  databaseSpans: number;
}

export function summarizeSpans(spans: Array<{ attributes?: Record<string, unknown> }>): TraceSummary {
  const summary: TraceSummary = { spans: spans.length, resources: {}, errors: 0, databaseSpans: 0 };
  for (const s of spans) {
    const a = (s.attributes ?? {}) as Record<string, unknown>;
    const custom = (a.custom ?? {}) as Record<string, unknown>;
    const name = String(a.operationName ?? a.operation_name ?? custom.operation_name ?? '');
    const resource = String(a.resourceName ?? a.resource_name ?? '');
    if (
      name === 'pg.query' ||
      String(a.type ?? custom.type ?? '') === 'sql' ||
      String(a.service ?? '').endsWith('-postgres')
    )
      summary.databaseSpans++;
    else if (resource) summary.resources[resource] = (summary.resources[resource] ?? 0) + 1;
    if (a.status === 'error' || custom.error === 1) summary.errors++;
  }
  return summary;
}

export async function verifyTraces(options: VerifyOptions & { service?: string }): Promise<void> {
  const config = await loadConfig(options.offline ? { offline: true } : {});
  const sinceMs = parseDurationMs(options.since ?? '15m', '--since');
  const timeoutMs = parseDurationMs(options.timeout ?? '2m', '--timeout');
  const api = await createDatadogApi(config, { requestTimeoutMs: Math.min(20_000, timeoutMs) });
  const service = options.service ?? 'webapp';
  const wait = await waiter(options.json);
  const query = async () => {
    const from = new Date(Date.now() - sinceMs).toISOString();
    const [web, db] = await Promise.all([
      call(config, () =>
        api.spans.listSpans({
          body: {
            data: {
              type: 'search_request',
              attributes: { filter: { query: `service:${service}`, from, to: 'now' }, page: { limit: 1000 } },
            },
          },
        }),
      ),
      call(config, () =>
        api.spans.listSpans({
          body: {
            data: {
              type: 'search_request',
              attributes: {
                filter: { query: `service:${service}-postgres`, from, to: 'now' },
                page: { limit: 1000 },
              },
            },
          },
        }),
      ),
    ]);
    return summarizeSpans([...(web.data ?? []), ...(db.data ?? [])] as Array<{
      attributes?: Record<string, unknown>;
    }>);
  };
  let outcome: { value: TraceSummary | undefined; error?: ApiFailure };
  try {
    outcome = await poll(
      api,
      Date.now() + timeoutMs,
      wait,
      () => `Looking for spans of service ${service}…`,
      query,
      (s) => Object.keys(s.resources).length > 0 && s.databaseSpans > 0,
    );
  } finally {
    wait.stop();
  }
  const summary = outcome.value;
  if (!summary) throw new UserError(outcome.error?.message ?? 'no answer from the API');
  const ok = Object.keys(summary.resources).length > 0 && summary.databaseSpans > 0;
  if (options.json) process.stdout.write(`${JSON.stringify({ service, ok, ...summary }, null, 2)}\n`);
  else {
    process.stdout.write(
      `${renderTable(
        ['RESOURCE', 'SPANS'],
        Object.entries(summary.resources)
          .sort()
          .map(([r, n]) => [r, String(n)]),
      )}\n`,
    );
    process.stdout.write(
      `database spans: ${summary.databaseSpans}   errors: ${summary.errors}   spans in all: ${summary.spans}\n`,
    );
    if (ok)
      process.stdout.write(`${chalk.green('✔')} Traces of ${service} arrived, database spans included.\n`);
    else
      process.stdout.write(
        `${chalk.red('✖')} ${Object.keys(summary.resources).length === 0 ? `no spans of ${service}` : 'no database spans'} in the window.\n${chalk.yellow('→')} Send traffic (ddworkshop traffic quick) and run verify traces again.\n`,
      );
  }
  if (!ok) process.exitCode = 1;
}
