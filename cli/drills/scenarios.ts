/**
 * The drills: each injects one fault into the student's own stack (a feature flag the webapp's
 * faults read), says what the "users" report — never the cause — and grades the answer against
 * the data, read through the Datadog API (the intake offline): an evidence trace must exist and
 * show the fault. Pure: scenarios, their flags, and the grading of what the API found.
 */
import type { Look, LookKind } from '#contracts/wire/intake-views.js';
import type { SpanResult } from '../lessons/check-api.js';

export interface DrillAnswer {
  product?: number;
  route?: string;
  span?: string;
  trace?: string;
  metric?: string;
  tag?: string;
  message?: string;
  table?: string;
  /** A statement as `db top` names it (its signature) or as written. */
  statement?: string;
  /** One of the drill's `choices`. */
  cause?: string;
}

/** What the API (and, for a statement, the workshop database) holds that an answer is judged on. */
export interface Evidence {
  /** Spans of the answer's trace. */
  traceSpans?: SpanResult[];
  /** How many series the answer's metric has per value of the answer's tag. */
  tagValues?: number;
  /** Error logs carrying the answer's message since the drill began. */
  errorLogs?: number;
  /** How far the answer's metric (of service:webapp) rose since the drill began, in MB. */
  growthMb?: number;
  /** Since the drill began (whole 10 s intervals after its start): the webapp's request_count and its spans. */
  sinceStart?: { requestCount: number; spans: number };
  /** The tables the answer's statement reads by a sequential scan, planned on the workshop database. */
  seqScans?: string[];
}

export interface DrillMonitor {
  name: string;
  query: string;
  message: string;
  options?: Record<string, unknown>;
}

const latencyMonitor = (endpoint: string, seconds: number): DrillMonitor => ({
  name: `[drill] ${endpoint} is slow`,
  query: `avg(last_5m):avg:request_latency_seconds_hist.avg{service:webapp,endpoint:${endpoint}} > ${seconds}`,
  message: `Requests to ${endpoint} take {{value}} s on average (threshold ${seconds} s).`,
});

/** What a drill changes besides the webapp's flags. */
export type DrillSideEffect =
  /** Lesson 9's index dropped; `stop` creates it again as it was. */
  | 'drop-product-index'
  /** The leak stays in the webapp's memory: `stop` restarts it. */
  | 'restart-webapp';

export interface Drill {
  name: string;
  /** What the "users" report: the symptom, never the cause. */
  symptom: string;
  /** The lessons whose instruments find it. */
  assumes: number[];
  /** The traffic that reproduces it, in the background until the drill ends. */
  traffic: string[];
  /** The answer's fields, for the prompts and the flags; `choices` for a pick from a list. */
  asks: Array<{
    field: keyof DrillAnswer;
    question: string;
    choices?: Array<{ value: string; name: string }>;
  }>;
  sideEffect?: DrillSideEffect;
  /**
   * The monitor that makes the fault detectable, pushed at start and deleted at stop (a metric
   * alert on what the course built). None where only Datadog evaluates the right kind (a log
   * monitor, estimated usage).
   */
  monitor?: DrillMonitor;
  /** The looks that touch the fault (offline, the intake sees each query): the first is the time to detect. */
  detect: Array<{ kind: LookKind; match: RegExp }>;
  /** The webapp's flags while the drill runs (OpenFeature flag key → value). */
  flags(seed: number): Record<string, number | string | boolean>;
  /** Why the answer is wrong (undefined: right), from the fault injected and the evidence found. */
  judge(
    answer: DrillAnswer,
    injected: Record<string, number | string | boolean>,
    evidence: Evidence,
  ): string | undefined;
}

const traced = (e: Evidence, answer: DrillAnswer) =>
  !answer.trace
    ? 'an evidence trace id is needed (--trace)'
    : !e.traceSpans?.length
      ? `no span of trace ${answer.trace} was found`
      : undefined;

/** A database span: the pg integration's, service `<app>-postgres`. */
const isDatabaseSpan = (span: SpanResult) =>
  span.service.endsWith('-postgres') || span.tags['db.type'] === 'postgres';

/** The memory metrics dd-trace's runtime metrics send for a Node service. */
const MEMORY_METRICS = [
  'runtime.node.mem.heap_used',
  'runtime.node.mem.heap_total',
  'runtime.node.mem.rss',
  'runtime.node.mem.external',
];

