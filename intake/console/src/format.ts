/** Numbers, durations and times as the console prints them. */
export function formatNumber(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  if (a >= 1e9) return `${(v / 1e9).toFixed(2)}G`;
  if (a >= 1e6) return `${(v / 1e6).toFixed(2)}M`;
  if (a >= 1e4) return `${(v / 1e3).toFixed(1)}k`;
  if (a >= 100 || Number.isInteger(v)) return String(Math.round(v * 100) / 100);
  if (a >= 1) return v.toFixed(2);
  if (a === 0) return '0';
  return v.toPrecision(3);
}

/** Seconds (trace metrics' unit) or milliseconds to a readable duration. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1) return `${Math.round(ms * 1000)} µs`;
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(2) : Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function formatTime(ms: number): string {
  const d = new Date(ms);
  return `${d.toLocaleTimeString([], { hour12: false })}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/**
 * A metric's tags for a table cell: a few values per key and how many more, so a key with a value
 * per process (dd-trace's `_dd.rc.client_id`, new at each restart) does not fill the row.
 */
export function tagSummary(tags: string[], perKey = 3): Array<{ text: string; more?: boolean }> {
  const byKey = new Map<string, string[]>();
  for (const t of tags) {
    const at = t.indexOf(':');
    const key = at < 0 ? t : t.slice(0, at);
    byKey.set(key, [...(byKey.get(key) ?? []), t]);
  }
  const out: Array<{ text: string; more?: boolean }> = [];
  for (const [key, values] of byKey) {
    for (const v of values.slice(0, perKey)) out.push({ text: v });
    if (values.length > perKey) out.push({ text: `+${values.length - perKey} ${key}`, more: true });
  }
  return out;
}
