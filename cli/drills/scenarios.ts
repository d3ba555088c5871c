/**
 * The drills: each injects one fault into the student's own stack (a feature flag the webapp's
 * faults read), says what the "users" report — never the cause — and grades the answer against
 * the data, read through the Datadog API (the intake offline): an evidence trace must exist and
 * show the fault. Pure: scenarios, their flags, and the grading of what the API found.
 */
import type { SpanResult } from '../lessons/check-api.js';

export interface DrillAnswer {
  product?: number;
  route?: string;
  span?: string;
  trace?: string;
  metric?: string;
  tag?: string;
  message?: string;
}

/** What the API holds that an answer is judged on (fetched by run-drill.ts). */
export interface Evidence {
  /** Spans of the answer's trace. */
  traceSpans?: SpanResult[];
  /** How many series the answer's metric has per value of the answer's tag. */
  tagValues?: number;
  /** Error logs carrying the answer's message since the drill began. */
  errorLogs?: number;
}

export interface Drill {
  name: string;
  /** What the "users" report: the symptom, never the cause. */
  symptom: string;
  /** The lessons whose instruments find it. */
  assumes: number[];
  /** The traffic that reproduces it, in the background until the drill ends. */
  traffic: string[];
  /** The answer's fields, for the prompts and the flags. */
  asks: Array<{ field: keyof DrillAnswer; question: string }>;
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

export const DRILLS: Drill[] = [
  {
    name: 'checkout-errors',
    symptom: 'Some customers cannot check out: their purchase fails with a server error. Others buy fine.',
    assumes: [2, 4, 5],
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
    symptom: 'The users page has become slow for everyone; the rest of the shop is fine.',
    assumes: [1, 5],
    traffic: ['sustained', '600'],
    asks: [
      { field: 'route', question: 'Which route is slow?' },
      { field: 'span', question: 'The operation that takes the time (a span name)' },
      { field: 'trace', question: 'The trace id of one slow request (evidence)' },
    ],
    flags: () => ({ 'drill.slow-route': '/users' }),
    judge(answer, injected, e) {
      if (answer.route !== injected['drill.slow-route'])
        return `${answer.route ?? '?'} is not the slow route`;
      if (answer.span !== 'inventory.lookup')
        return `${answer.span ?? '?'} is not the operation that takes the time`;
      const missing = traced(e, answer);
      if (missing) return missing;
      const slow = e.traceSpans?.some((s) => (s.durationMs ?? 0) >= 1_000);
      return slow ? undefined : `trace ${answer.trace} has no span of a second or more`;
    },
  },
  {
    name: 'metric-cardinality',
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
];

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
