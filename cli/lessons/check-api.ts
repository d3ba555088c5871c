/**
 * What a lesson's checks (`lessons/NN-slug/checks.ts`) are written against. Checks talk to the
 * running stack only through this context, so the same check runs on Docker or local
 * processes, against real Datadog or the local intake, and in the authoring test.
 */
import { cmd } from '../base/command.js';
import type { WorkshopDb } from '../database/workshop-db.js';

export type { WorkshopDb };

export interface HttpResult {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** Parsed JSON body, or undefined when the body is not JSON. */
  json: unknown;
}

export interface SeriesResult {
  metric: string;
  tagSet: string[];
  points: Array<[number, number]>;
}

/**
 * A span as Datadog's spans API answers it: no operation name and no error flag — select those
 * by the query (`operation_name:purchase.process`, `status:error`).
 */
export interface SpanResult {
  service: string;
  resource: string;
  /** Span tags and metrics flattened to strings (`http.status_code`, `purchase.product_id`...). */
  tags: Record<string, string>;
  traceId: string;
  spanId: string;
  parentId: string;
  /** From the span's start and end timestamps, when the answer has them. */
  durationMs?: number;
}

/** One run of a lesson's checks: its own ids and time window, nothing kept from earlier runs. */
export interface CheckRun {
  /** Start of the 10 s bucket this run began in (ms): data of this run is at or after it. */
  startMs: number;
  /**
   * A product id of this run alone, from the range reserved for checks (CHECK_IDS), apart
   * from the traffic's 1–10: the run's purchases never mix with earlier runs' or the traffic's.
   */
  productId: number;
}

/** Where a data query starts: the lesson's start (traffic the student sent) or this run's. */
/** Data since the lesson started, since this run of the checks, or also the 15 minutes before the lesson. */
export type Since = 'lesson' | 'run' | 'recent';

export interface LogResult {
  message: string;
  status: string;
  service: string;
  /** The trace id the line carries (dd.trace_id), as the logger wrote it. */
  traceId?: string;
  attributes: Record<string, unknown>;
}

export interface PushedDashboard {
  key: string;
  title: string;
  json: Record<string, unknown>;
}

export interface PushedMonitor {
  key: string;
  id: number;
  name: string;
  type: string;
  query: string;
  message: string;
  thresholds: { critical?: number; warning?: number };
  /** OK, Warn, Alert or No Data. */
  state: string;
}

export interface CheckContext {
  webappUrl: string;
  /** The trace agent (real agent or intake) as configured: `http://127.0.0.1:8126`. */
  traceAgentUrl: string;
  /** When the lesson started (ms, at a 10 s bucket start): traffic the student sent since. */
  lessonStartMs: number;
  run: CheckRun;
  /** Cancelled when the run is superseded (a save in `learn`) or the student quits. */
  signal: AbortSignal;
  http(
    path: string,
    init?: { method?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<HttpResult>;
  /** Datadog query language over [since, now]; the same call against Datadog or the intake. */
  queryMetrics(query: string, options?: { since?: Since }): Promise<SeriesResult[]>;
  /** The type a metric arrived as (Datadog's metric metadata: `rate`, `gauge`, `distribution`…). */
  metricType(name: string): Promise<string | undefined>;
  /** Every `key:value` tag a metric has been sent with (Datadog's all-tags of a metric). */
  metricTags(name: string): Promise<string[]>;
  /** Whether percentiles are enabled for a distribution (its metric tag configuration). */
  percentilesEnabled(name: string): Promise<boolean>;
  /** Spans matching a spans-search query (`service:webapp resource_name:"POST /purchase"`). */
  searchSpans(query: string, options?: { since?: Since }): Promise<SpanResult[]>;
  /** Logs matching a log search (`service:webapp @purchase.product_id:42`), newest first. */
  searchLogs(query: string, options?: { since?: Since }): Promise<LogResult[]>;
  /** Dashboards pushed from dashboards/: the file key, the title and the JSON as Datadog returns it. */
  dashboards(): Promise<PushedDashboard[]>;
  /** Monitors pushed from monitors/: the file key and what Datadog says of each, state included. */
  monitors(): Promise<PushedMonitor[]>;
  /** The trace agent's `GET /info`. */
  agentInfo(): Promise<Record<string, unknown>>;
  /** Output of `agent status` in the agent's container or process. */
  agentStatus(): Promise<string>;
  /**
   * The workshop's PostgreSQL (it runs on this machine in both modes): pg_stat_statements, generic
   * explain plans as the agent takes them, and plain queries.
   */
  database(): Promise<WorkshopDb>;
  /** A webapp source file (project-relative), or undefined. */
  readFile(path: string): Promise<string | undefined>;
  /** Polls `probe` until it stops throwing or the check's patience runs out. */
  eventually<T>(probe: () => Promise<T>, options?: { timeoutMs?: number; intervalMs?: number }): Promise<T>;
}

export interface LessonCheck {
  /** One line saying what is being checked. */
  title: string;
  /** A name other checks can depend on. */
  id?: string;
  /**
   * Runs at the same time as the check before it: for checks that share nothing and use no
   * rate-limited API (a route's answers), so a slow route is waited for once, not once per check.
   */
  alongside?: boolean;
  /** Checks (by id) that must pass first; when one failed this one is skipped, with the reason. */
  needs?: string[];
  /** Throws a CheckFailure (or any error) when the check fails; may return a detail line. */
  run(ctx: CheckContext): Promise<string | undefined>;
}

/** A check's failure the student can act on: what is wrong and what to try. */
export class CheckFailure extends Error {
  override name = 'CheckFailure';
  constructor(
    message: string,
    readonly hint?: string,
    /** Waiting cannot change it (a wrong metric type): `eventually` stops at once. */
    readonly final = false,
  ) {
    super(message);
  }
}

export function fail(message: string, hint?: string): never {
  throw new CheckFailure(message, hint);
}

/** A failure that more time will not cure: `eventually` gives up on it at once. */
export function failNow(message: string, hint?: string): never {
  throw new CheckFailure(message, hint, true);
}

/**
 * The step lessons 3, 5 and 8 start with: a purchase of this run's product through the webapp,
 * which only a lesson 2 that passes can answer with 201.
 */
export async function purchase(
  ctx: CheckContext,
  body: { user_id: number; quantity: number; price: number },
): Promise<void> {
  const res = await ctx.http('/purchase', {
    method: 'POST',
    body: { ...body, product_id: ctx.run.productId },
  });
  if (res.status !== 201)
    fail(`POST /purchase answered ${res.status}`, `Lesson 2 must pass first: \`${cmd('lesson check 2')}\`.`);
}

export function defineChecks(checks: LessonCheck[]): LessonCheck[] {
  return checks;
}
