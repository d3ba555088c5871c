/**
 * Durations as people and compose files write them: `90s`, `5m`, `1h`, `2d`, `1m30s`, `1.5s`,
 * `500ms`, `10us`, or a plain number of seconds -> milliseconds. Pure; the one duration parser
 * of the CLI (options and docker-compose.yml alike).
 */
const UNITS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value * 1000;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  let total = 0;
  let rest = text;
  while (rest) {
    const m = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d)/.exec(rest);
    if (!m) return undefined;
    total += Number(m[1]) * (UNITS[m[2] as string] ?? 0);
    rest = rest.slice(m[0].length);
  }
  return total;
}
