/** Time arguments the Datadog APIs take: seconds, milliseconds, ISO dates, `now`, `now-15m`. */
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseTimeMs(value: unknown, nowMs: number): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || value === '') return undefined;
  if (value === 'now') return nowMs;
  const rel = /^now-(\d+)([smhd])$/.exec(value);
  if (rel) return nowMs - Number(rel[1]) * (UNIT_MS[rel[2] as string] ?? 0);
  if (/^\d+$/.test(value)) return Number(value);
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** A time as Datadog's v1 API writes it: ISO 8601 with an explicit `+00:00` offset. */
export function datadogTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+00:00');
}
