/**
 * The intake's monitors: created, read, updated and deleted through Datadog's API, evaluated on
 * a timer against the metric store (every 10 s offline, where Datadog evaluates metric monitors
 * every minute: a lesson's feedback comes in seconds), with each group's state, the overall
 * state and a bounded history of transitions with the notification each would have sent.
 */
import type { MetricsEngine } from '../metrics/engine.js';
import { windowValues } from '../metrics/reduce.js';
import { renderMessage } from './monitor-message.js';
import { isCountQuery } from './monitor-query.js';
import { type MonitorStatus, missingDataStatus, nextStatus, worst } from './monitor-state.js';
import { type MonitorDefinition, MonitorError, validateMonitor } from './validate-monitor.js';

export interface GroupState {
  tagSet: string[];
  status: MonitorStatus;
  value?: number;
  modifiedMs: number;
  triggeredMs?: number;
}

export interface Transition {
  atMs: number;
  group: string;
  from: MonitorStatus | null;
  to: MonitorStatus;
  value?: number;
  /** The message as the notification for this transition would read. */
  notification: string;
}

export interface MonitorRecord {
  id: number;
  body: Record<string, unknown>;
  def: MonitorDefinition;
  createdMs: number;
  modifiedMs: number;
  overall: MonitorStatus;
  overallModifiedMs: number | null;
  groups: Map<string, GroupState>;
  history: Transition[];
  lastEvaluatedMs?: number;
  /** Groups past MAX_GROUPS at the last evaluation, left out (the worst are kept). */
  groupsLeftOut?: number;
}

const MAX_MONITORS = 500;
const MAX_HISTORY = 500;
export const EVALUATION_INTERVAL_SEC = 10;

export interface MonitorStoreOptions {
  engine: MetricsEngine;
  now?: () => number;
  intervalSec?: number;
}

/** Each group's value over the monitor's window, by its time aggregation. */
export function groupValues(
  engine: MetricsEngine,
  def: MonitorDefinition,
  nowMs: number,
): Map<string, { tagSet: string[]; value: number }> {
  const delay = Number(def.options.evaluation_delay ?? 0) || 0;
  const toSec = Math.floor(nowMs / 1000) - delay;
  const fromSec = toSec - def.parsed.windowSec;
  const out = new Map<string, { tagSet: string[]; value: number }>();
  for (const g of windowValues(engine, def.parsed.metricQuery, fromSec, toSec, def.parsed.timeAggr))
    out.set(g.tagSet.join(','), g);
  return out;
}

function record(
  m: MonitorRecord,
  t: Omit<Transition, 'notification'>,
  tagSet: string[],
  triggeredMs?: number,
): void {
  const notification = renderMessage(m.def.message, {
    status: t.to,
    previous: t.from ?? undefined,
    value: t.value,
    thresholds: m.def.thresholds,
    tagSet,
    ...(triggeredMs ? { triggeredAtMs: triggeredMs } : {}),
  });
  m.history.push({ ...t, notification });
  if (m.history.length > MAX_HISTORY) m.history.splice(0, m.history.length - MAX_HISTORY);
}

/** One evaluation of one monitor: every group's next state, transitions recorded, the overall state. */
/** Groups kept per monitor: `by {user_id}` over 90,000 series must not cost a minute per cycle. */
export const MAX_GROUPS = 1000;
/** A group that has had no data this long is forgotten (it went away: a container, a user id). */
const FORGET_NO_DATA_MS = 3_600_000;

/** The groups worth keeping: the ones furthest past the threshold first. */
function capped(
  values: Map<string, { tagSet: string[]; value: number }>,
  comparator: string,
): Map<string, { tagSet: string[]; value: number }> {
  if (values.size <= MAX_GROUPS) return values;
  const worstFirst = [...values].sort(([, a], [, b]) =>
    comparator.startsWith('<') ? a.value - b.value : b.value - a.value,
  );
  return new Map(worstFirst.slice(0, MAX_GROUPS));
}

