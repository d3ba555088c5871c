/**
 * Builds the CheckContext for the running stack: HTTP to the webapp, the Datadog API (real
 * site or the local intake, same requests) for metrics and spans, and the trace agent.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { request } from 'undici';
import type { WorkshopConfig } from '../config/workshop-config.js';
import type { CheckContext, HttpResult, SeriesResult, SpanResult } from './check-api.js';
import { eventually } from './run-checks.js';

export interface ContextOptions {
  sinceMs: number;
  /** How `agent status` is obtained (runtime exec); checks that need it fail without one. */
  agentStatus?: () => Promise<string>;
  /** Upper bound for each `eventually` poll: long against Datadog, short against the intake. */
  patienceMs?: number;
}

async function call(
  url: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<HttpResult> {
  const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
  let body: string | undefined;
  if (init.body !== undefined) {
    body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await request(url, {
    method: (init.method ?? 'GET') as 'GET',
    headers,
    body,
    headersTimeout: 30_000,
    bodyTimeout: 30_000,
  });
  const text = await res.body.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) flat[k] = String(v);
  return { status: res.statusCode, headers: flat, text, json };
}

/** Flattens nested span attributes into `a.b.c` → string. */
function flatten(value: unknown, prefix: string, into: Record<string, string>): void {
  if (value === null || value === undefined) return;
  if (typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, into);
  } else into[prefix] = String(value);
}

export function toSpanResult(item: unknown): SpanResult {
  const attrs = ((item as { attributes?: Record<string, unknown> }).attributes ?? {}) as Record<
    string,
    unknown
  >;
  const tags: Record<string, string> = {};
  for (const t of (attrs.tags as string[] | undefined) ?? []) {
    const at = t.indexOf(':');
    if (at > 0) tags[t.slice(0, at)] = t.slice(at + 1);
  }
  flatten(attrs.custom, '', tags);
  flatten(attrs.attributes, '', tags);
  const name = String(attrs.operation_name ?? tags.operation_name ?? attrs.name ?? '');
  return {
    service: String(attrs.service ?? tags.service ?? ''),
    name,
    resource: String(attrs.resource_name ?? tags.resource_name ?? ''),
    error: attrs.status === 'error' || tags.error === '1' || tags.error === 'true',
    tags,
    traceId: String(attrs.trace_id ?? ''),
    spanId: String(attrs.span_id ?? ''),
    parentId: String(attrs.parent_id ?? ''),
  };
}

export function createCheckContext(config: WorkshopConfig, options: ContextOptions): CheckContext {
  const keyHeaders: Record<string, string> = {
    'DD-API-KEY': config.apiKey ?? 'offline',
    'DD-APPLICATION-KEY': config.appKey ?? 'offline',
  };
  // DDWORKSHOP_CHECK_PATIENCE_MS: how long data checks wait for data (the authoring test shortens it).
  const fromEnv = Number(config.vars.DDWORKSHOP_CHECK_PATIENCE_MS);
  const patience =
    options.patienceMs ?? (fromEnv > 0 ? fromEnv : config.mode === 'offline' ? 40_000 : 180_000);
  const fromSec = () => Math.floor(options.sinceMs / 1000) - 10;
  const ctx: CheckContext = {
    webappUrl: config.webappUrl,
    sinceMs: options.sinceMs,
    http: (path, init) => call(`${config.webappUrl}${path}`, init),
    async queryMetrics(query) {
      const to = Math.ceil(Date.now() / 1000) + 10;
      const params = new URLSearchParams({ from: String(fromSec()), to: String(to), query });
      const res = await call(`${config.apiBaseUrl}/api/v1/query?${params}`, { headers: keyHeaders });
      if (res.status !== 200)
        throw new Error(`the metrics query failed (${res.status}): ${res.text.slice(0, 200)}`);
      const series = ((res.json as { series?: unknown[] })?.series ?? []) as Array<Record<string, unknown>>;
      return series.map(
        (s): SeriesResult => ({
          metric: String(s.metric ?? ''),
          tagSet: (s.tag_set as string[] | undefined) ?? [],
          points: ((s.pointlist as Array<[number, number | null]> | undefined) ?? []).filter(
            (p): p is [number, number] => p[1] !== null,
          ),
        }),
      );
    },
    async searchSpans(query) {
      const body = {
        data: {
          type: 'search_request',
          attributes: {
            filter: { query, from: new Date(fromSec() * 1000).toISOString(), to: 'now' },
            page: { limit: 1000 },
            sort: '-timestamp',
          },
        },
      };
      const res = await call(`${config.apiBaseUrl}/api/v2/spans/events/search`, {
        method: 'POST',
        body,
        headers: keyHeaders,
      });
      if (res.status !== 200)
        throw new Error(`the spans search failed (${res.status}): ${res.text.slice(0, 200)}`);
      return (((res.json as { data?: unknown[] })?.data ?? []) as unknown[]).map(toSpanResult);
    },
    async agentInfo() {
      const res = await call(`${config.traceAgentUrl}/info`);
      if (res.status !== 200) throw new Error(`GET ${config.traceAgentUrl}/info answered ${res.status}`);
      return res.json as Record<string, unknown>;
    },
    async agentStatus() {
      if (!options.agentStatus) throw new Error('agent status is not available here');
      return options.agentStatus();
    },
    async readFile(path) {
      const full = join(config.projectDir, path);
      return existsSync(full) ? readFile(full, 'utf8') : undefined;
    },
    eventually: (probe, opts) => eventually(probe, { timeoutMs: patience, intervalMs: 2_000, ...opts }),
  };
  return ctx;
}
