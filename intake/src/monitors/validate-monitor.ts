/**
 * A monitor body checked as Datadog checks it — type, query, thresholds that agree with the
 * query, recovery and warning thresholds on the right side — and answered with Datadog's 400
 * texts. Pure: returns the monitor's definition with Datadog's defaults filled in.
 */
import { QueryError } from '#contracts/metric-query.js';
import { type MonitorQuery, parseMonitorQuery } from './monitor-query.js';
import { ON_MISSING_DATA, type OnMissingData, recoveryIsSafeSide, type Thresholds } from './monitor-state.js';

export class MonitorError extends Error {}

export interface MonitorDefinition {
  name: string;
  type: 'query alert';
  query: string;
  parsed: MonitorQuery;
  message: string;
  tags: string[];
  priority: number | null;
  options: Record<string, unknown>;
  /** `options.on_missing_data`, checked; undefined: the legacy No Data configuration. */
  onMissingData?: OnMissingData;
  thresholds: Thresholds;
}

const KNOWN_FIELDS = new Set([
  'name',
  'type',
  'query',
  'message',
  'tags',
  'options',
  'priority',
  'restricted_roles',
  'draft_status',
  'id',
  'org_id',
  'multi',
  'created',
  'created_at',
  'modified',
  'creator',
  'deleted',
  'overall_state',
  'overall_state_modified',
  'state',
  'matching_downtimes',
  'restriction_policy',
  // Created in Datadog's recorded exchanges (monitor assets: runbooks, dashboards linked).
  'assets',
]);
const THRESHOLD_KEYS = ['critical', 'warning', 'critical_recovery', 'warning_recovery', 'ok', 'unknown'];

const fmt = (n: number) => (Number.isInteger(n) ? n.toFixed(1) : String(n));

function thresholdsOf(raw: unknown, q: MonitorQuery): Thresholds {
  const t = (raw ?? {}) as Record<string, unknown>;
  if (typeof t !== 'object' || Array.isArray(t))
    throw new MonitorError("The value provided for parameter 'options.thresholds' is invalid");
  for (const [k, v] of Object.entries(t)) {
    if (!THRESHOLD_KEYS.includes(k)) throw new MonitorError(`Invalid threshold: ${k}`);
    if (v !== null && (typeof v !== 'number' || !Number.isFinite(v)))
      throw new MonitorError(`Threshold ${k} must be a number`);
  }
  const num = (k: string) => (typeof t[k] === 'number' ? (t[k] as number) : undefined);
  const critical = num('critical') ?? q.threshold;
  if (critical !== q.threshold)
    throw new MonitorError(
      `Alert threshold (${fmt(critical)}) does not match that used in the query (${fmt(q.threshold)}).`,
    );
  const out: Thresholds = { critical };
  const warning = num('warning');
  if (warning !== undefined) {
    if (!recoveryIsSafeSide(q.comparator, critical, warning) && warning !== critical)
      throw new MonitorError(
        `Warning threshold (${fmt(warning)}) must be ${q.comparator.startsWith('>') ? 'less' : 'greater'} than the alert threshold (${fmt(critical)}) with ${q.comparator}.`,
      );
    out.warning = warning;
  }
  for (const [key, of] of [
    ['critical_recovery', critical],
    ['warning_recovery', warning],
  ] as const) {
    const v = num(key);
    if (v === undefined) continue;
    if (of === undefined) throw new MonitorError(`${key} needs the threshold it recovers from`);
    if (!recoveryIsSafeSide(q.comparator, of, v))
      throw new MonitorError(
        `${key} (${fmt(v)}) must be on the other side of its threshold (${fmt(of)}) from the alert.`,
      );
    out[key] = v;
  }
  return out;
}

function stringList(v: unknown, what: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((t) => typeof t !== 'string' || t.length > 200))
    throw new MonitorError(`The value provided for parameter '${what}' is invalid`);
  return v as string[];
}

/** The definition a create (or a full update merged over the current one) asks for. */
/** A notification is a few paragraphs; the intake renders it per group at every evaluation. */
export const MAX_MESSAGE_CHARS = 16_000;

export function validateMonitor(body: Record<string, unknown>): MonitorDefinition {
  for (const k of Object.keys(body)) if (!KNOWN_FIELDS.has(k)) throw new MonitorError(`Invalid field: ${k}`);
  const type = body.type;
  if (typeof type !== 'string') throw new MonitorError("The parameter 'type' is required");
  if (type !== 'metric alert' && type !== 'query alert')
    throw new MonitorError(
      `The value provided for parameter 'type' is invalid offline: ${type} monitors are valid on Datadog, but the intake evaluates only metric alert monitors`,
    );
  if (typeof body.query !== 'string' || body.query.trim() === '')
    throw new MonitorError("The parameter 'query' is required");
  let parsed: MonitorQuery;
  try {
    parsed = parseMonitorQuery(body.query);
  } catch (error) {
    throw new MonitorError(error instanceof QueryError ? error.message : String(error));
  }
  if (body.name !== undefined && (typeof body.name !== 'string' || body.name.length > 1000))
    throw new MonitorError("The value provided for parameter 'name' is invalid");
  if (body.message !== undefined && typeof body.message !== 'string')
    throw new MonitorError("The value provided for parameter 'message' is invalid");
  // Rendered for every group at every evaluation: a 5 MiB message once cost 875 MB and a 3 s stall.
  if (typeof body.message === 'string' && body.message.length > MAX_MESSAGE_CHARS)
    throw new MonitorError(
      `The value provided for parameter 'message' is invalid: longer than ${MAX_MESSAGE_CHARS} characters (the offline intake's limit)`,
    );
  const priority = body.priority ?? null;
  if (
    priority !== null &&
    (!Number.isInteger(priority) || (priority as number) < 1 || (priority as number) > 5)
  )
    throw new MonitorError('Priority must be an integer from 1 to 5');
  const rawOptions = (body.options ?? {}) as Record<string, unknown>;
  if (typeof rawOptions !== 'object' || Array.isArray(rawOptions))
    throw new MonitorError("The value provided for parameter 'options' is invalid");
  const thresholds = thresholdsOf(rawOptions.thresholds, parsed);
  const delay = rawOptions.evaluation_delay;
  if (
    delay !== undefined &&
    delay !== null &&
    (!Number.isInteger(delay) || (delay as number) < 0 || (delay as number) > 86_400)
  )
    throw new MonitorError('evaluation_delay must be a number of seconds from 0 to 86400');
  const onMissingData = rawOptions.on_missing_data;
  if (onMissingData !== undefined && !ON_MISSING_DATA.includes(onMissingData as OnMissingData))
    throw new MonitorError(`on_missing_data must be one of ${ON_MISSING_DATA.join(', ')}`);
  const options = {
    notify_no_data: false,
    notify_audit: false,
    new_host_delay: 300,
    include_tags: true,
    silenced: {},
    ...rawOptions,
    thresholds,
  };
  return {
    name: typeof body.name === 'string' && body.name ? body.name : body.query,
    type: 'query alert',
    query: body.query,
    parsed,
    message: typeof body.message === 'string' ? body.message : '',
    tags: stringList(body.tags, 'tags'),
    priority: priority as number | null,
    options,
    thresholds,
    ...(onMissingData ? { onMissingData: onMissingData as OnMissingData } : {}),
  };
}
