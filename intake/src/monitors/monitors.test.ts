/** Monitor queries, thresholds and states as Datadog defines them, and their evaluation over a real metric store. */
import { describe, expect, it } from 'vitest';
import { createMetricsEngine } from '../metrics/engine.js';
import { renderMessage } from './monitor-message.js';
import { isCountQuery, parseMonitorQuery } from './monitor-query.js';
import { missingDataStatus, nextStatus } from './monitor-state.js';
import { evaluateMonitor, type MonitorRecord } from './monitor-store.js';
import { MonitorError, validateMonitor } from './validate-monitor.js';

const QUERY = 'sum(last_5m):sum:error_count{service:webapp}.as_count() > 20';

describe('monitor queries', () => {
  it('read the time aggregation, window, metric query, comparator and threshold', () => {
    expect(parseMonitorQuery(QUERY)).toEqual({
      timeAggr: 'sum',
      windowSec: 300,
      metricQuery: 'sum:error_count{service:webapp}.as_count()',
      groupBy: [],
      comparator: '>',
      threshold: 20,
    });
    expect(
      parseMonitorQuery('avg(last_1h):p95:trace.express.request{*} by {resource_name} >= 0.5'),
    ).toMatchObject({
      windowSec: 3600,
      groupBy: ['resource_name'],
      comparator: '>=',
    });
  });
  it('refuse what Datadog refuses, and say what offline cannot do', () => {
    expect(() => parseMonitorQuery('query')).toThrow(
      "The value provided for parameter 'query' is invalid: invalid operator specified",
    );
    expect(() => parseMonitorQuery('change(last_5m):avg:a{*} > 1')).toThrow('not evaluated offline');
    expect(() => parseMonitorQuery('avg(last_2d):avg:a{*} > 1')).toThrow('last_1m to last_1d');
    expect(() => parseMonitorQuery('avg(last_5m):avg:a{* > 1')).toThrow();
  });
});

describe('monitor validation', () => {
  const body = (options: object, extra: object = {}) => ({
    type: 'metric alert',
    query: QUERY,
    options,
    ...extra,
  });
  it('fills Datadog’s defaults and stores a metric alert as a query alert', () => {
    const def = validateMonitor(body({ thresholds: { critical: 20, warning: 10 } }, { name: 'n' }));
    expect(def).toMatchObject({ type: 'query alert', name: 'n', thresholds: { critical: 20, warning: 10 } });
    expect(def.options).toMatchObject({ notify_no_data: false, include_tags: true, new_host_delay: 300 });
  });
  it('answers Datadog’s reasons for thresholds that do not fit the query', () => {
    const cases: Array<[object, string]> = [
      [
        { thresholds: { critical: 30 } },
        'Alert threshold (30.0) does not match that used in the query (20.0).',
      ],
      [
        { thresholds: { critical: 20, warning: 25 } },
        'Warning threshold (25.0) must be less than the alert threshold (20.0)',
      ],
      [
        { thresholds: { critical: 20, critical_recovery: 25 } },
        'critical_recovery (25.0) must be on the other side',
      ],
      [{ thresholds: { critical: 20, bogus: 1 } }, 'Invalid threshold: bogus'],
      [{ thresholds: { critical: 'x' } }, 'must be a number'],
    ];
    for (const [options, text] of cases) expect(() => validateMonitor(body(options)), text).toThrow(text);
    expect(() => validateMonitor({ ...body({}), type: 'log alert' })).toThrow(MonitorError);
    expect(() => validateMonitor({ ...body({}), surprise: 1 })).toThrow('Invalid field: surprise');
    expect(() => validateMonitor({ ...body({}), priority: 9 })).toThrow('Priority');
  });
});

describe('monitor states', () => {
  const t = { critical: 20, warning: 10, critical_recovery: 15 };
  it('go OK → Warn → Alert and back, held in Alert until the recovery threshold', () => {
    expect(nextStatus(undefined, 5, t, '>')).toBe('OK');
    expect(nextStatus('OK', 12, t, '>')).toBe('Warn');
    expect(nextStatus('Warn', 25, t, '>')).toBe('Alert');
    expect(nextStatus('Alert', 18, t, '>')).toBe('Alert');
    expect(nextStatus('Alert', 14, t, '>')).toBe('Warn');
    expect(nextStatus('Warn', 2, t, '>')).toBe('OK');
    expect(nextStatus('OK', undefined, t, '>')).toBe('No Data');
    expect(nextStatus(undefined, 5, { critical: 10 }, '<')).toBe('Alert');
  });
  it('render the message as the notification of the transition', () => {
    const msg =
      '{{#is_alert}}{{value}} errors on {{service.name}} (> {{threshold}}){{/is_alert}}{{#is_recovery}}recovered{{/is_recovery}}<b>';
    const facts = { value: 31, thresholds: t, tagSet: ['service:webapp'] };
    expect(renderMessage(msg, { ...facts, status: 'Alert', previous: 'OK' })).toBe(
      '31 errors on webapp (> 20)<b>',
    );
    expect(renderMessage(msg, { ...facts, status: 'OK', previous: 'Alert' })).toBe('recovered<b>');
    expect(renderMessage('{{#broken}', { ...facts, status: 'OK', previous: undefined })).toBe('{{#broken}');
  });
});

