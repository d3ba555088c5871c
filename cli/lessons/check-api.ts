/**
 * What a lesson's checks (`lessons/NN-slug/checks.ts`) are written against. Checks talk to the
 * running stack only through this context, so the same check runs on Docker or local
 * processes, against real Datadog or the local intake, and in the authoring test.
 */

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

export interface SpanResult {
  service: string;
  name: string;
  resource: string;
  error: boolean;
  /** Span tags and metrics flattened to strings (`http.status_code`, `purchase.product_id`...). */
  tags: Record<string, string>;
  traceId: string;
  spanId: string;
  parentId: string;
}

export interface CheckContext {
  webappUrl: string;
  /** When the lesson started (ms): checks that look at data ignore what is older. */
  sinceMs: number;
  http(
    path: string,
    init?: { method?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<HttpResult>;
  /** Datadog query language over [since, now]; the same call against Datadog or the intake. */
  queryMetrics(query: string): Promise<SeriesResult[]>;
  /** Spans matching a spans-search query (`service:webapp resource_name:"POST /purchase"`). */
  searchSpans(query: string): Promise<SpanResult[]>;
  /** The trace agent's `GET /info`. */
  agentInfo(): Promise<Record<string, unknown>>;
  /** Output of `agent status` in the agent's container or process. */
  agentStatus(): Promise<string>;
  /** A webapp source file (project-relative), or undefined. */
  readFile(path: string): Promise<string | undefined>;
  /** Polls `probe` until it stops throwing or the check's patience runs out. */
  eventually<T>(probe: () => Promise<T>, options?: { timeoutMs?: number; intervalMs?: number }): Promise<T>;
}

export interface LessonCheck {
  /** One line saying what is being checked. */
  title: string;
  /** Throws a CheckFailure (or any error) when the check fails; may return a detail line. */
  run(ctx: CheckContext): Promise<string | undefined>;
}

/** A check's failure the student can act on: what is wrong and what to try. */
export class CheckFailure extends Error {
  override name = 'CheckFailure';
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export function fail(message: string, hint?: string): never {
  throw new CheckFailure(message, hint);
}

export function defineChecks(checks: LessonCheck[]): LessonCheck[] {
  return checks;
}