export function evaluateMonitor(engine: MetricsEngine, m: MonitorRecord, nowMs: number): void {
  const all = groupValues(engine, m.def, nowMs);
  const values = capped(all, m.def.parsed.comparator);
  m.groupsLeftOut = all.size - values.size;
  for (const [key, g] of m.groups)
    if (!values.has(key) && g.status === 'No Data' && nowMs - g.modifiedMs > FORGET_NO_DATA_MS)
      m.groups.delete(key);
  // A simple monitor has one group, '' — No Data when the query has nothing in the window.
  const keys = new Set([...m.groups.keys(), ...values.keys()]);
  if (keys.size === 0) keys.add('');
  for (const key of keys) {
    const found = values.get(key);
    const prev = m.groups.get(key);
    const { thresholds, parsed } = m.def;
    const status = found
      ? nextStatus(prev?.status, found.value, thresholds, parsed.comparator)
      : missingDataStatus(
          m.def.onMissingData,
          prev?.status,
          isCountQuery(parsed),
          thresholds,
          parsed.comparator,
        );
    const tagSet = found?.tagSet ?? prev?.tagSet ?? [];
    if (!prev || prev.status !== status) {
      const triggeredMs = status === 'Alert' || status === 'Warn' ? nowMs : prev?.triggeredMs;
      record(
        m,
        {
          atMs: nowMs,
          group: key || '*',
          from: prev?.status ?? null,
          to: status,
          ...(found ? { value: found.value } : {}),
        },
        tagSet,
        triggeredMs,
      );
      m.groups.set(key, {
        tagSet,
        status,
        ...(found ? { value: found.value } : {}),
        modifiedMs: nowMs,
        ...(triggeredMs ? { triggeredMs } : {}),
      });
    } else {
      prev.value = found?.value;
      prev.tagSet = tagSet;
    }
  }
  // A multi-alert monitor's placeholder group goes once real groups report.
  if (values.size > 0 && !values.has('')) m.groups.delete('');
  const overall = worst([...m.groups.values()].map((g) => g.status));
  if (overall !== m.overall) {
    m.overall = overall;
    m.overallModifiedMs = nowMs;
  }
  m.lastEvaluatedMs = nowMs;
}

/** Time one evaluation round may take before it yields to ingestion and resumes next time. */
export const ROUND_BUDGET_MS = 250;

/**
 * Evaluation in rounds that never starve ingestion: it yields to the event loop between monitors
 * (DogStatsD packets and API requests are served in between), stops once a round has used its
 * budget, and the next round starts where this one stopped, so every monitor gets its turn.
 */
export function evaluationRounds<T>(
  list: () => T[],
  evaluate: (item: T) => void,
  budgetMs = ROUND_BUDGET_MS,
  clock: () => number = () => performance.now(),
) {
  let next = 0;
  let busy = false;
  return async (): Promise<number> => {
    if (busy) return 0;
    busy = true;
    try {
      const items = list();
      const started = clock();
      let done = 0;
      while (done < items.length && clock() - started < budgetMs) {
        evaluate(items[next % items.length] as T);
        next = (next + 1) % Math.max(items.length, 1);
        done++;
        await new Promise((r) => setImmediate(r));
      }
      return done;
    } finally {
      busy = false;
    }
  };
}

export function createMonitorStore({
  engine,
  now = Date.now,
  intervalSec = EVALUATION_INTERVAL_SEC,
}: MonitorStoreOptions) {
  const monitors = new Map<number, MonitorRecord>();
  let nextId = 1000;
  const round = evaluationRounds(
    () => [...monitors.values()],
    (m) => evaluateMonitor(engine, m, now()),
  );
  const timer = setInterval(() => void round(), intervalSec * 1000);
  timer.unref();

  return {
    intervalSec,
    create(body: Record<string, unknown>): MonitorRecord {
      if (monitors.size >= MAX_MONITORS) throw new MonitorError(`At most ${MAX_MONITORS} monitors offline`);
      const def = validateMonitor(body);
      const at = now();
      const m: MonitorRecord = {
        id: nextId++,
        body,
        def,
        createdMs: at,
        modifiedMs: at,
        overall: 'No Data',
        overallModifiedMs: null,
        groups: new Map(),
        history: [],
      };
      monitors.set(m.id, m);
      return m;
    },
    get: (id: number) => monitors.get(id),
    list: () => [...monitors.values()],
    /** Datadog's edit: the fields given replace the current ones (options merged), then checked as a whole. */
    update(id: number, body: Record<string, unknown>): MonitorRecord | undefined {
      const m = monitors.get(id);
      if (!m) return undefined;
      const merged = {
        ...m.body,
        ...body,
        options: { ...((m.body.options ?? {}) as object), ...((body.options ?? {}) as object) },
      };
      const def = validateMonitor(merged);
      // A new threshold keeps the groups and their states (Datadog's history goes on: no second
      // "— → Alert" after each push); another metric query or window starts them again.
      const withoutThreshold = (q: string) => q.replace(/\s*(>=|<=|>|<)\s*-?[\d.e+-]+\s*$/, '');
      const queryChanged = withoutThreshold(def.query) !== withoutThreshold(m.def.query);
      m.body = merged;
      m.def = def;
      m.modifiedMs = now();
      if (queryChanged) m.groups.clear();
      return m;
    },
    delete: (id: number) => monitors.delete(id),
    /** Evaluates every monitor now (tests, and `monitor status` right after a push). */
    evaluateAll(): void {
      for (const m of monitors.values()) evaluateMonitor(engine, m, now());
    },
    stop: () => clearInterval(timer),
  };
}

export type MonitorStore = ReturnType<typeof createMonitorStore>;