describe('monitor evaluation over the metric store', () => {
  it('sums counts over the window per group and records each transition once', () => {
    let now = Date.UTC(2026, 10, 25, 12, 0, 0);
    const engine = createMetricsEngine({ now: () => now });
    const def = validateMonitor({
      type: 'metric alert',
      query: 'sum(last_1m):sum:error_count{*} by {service}.as_count() > 5',
      message: '{{#is_alert}}{{service.name}}: {{value}}{{/is_alert}}',
    });
    const m: MonitorRecord = {
      id: 1,
      body: {},
      def,
      createdMs: now,
      modifiedMs: now,
      overall: 'No Data',
      overallModifiedMs: null,
      groups: new Map(),
      history: [],
    };
    const send = (service: string, n: number) => {
      for (let i = 0; i < n; i++)
        engine.ingest(
          { name: 'error_count', type: 'c', value: 1, sampleRate: 1, tags: [`service:${service}`] },
          now,
        );
    };
    evaluateMonitor(engine, m, now);
    expect(m.overall).toBe('No Data');
    send('a', 8);
    send('b', 2);
    now += 10_000;
    evaluateMonitor(engine, m, now);
    expect(m.overall).toBe('Alert');
    expect(m.groups.get('service:a')?.status).toBe('Alert');
    expect(m.groups.get('service:b')?.status).toBe('OK');
    expect(m.history.find((h) => h.to === 'Alert')?.notification).toBe('a: 8');
    evaluateMonitor(engine, m, now);
    expect(m.history.filter((h) => h.to === 'Alert')).toHaveLength(1);
    // Idle: the agent keeps sending the counter as 0 for dogstatsd_expiry_seconds (300 s), so the
    // window holds zeros and the group recovers, as on Datadog…
    now += 120_000;
    evaluateMonitor(engine, m, now);
    expect(m.groups.get('service:a')?.status).toBe('OK');
    expect(m.history.some((h) => h.from === 'Alert' && h.to === 'OK')).toBe(true);
    // …until the agent forgets it: then the window is empty.
    now += 300_000;
    evaluateMonitor(engine, m, now);
    expect(m.groups.get('service:a')?.status).toBe('No Data');
  });
});

// Docs, Migrating to On Missing Data: "show_and_notify_no_data" / "show_no_data" show NO DATA,
// "resolve" shows OK; "default": "For monitors using Count queries, an empty monitor evaluation is
// treated as 0 … any query type other than Count … shows the last known status".
describe('a group whose window holds no point', () => {
  const t = { critical: 5 };
  it.each([
    [undefined, 'Alert', true, 'No Data'],
    ['show_no_data', 'Alert', false, 'No Data'],
    ['show_and_notify_no_data', 'OK', true, 'No Data'],
    ['resolve', 'Alert', false, 'OK'],
    ['default', 'Alert', true, 'OK'],
    ['default', 'Alert', false, 'Alert'],
    ['default', undefined, false, 'No Data'],
  ] as const)(
    'on_missing_data %s, previously %s, count query %s: %s',
    (option, previous, count, expected) => {
      expect(missingDataStatus(option, previous, count, t, '>')).toBe(expected);
    },
  );

  it('is a count query when counted or summed; the option is checked', () => {
    const q = (query: string) => validateMonitor({ type: 'metric alert', query, message: '' }).parsed;
    expect(isCountQuery(q('sum(last_5m):sum:errors{*}.as_count() > 5'))).toBe(true);
    expect(isCountQuery(q('avg(last_5m):sum:errors{*}.as_count() > 5'))).toBe(true);
    expect(isCountQuery(q('avg(last_5m):avg:cpu{*} > 5'))).toBe(false);
    expect(() =>
      validateMonitor({
        type: 'metric alert',
        query: 'avg(last_5m):avg:cpu{*} > 5',
        options: { on_missing_data: 'zero' },
      }),
    ).toThrow('on_missing_data must be one of default, show_no_data, show_and_notify_no_data, resolve');
    expect(
      validateMonitor({
        type: 'metric alert',
        query: 'avg(last_5m):avg:cpu{*} > 5',
        options: { on_missing_data: 'resolve' },
      }).onMissingData,
    ).toBe('resolve');
  });
});

