/** Time ranges as the console's URLs carry them: `5m`, `15m`, `1h`, `4h`, `1d`, or `<from>-<to>` in unix ms. */
export interface TimeRange {
  fromSec: number;
  toSec: number;
  /** Live ranges end now and move with refreshes; a custom range stays put. */
  live: boolean;
  label: string;
}

export const PRESETS = ['5m', '15m', '1h', '4h', '1d'] as const;
const UNIT_SEC: Record<string, number> = { m: 60, h: 3600, d: 86_400 };

export function parseRange(raw: string | null | undefined, nowMs: number, fallback = '15m'): TimeRange {
  const text = (raw ?? '').trim() || fallback;
  const preset = /^(\d{1,4})([mhd])$/.exec(text);
  const nowSec = Math.floor(nowMs / 1000);
  if (preset) {
    const span = Number(preset[1]) * (UNIT_SEC[preset[2] ?? 'm'] ?? 60);
    if (span > 0 && span <= 7 * 86_400)
      return { fromSec: nowSec - span, toSec: nowSec, live: true, label: `Past ${text}` };
  }
  const custom = /^(\d{10,13})-(\d{10,13})$/.exec(text);
  if (custom) {
    const from = Math.floor(Number(custom[1]) / 1000);
    const to = Math.floor(Number(custom[2]) / 1000);
    if (from < to) return { fromSec: from, toSec: to, live: false, label: `${iso(from)} → ${iso(to)}` };
  }
  return fallback === text
    ? { fromSec: nowSec - 900, toSec: nowSec, live: true, label: 'Past 15m' }
    : parseRange(fallback, nowMs);
}

function iso(sec: number): string {
  return new Date(sec * 1000).toISOString().slice(0, 16).replace('T', ' ');
}

/** The URL form of a custom range. */
export function customRange(fromMs: number, toMs: number): string {
  return `${Math.round(fromMs)}-${Math.round(toMs)}`;
}
