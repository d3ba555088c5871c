/**
 * Builds the CheckContext for one run of a lesson's checks: HTTP to the webapp, the Datadog API
 * through the CLI's one client layer (real site or the local intake, same calls, same
 * rate-limit handling as verify), and the trace agent. Every run gets its own product id and
 * time window, so nothing from an earlier run can make it pass or fail.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { monitorKey } from '../as-code/managed-key.js';
import { managedDashboards, managedMonitors } from '../as-code/remote.js';
import type { WorkshopConfig } from '../config/workshop-config.js';
import type { WorkshopDb } from '../database/workshop-db.js';
import { ApiFailure, arrivedType, createDatadogApi } from '../datadog/client.js';
import { isConnectionRefused } from '../util/errors.js';
import { fetchWithin } from '../util/fetch-within.js';
import { pollUntil, sleep } from '../util/poll.js';
import { SPANS_INTERVAL_MS } from './api-budget.js';
import {
  type CheckContext,
  CheckFailure,
  type CheckRun,
  type HttpResult,
  type SeriesResult,
  type Since,
  type SpanResult,
} from './check-api.js';
import { bucketStart } from './check-ids.js';

export interface ContextOptions {
  /** When the lesson started (ms). */
  lessonStartMs: number;
  run: CheckRun;
  signal?: AbortSignal;
  /** How `agent status` is obtained (runtime exec); checks that need it fail without one. */
  agentStatus?: () => Promise<string>;
  /** Upper bound for each `eventually` poll: long against Datadog, short against the intake. */
  patienceMs?: number;
}