describe('a monitor edited through the API', () => {
  it('keeps its groups’ states when only the threshold changes, and starts them again for another query', async () => {
    const { createMonitorStore } = await import('./monitor-store.js');
    let now = Date.UTC(2026, 10, 25, 12, 0, 0);
    const engine = createMetricsEngine({ now: () => now });
    const store = createMonitorStore({ engine, now: () => now, intervalSec: 3600 });
    try {
      const m = store.create({
        type: 'metric alert',
        query: 'sum(last_1m):sum:error_count{*}.as_count() > 5',
        message: 'm',
      });
      for (let i = 0; i < 8; i++)
        engine.ingest({ name: 'error_count', type: 'c', value: 1, sampleRate: 1, tags: [] }, now);
      now += 10_000;
      store.evaluateAll();
      expect(m.overall).toBe('Alert');
      const alerts = () => m.history.filter((h) => h.to === 'Alert').length;
      expect(alerts()).toBe(1);
      store.update(m.id, { query: 'sum(last_1m):sum:error_count{*}.as_count() > 6' });
      store.evaluateAll();
      expect(alerts()).toBe(1);
      store.update(m.id, { query: 'sum(last_5m):sum:error_count{*}.as_count() > 6' });
      expect(m.groups.size).toBe(0);
    } finally {
      store.stop();
    }
  });
});

describe('monitor ids in a path', () => {
  it('are decimal digits only: 0x3e8, 1e3 and " 1000" name no monitor', async () => {
    const { idOf } = await import('../api/monitors-api.js');
    expect(idOf('1000')).toBe(1000);
    for (const raw of ['0x3e8', '1e3', ' 1000', '1000.0', '-1', '', undefined, '99999999999999999'])
      expect(() => idOf(raw), String(raw)).toThrow('Monitor not found');
  });
});

describe('monitor queries read in linear time', () => {
  it('a query of 3,900 spaces is refused at once; one over 4,000 characters is refused by its length', () => {
    const started = performance.now();
    expect(() => parseMonitorQuery(`avg(last_5m):${' '.repeat(3900)}x`)).toThrow(/invalid/);
    expect(() => parseMonitorQuery(`avg(last_5m):${' '.repeat(200_000)}x`)).toThrow(/longer than 4000/);
    expect(performance.now() - started).toBeLessThan(200);
    expect(parseMonitorQuery('sum(last_5m):sum:error_count{service:webapp}.as_count() >= 10')).toMatchObject({
      timeAggr: 'sum',
      windowSec: 300,
      comparator: '>=',
      threshold: 10,
    });
  });
});

describe('a monitor’s message', () => {
  it('is refused past 16,000 characters, saying it is the offline limit', () => {
    const base = { type: 'metric alert', query: 'avg(last_5m):avg:x{*} > 1' };
    expect(() => validateMonitor({ ...base, message: `{{value}}${'x'.repeat(5 * 1024 * 1024)}` })).toThrow(
      /longer than 16000 characters \(the offline intake's limit\)/,
    );
    expect(validateMonitor({ ...base, message: 'x'.repeat(16_000) }).message).toHaveLength(16_000);
  });
});

describe('evaluation that never starves ingestion', () => {
  it('rounds stop at their budget and the next resumes where the last stopped', async () => {
    const { evaluationRounds } = await import('./monitor-store.js');
    let clock = 0;
    const seen: number[] = [];
    const round = evaluationRounds(
      () => [0, 1, 2, 3, 4, 5, 6],
      (i) => {
        seen.push(i);
        clock += 100;
      },
      250,
      () => clock,
    );
    expect(await round()).toBe(3);
    expect(await round()).toBe(3);
    expect(await round()).toBe(3);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 0, 1]);
  });

  it('yields between monitors: a timer queued meanwhile runs before the round ends', async () => {
    const { evaluationRounds } = await import('./monitor-store.js');
    const order: string[] = [];
    const round = evaluationRounds(
      () => [1, 2],
      (i) => order.push(`monitor ${i}`),
      10_000,
    );
    setImmediate(() => order.push('a packet'));
    await round();
    expect(order.indexOf('a packet')).toBeLessThan(order.indexOf('monitor 2'));
  });

  it('keeps at most 1,000 groups, the worst first, and says how many it left out', async () => {
    const { MAX_GROUPS } = await import('./monitor-store.js');
    const now = Date.UTC(2026, 10, 25, 12, 0, 0);
    const engine = createMetricsEngine({ now: () => now });
    for (let i = 0; i < 1500; i++)
      engine.ingest({ name: 'clicks', type: 'c', value: i, sampleRate: 1, tags: [`user:${i}`] }, now - 5_000);
    const m: MonitorRecord = {
      id: 1,
      body: {},
      def: validateMonitor({
        type: 'metric alert',
        query: 'sum(last_5m):sum:clicks{*} by {user}.as_count() > 100',
        message: 'm',
      }),
      createdMs: now,
      modifiedMs: now,
      overall: 'No Data',
      overallModifiedMs: null,
      groups: new Map(),
      history: [],
    };
    evaluateMonitor(engine, m, now);
    expect(m.groups.size).toBe(MAX_GROUPS);
    expect(m.groupsLeftOut).toBe(500);
    expect(m.groups.has('user:1499')).toBe(true);
    expect(m.groups.has('user:0')).toBe(false);
  });
});
