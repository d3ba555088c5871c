/**
 * A monitor's message rendered as Datadog's notification would be: `{{#is_alert}}…{{/is_alert}}`,
 * `{{^is_alert}}`, `is_warning`, `is_recovery`, `is_alert_recovery`, `is_warning_recovery`,
 * `is_no_data`, `{{value}}`, `{{threshold}}`, `{{warn_threshold}}`, `{{last_triggered_at}}`, and
 * the group's tags as `{{service.name}}`. Plain text: nothing is HTML-escaped or interpreted.
 */
import Mustache from 'mustache';
import type { MonitorStatus, Thresholds } from './monitor-state.js';

export interface MessageFacts {
  status: MonitorStatus;
  previous: MonitorStatus | undefined;
  value: number | undefined;
  thresholds: Thresholds;
  tagSet: string[];
  triggeredAtMs?: number;
}

export function renderMessage(template: string, f: MessageFacts): string {
  const recovered = f.status === 'OK' && (f.previous === 'Alert' || f.previous === 'Warn');
  const view: Record<string, unknown> = {
    is_alert: f.status === 'Alert',
    is_warning: f.status === 'Warn',
    is_no_data: f.status === 'No Data',
    is_recovery: recovered,
    is_alert_recovery: recovered && f.previous === 'Alert',
    is_warning_recovery: recovered && f.previous === 'Warn',
    value: f.value === undefined ? '' : Number(f.value.toPrecision(6)),
    threshold: f.thresholds.critical,
    warn_threshold: f.thresholds.warning ?? '',
    last_triggered_at: f.triggeredAtMs ? new Date(f.triggeredAtMs).toISOString() : '',
  };
  for (const tag of f.tagSet) {
    const colon = tag.indexOf(':');
    if (colon > 0) view[tag.slice(0, colon)] = { name: tag.slice(colon + 1) };
  }
  try {
    return Mustache.render(template, view, {}, { escape: (v: string) => v });
  } catch {
    return template;
  }
}