async function call(
  url: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
  signal?: AbortSignal,
): Promise<HttpResult> {
  const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
  let body: string | undefined;
  if (init.body !== undefined) {
    body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetchWithin(url, 30_000, {
    method: init.method ?? 'GET',
    headers,
    ...(body !== undefined ? { body } : {}),
    redirect: 'manual',
    ...(signal ? { signal } : {}),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const flat: Record<string, string> = {};
  res.headers.forEach((v, k) => {
    flat[k] = v;
  });
  return { status: res.status, headers: flat, text, json };
}

/** Flattens nested span attributes into `a.b.c` → string. */
function flatten(value: unknown, prefix: string, into: Record<string, string>): void {
  if (value === null || value === undefined) return;
  if (typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, into);
  } else into[prefix] = String(value);
}

/** A span as the API client returns it (camelCase known fields; the rest in additionalProperties). */
export interface ClientSpan {
  attributes?: {
    service?: string;
    resourceName?: string;
    traceId?: string;
    spanId?: string;
    parentId?: string;
    startTimestamp?: Date | string;
    endTimestamp?: Date | string;
    tags?: string[];
    custom?: Record<string, unknown>;
    attributes?: Record<string, unknown>;
    additionalProperties?: Record<string, unknown>;
  };
}

export function toSpanResult(item: ClientSpan): SpanResult {
  const attrs = item.attributes ?? {};
  const tags: Record<string, string> = {};
  for (const t of attrs.tags ?? []) {
    const at = t.indexOf(':');
    if (at > 0) tags[t.slice(0, at)] = t.slice(at + 1);
  }
  flatten(attrs.custom, '', tags);
  flatten(attrs.attributes, '', tags);
  return {
    service: String(attrs.service ?? tags.service ?? ''),
    resource: String(attrs.resourceName ?? tags.resource_name ?? ''),
    tags,
    traceId: String(attrs.traceId ?? ''),
    spanId: String(attrs.spanId ?? ''),
    parentId: String(attrs.parentId ?? ''),
    ...spanDuration(attrs.startTimestamp, attrs.endTimestamp),
  };
}

/** From the answer's start and end (millisecond precision, as Datadog's spans API gives them). */
function spanDuration(
  start: Date | string | undefined,
  end: Date | string | undefined,
): { durationMs?: number } {
  if (start === undefined || end === undefined) return {};
  const ms = new Date(end).getTime() - new Date(start).getTime();
  return Number.isFinite(ms) ? { durationMs: ms } : {};
}

/** Errors that waiting will not cure: nothing listening, a refused key, a query Datadog rejects. */
function isFinal(error: unknown): boolean {
  if (error instanceof ApiFailure) return !error.retryable;
  if (error instanceof CheckFailure) return error.final;
  return isConnectionRefused(error);
}

/** `since: 'recent'`: what was sent before the lesson started counts too, this far back. */
const RECENT_MS = 15 * 60_000;

export async function createCheckContext(
  config: WorkshopConfig,
  options: ContextOptions,
): Promise<CheckContext> {
  // DDWORKSHOP_CHECK_PATIENCE_MS: how long data checks wait for data (the authoring test shortens it).
  const fromEnv = Number(config.vars.DDWORKSHOP_CHECK_PATIENCE_MS);
  const patience =
    options.patienceMs ?? (fromEnv > 0 ? fromEnv : config.mode === 'offline' ? 40_000 : 180_000);
  // The intake answers as soon as a packet is in; Datadog needs its 10 s flush and indexing.
  // Offline a query costs a millisecond: ask again soon after the data's flush may have landed.
  const interval = config.mode === 'offline' ? 250 : 10_000;
  const signal = options.signal ?? new AbortController().signal;
  const api = await createDatadogApi(config);
  const lessonStartMs = bucketStart(options.lessonStartMs);
  const fromMs = (since: Since = 'lesson') =>
    since === 'run'
      ? options.run.startMs
      : since === 'recent'
        ? Math.min(lessonStartMs, Date.now() - RECENT_MS)
        : lessonStartMs;
  const limits = () => ({ deadline: Date.now() + patience, signal });
  // Spans search has a small hourly allowance (api-budget.ts): searches of a run are spaced.
  let nextSpansAt = 0;
  let workshopDb: Promise<WorkshopDb> | undefined;
  const spacedForSpans = async () => {
    const wait = nextSpansAt - Date.now();
    if (wait > 0) await sleep(wait, signal);
    nextSpansAt = Date.now() + SPANS_INTERVAL_MS[config.mode];
  };

  const ctx: CheckContext = {
    webappUrl: config.webappUrl,
    traceAgentUrl: config.traceAgentUrl,
    lessonStartMs,
    run: options.run,
    signal,
    http: (path, init) => call(`${config.webappUrl}${path}`, init, signal),
    async queryMetrics(query, opts) {
      const v1 = await api.metricsV1();
      const from = Math.floor(fromMs(opts?.since) / 1000);
      const to = Math.ceil(Date.now() / 1000);
      const res = await api.call(() => v1.queryMetrics({ from, to, query }), limits());
      return (res.series ?? []).map(
        (s): SeriesResult => ({
          metric: String(s.metric ?? ''),
          tagSet: s.tagSet ?? [],
          points: (s.pointlist ?? []).filter(
            (p): p is [number, number] => p[1] !== null && p[1] !== undefined,
          ) as Array<[number, number]>,
        }),
      );
    },
    metricType: (name) => arrivedType(api, name, limits()),
    async metricTags(name) {
      const v2 = await api.metricsV2();
      try {
        const res = await api.call(() => v2.listTagsByMetricName({ metricName: name }), limits());
        return res.data?.attributes?.tags ?? [];
      } catch (error) {
        if ((error as ApiFailure).status === 404) return [];
        throw error;
      }
    },
    async percentilesEnabled(name) {
      const v2 = await api.metricsV2();
      try {
        const res = await api.call(() => v2.listTagConfigurationByName({ metricName: name }), limits());
        const attributes = res.data?.attributes as { includePercentiles?: boolean } | undefined;
        return attributes?.includePercentiles === true;
      } catch (error) {
        if ((error as ApiFailure).status === 404) return false;
        throw error;
      }
    },
    async searchSpans(query, opts) {
      await spacedForSpans();
      const spans = await api.spans();
      // Datadog keeps every span searchable for 15 minutes (live search); older ones only when a
      // retention filter indexed them, so a longer window would look at a sample.
      const liveFrom = config.mode === 'datadog' ? Date.now() - 15 * 60_000 : 0;
      const from = Math.max(fromMs(opts?.since), liveFrom);
      const filter = { query, from: new Date(from).toISOString(), to: 'now' };
      const body = {
        data: { type: 'search_request' as const, attributes: { filter, page: { limit: 1000 } } },
      };
      const res = await api.call(() => spans.listSpans({ body }), limits());
      return (res.data ?? []).map((s) => toSpanResult(s as ClientSpan));
    },
    async searchLogs(query, opts) {
      const logs = await api.logs();
      const filter = { query, from: new Date(fromMs(opts?.since)).toISOString(), to: 'now' };
      const res = await api.call(
        () => logs.listLogs({ body: { filter, page: { limit: 1000 }, sort: '-timestamp' } }),
        limits(),
      );
      return (res.data ?? []).map((l) => {
        const attributes = (l.attributes?.attributes ?? {}) as Record<string, unknown>;
        const dd = (attributes.dd ?? {}) as Record<string, unknown>;
        return {
          message: l.attributes?.message ?? '',
          status: l.attributes?.status ?? '',
          service: l.attributes?.service ?? '',
          ...(dd.trace_id ? { traceId: String(dd.trace_id) } : {}),
          attributes,
        };
      });
    },
    async dashboards() {
      return (await managedDashboards(api, limits())).map((d) => ({
        key: d.key,
        title: d.dashboard.title ?? '',
        json: d.json,
      }));
    },
    async monitors() {
      return (await managedMonitors(api, limits())).map((m) => ({
        key: monitorKey(m.tags) ?? '',
        id: m.id ?? 0,
        name: m.name ?? '',
        type: String(m.type ?? ''),
        query: m.query ?? '',
        message: m.message ?? '',
        thresholds: {
          ...(m.options?.thresholds?.critical !== undefined
            ? { critical: m.options.thresholds.critical }
            : {}),
          ...(m.options?.thresholds?.warning !== undefined && m.options.thresholds.warning !== null
            ? { warning: m.options.thresholds.warning }
            : {}),
        },
        state: String(m.overallState ?? ''),
      }));
    },
    async agentInfo() {
      const res = await call(`${config.traceAgentUrl}/info`, {}, signal);
      if (res.status !== 200) throw new Error(`GET ${config.traceAgentUrl}/info answered ${res.status}`);
      return res.json as Record<string, unknown>;
    },
    async agentStatus() {
      if (!options.agentStatus) throw new Error('agent status is not available here');
      return options.agentStatus();
    },
    database() {
      // Loaded when a check first asks: pg and the compose model are lesson 9's alone.
      workshopDb ??= import('../database/workshop-db.js').then((db) => db.openWorkshopDb(config));
      return workshopDb;
    },
    async readFile(path) {
      const full = join(config.projectDir, path);
      return existsSync(full) ? readFile(full, 'utf8') : undefined;
    },
    async eventually(probe, opts) {
      const outcome = await pollUntil(probe, () => true, {
        deadline: Date.now() + (opts?.timeoutMs ?? patience),
        signal,
        intervalMs: opts?.intervalMs ?? interval,
        isFinal,
      });
      if (outcome.ok) return outcome.value;
      if (outcome.reason === 'aborted') throw new Error('stopped');
      throw outcome.error ?? new Error('no answer in time');
    },
  };
  return ctx;
}
