/**
 * A metric monitor's states as Datadog moves them: each group is OK, Warn, Alert or No Data
 * from its value over the window against the thresholds (recovery thresholds hold a group in
 * Alert/Warn until crossed); the overall state is the worst group's. Pure.
 */
import { breaches, type Comparator } from './monitor-query.js';

export type MonitorStatus = 'OK' | 'Warn' | 'Alert' | 'No Data';

export interface Thresholds {
  critical: number;
  warning?: number;
  critical_recovery?: number;
  warning_recovery?: number;
}

const SEVERITY: Record<MonitorStatus, number> = { OK: 0, 'No Data': 1, Warn: 2, Alert: 3 };

/** The next status of one group given its value over the window (undefined: no data). */
export function nextStatus(
  previous: MonitorStatus | undefined,
  value: number | undefined,
  t: Thresholds,
  comparator: Comparator,
): MonitorStatus {
  if (value === undefined) return 'No Data';
  if (breaches(value, comparator, t.critical)) return 'Alert';
  // Recovery thresholds: an alert recovers only once the value is back past its recovery threshold.
  if (
    previous === 'Alert' &&
    t.critical_recovery !== undefined &&
    breaches(value, comparator, t.critical_recovery)
  )
    return 'Alert';
  if (t.warning !== undefined && breaches(value, comparator, t.warning)) return 'Warn';
  if (
    previous === 'Warn' &&
    t.warning_recovery !== undefined &&
    breaches(value, comparator, t.warning_recovery)
  )
    return 'Warn';
  return 'OK';
}

/** `options.on_missing_data` (the API's OnMissingDataOption); undefined: the legacy No Data. */
export type OnMissingData = 'default' | 'show_no_data' | 'show_and_notify_no_data' | 'resolve';
export const ON_MISSING_DATA: readonly OnMissingData[] = [
  'default',
  'show_no_data',
  'show_and_notify_no_data',
  'resolve',
];

/**
 * A group's status when its window holds no point (docs: Migrating to On Missing Data): `resolve`
 * shows OK; `show_no_data` and `show_and_notify_no_data` show No Data; `default` evaluates a
 * count query as 0 against the thresholds and keeps any other query's last known status; the
 * legacy configuration (no `on_missing_data`) reports No Data.
 */
export function missingDataStatus(
  option: OnMissingData | undefined,
  previous: MonitorStatus | undefined,
  countQuery: boolean,
  t: Thresholds,
  comparator: Comparator,
): MonitorStatus {
  switch (option) {
    case 'resolve':
      return 'OK';
    case 'default':
      if (countQuery) return nextStatus(previous, 0, t, comparator);
      return previous ?? 'No Data';
    default:
      return 'No Data';
  }
}

export function worst(statuses: MonitorStatus[]): MonitorStatus {
  return statuses.reduce<MonitorStatus>((w, s) => (SEVERITY[s] > SEVERITY[w] ? s : w), 'OK');
}

/** Whether a value passing `recovery` is on the safe side of `alert` as the comparator reads it. */
export function recoveryIsSafeSide(comparator: Comparator, alert: number, recovery: number): boolean {
  return comparator === '>' || comparator === '>=' ? recovery < alert : recovery > alert;
}
