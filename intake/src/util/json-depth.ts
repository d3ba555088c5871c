/**
 * How deeply a parsed JSON value nests, measured without recursion: a 50,000-deep body must be
 * refused where it comes in, or every later read of it (JSON.stringify, a list page) would overflow
 * the stack and fail — for everything stored beside it too.
 */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (v === null || typeof v !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

/** Datadog's own objects (a dashboard, a monitor's options) nest a handful of levels. */
export const MAX_BODY_DEPTH = 32;
