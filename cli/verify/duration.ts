/** `90s`, `5m`, `1h`, `2d`, or plain seconds -> milliseconds. Pure. */
const UNIT: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDurationMs(text: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(text.trim());
  if (!m) throw new Error(`${flag} takes a duration like 90s, 5m or 1h (got "${text}")`);
  return Number(m[1]) * (UNIT[m[2] || 's'] ?? 1000);
}