export const DRILLS: Drill[] = [
  {
    name: 'checkout-errors',
    monitor: {
      name: '[drill] Purchases fail',
      query: 'sum(last_5m):sum:error_count{service:webapp,endpoint:/purchase}.as_count() > 3',
      message: 'The webapp answered {{value}} failed purchases in five minutes.',
    },
    detect: [
      { kind: 'spans', match: /status:error|purchase/i },
      { kind: 'logs', match: /error|purchase|declined/i },
      { kind: 'metric', match: /error|request_count\{[^}]*status/i },
    ],
    symptom: 'Some customers cannot check out: their purchase fails with a server error. Others buy fine.',
    assumes: [2, 4, 5, 8],
    traffic: ['shop', '600'],
    asks: [
      { field: 'product', question: 'Which product fails?' },
      { field: 'trace', question: 'The trace id of one failed purchase (evidence)' },
    ],
    flags: (seed) => ({ 'drill.failing-product': (seed % 10) + 1 }),
    judge(answer, injected, e) {
      if (answer.product !== injected['drill.failing-product'])
        return `product ${answer.product ?? '?'} is not the one that fails`;
      const missing = traced(e, answer);
      if (missing) return missing;
      const failed = e.traceSpans?.some(
        (s) => s.resource === 'POST /purchase' && Number(s.tags['http.status_code']) >= 500,
      );
      return failed
        ? undefined
        : `trace ${answer.trace} is not a failed purchase (no POST /purchase answered 5xx in it)`;
    },
  },
  {
    name: 'slow-users',
    monitor: latencyMonitor('/users', 1),
    detect: [
      { kind: 'spans', match: /users|inventory|duration/i },
      { kind: 'metric', match: /trace\.express|duration|latency|response_time/i },
    ],
    symptom: 'The users page has become slow for everyone; the rest of the shop is fine.',
    assumes: [1, 5],
    traffic: ['sustained', '600'],
    asks: [
      { field: 'route', question: 'Which route is slow?' },
      { field: 'span', question: 'The operation that takes the time (its span name, service or resource)' },
      { field: 'trace', question: 'The trace id of one slow request (evidence)' },
    ],
    flags: () => ({ 'drill.slow-route': '/users' }),
    judge(answer, injected, e) {
      if (answer.route !== injected['drill.slow-route'])
        return `${answer.route ?? '?'} is not the slow route`;
      // The console's trace view names the span; Datadog's spans API gives its service and resource.
      if (!['inventory.lookup', 'inventory-service', 'GET /inventory'].includes(answer.span?.trim() ?? ''))
        return `${answer.span ?? '?'} is not the operation that takes the time`;
      const missing = traced(e, answer);
      if (missing) return missing;
      const slow = e.traceSpans?.some((s) => (s.durationMs ?? 0) >= 1_000);
      return slow ? undefined : `trace ${answer.trace} has no span of a second or more`;
    },
  },
  {
    name: 'metric-cardinality',
    detect: [{ kind: 'metric', match: /page_views/ }],
    symptom: 'The Datadog bill warns of a custom-metrics overage since the last deploy.',
    assumes: [3, 4],
    traffic: ['sustained', '600'],
    asks: [
      { field: 'metric', question: 'Which metric exploded?' },
      { field: 'tag', question: 'Which of its tags has too many values?' },
    ],
    flags: () => ({ 'drill.user-id-tag': true }),
    judge(answer, _injected, e) {
      if (answer.metric !== 'webapp.page_views')
        return `${answer.metric ?? '?'} is not the metric that exploded`;
      if (answer.tag !== 'user_id') return `${answer.tag ?? '?'} is not the tag with too many values`;
      return (e.tagValues ?? 0) >= 20
        ? undefined
        : `${answer.metric} has only ${e.tagValues ?? 0} values of ${answer.tag} so far: let the traffic run`;
    },
  },
  {
    name: 'error-log-flood',
    detect: [{ kind: 'logs', match: /./ }],
    symptom: 'Log volume has jumped tenfold and the on-call channel is full of error alerts.',
    assumes: [8],
    traffic: ['sustained', '600'],
    asks: [{ field: 'message', question: 'The message of the log line that floods' }],
    flags: () => ({ 'drill.retry-flood': true }),
    judge(answer, _injected, e) {
      if (answer.message?.trim().toLowerCase() !== 'payment retry failed')
        return `"${answer.message ?? ''}" is not the line that floods`;
      return (e.errorLogs ?? 0) >= 20 ? undefined : 'too few of those lines arrived yet: let the traffic run';
    },
  },
  {
    name: 'slow-product-page',
    monitor: latencyMonitor('/purchases', 0.01),
    detect: [
      { kind: 'database', match: /./ },
      { kind: 'spans', match: /purchases|postgres|pg\.query/i },
    ],
    symptom: 'Product pages have become slow, for every product; the rest of the shop is fine.',
    assumes: [5, 9],
    traffic: ['shop', '600'],
    asks: [
      { field: 'table', question: 'Which table is read row by row?' },
      {
        field: 'statement',
        question: 'The slow statement, its signature as db top shows it or its text (evidence)',
      },
    ],
    sideEffect: 'drop-product-index',
    flags: () => ({}),
    judge(answer, _injected, e) {
      if (answer.table?.trim().toLowerCase() !== 'purchases')
        return `${answer.table ?? '?'} is not the table read row by row`;
      if (!e.seqScans)
        return `statement ${answer.statement ?? '?'} could not be planned on the workshop database`;
      return e.seqScans.includes('purchases')
        ? undefined
        : `the plan of ${answer.statement} reads purchases through an index, not row by row: it is not the slow one`;
    },
  },
  {
    name: 'memory-leak',
    monitor: {
      name: '[drill] The webapp’s memory is high',
      query: 'max(last_5m):max:runtime.node.mem.rss{service:webapp} > 300000000',
      message: 'The webapp holds {{value}} bytes of memory.',
    },
    detect: [{ kind: 'metric', match: /runtime\.node\.mem|mem/i }],
    symptom:
      'Ops say the webapp keeps growing until it is restarted at night, and want to know why before tonight.',
    assumes: [1, 3],
    traffic: ['sustained', '600'],
    asks: [
      { field: 'metric', question: 'The metric that shows it (evidence)' },
      {
        field: 'cause',
        question: 'What is happening?',
        choices: [
          { value: 'leak', name: 'memory kept by every request, never released (a leak)' },
          { value: 'traffic', name: 'more traffic than usual' },
          { value: 'database', name: 'a slow database holding requests' },
          { value: 'metrics', name: 'too many custom metrics' },
        ],
      },
    ],
    sideEffect: 'restart-webapp',
    flags: () => ({ 'drill.leak-kb': 64 }),
    judge(answer, _injected, e) {
      if (!MEMORY_METRICS.includes(answer.metric ?? ''))
        return `${answer.metric ?? '?'} is not a memory metric of the webapp (its runtime metrics: ${MEMORY_METRICS.join(', ')})`;
      if (answer.cause !== 'leak') return 'that is not what is happening';
      return (e.growthMb ?? 0) >= 20
        ? undefined
        : `${answer.metric} has grown ${Math.round(e.growthMb ?? 0)} MB since the drill began: let the traffic run`;
    },
  },
  {
    name: 'metrics-stopped',
    monitor: {
      name: '[drill] The webapp counts no requests',
      query: 'sum(last_5m):sum:request_count{service:webapp}.as_count() < 1',
      message: 'No request counted in five minutes: is the webapp up, and are its metrics arriving?',
      options: { on_missing_data: 'show_and_notify_no_data' },
    },
    detect: [{ kind: 'metric', match: /./ }],
    symptom: 'The dashboards went flat after the last deploy, yet customers say the shop works.',
    assumes: [3, 5, 6],
    traffic: ['sustained', '600'],
    asks: [
      {
        field: 'cause',
        question: 'What is wrong?',
        choices: [
          { value: 'dogstatsd-address', name: 'the webapp sends its metrics to the wrong DogStatsD address' },
          { value: 'trace-agent', name: 'the trace agent is down' },
          { value: 'database', name: 'the database is down' },
          { value: 'webapp', name: 'the webapp is down' },
        ],
      },
    ],
    flags: () => ({ 'drill.statsd-port': 9 }),
    judge(answer, _injected, e) {
      if (answer.cause !== 'dogstatsd-address') return 'that is not what is wrong';
      const last = e.sinceStart;
      if (!last || last.spans === 0)
        return 'no trace of the webapp arrived in the last minute: let the traffic run';
      return last.requestCount === 0
        ? undefined
        : `request_count still counted ${last.requestCount} requests since the drill began: the metrics arrive, look again`;
    },
  },
  {
    name: 'users-n-plus-one',
    monitor: latencyMonitor('/users', 0.2),
    detect: [
      { kind: 'spans', match: /users|postgres|pg\.query/i },
      { kind: 'database', match: /./ },
    ],
    symptom: 'The users page has slowed down and the database works twice as hard as last week.',
    assumes: [5, 9],
    traffic: ['sustained', '600'],
    asks: [
      { field: 'route', question: 'Which route is slow?' },
      { field: 'table', question: 'Which table does it query again and again?' },
      { field: 'trace', question: 'The trace id of one slow request (evidence)' },
    ],
    flags: () => ({ 'drill.users-n-plus-one': true }),
    judge(answer, _injected, e) {
      if (answer.route !== '/users') return `${answer.route ?? '?'} is not the slow route`;
      if (answer.table?.trim().toLowerCase() !== 'purchases')
        return `${answer.table ?? '?'} is not the table queried again and again`;
      const missing = traced(e, answer);
      if (missing) return missing;
      const counts = new Map<string, number>();
      for (const span of (e.traceSpans ?? []).filter(isDatabaseSpan))
        counts.set(span.resource, (counts.get(span.resource) ?? 0) + 1);
      const most = Math.max(0, ...counts.values());
      return most >= 20
        ? undefined
        : `trace ${answer.trace} runs no query ${most < 2 ? 'more than once' : `more than ${most} times`}`;
    },
  },
];

/** The first look since the drill began that touches its fault: when the student found where to look. */
export function firstDetection(drill: Drill, looks: readonly Look[], startMs: number): Look | undefined {
  return looks
    .filter((l) => l.atMs >= startMs)
    .sort((a, b) => a.atMs - b.atMs)
    .find((l) => drill.detect.some((d) => d.kind === l.kind && d.match.test(l.text)));
}

export function findDrill(name: string): Drill | undefined {
  return DRILLS.find((d) => d.name === name);
}

/** The flags in OpenFeature's in-memory provider's shape: one variant on, the default off. */
export function flagFile(flags: Record<string, number | string | boolean>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(flags).map(([key, value]) => [
      key,
      { variants: { on: value }, defaultVariant: 'on', disabled: false },
    ]),
  );
}
