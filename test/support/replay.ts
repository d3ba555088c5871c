/**
 * Replays Datadog's recorded exchanges (test/support/cassettes.ts) against the intake: each
 * recording's requests in order, ids the recording created mapped to the ones the intake gave,
 * and each answer compared with the recorded one — the status, and the JSON's key sets and value
 * types, recursively (a list by its first element). Pure, but for `send`.
 */
import type { Exchange } from './cassettes.js';

export interface Replayed {
  exchange: Exchange;
  status: number;
  /** Where our answer's shape differs from the recorded one (`data[].attributes.custom: missing`). */
  differences: string[];
}

const typeOf = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);

/** How `ours` differs in shape from `theirs`; null on either side is a value, not a type mismatch. */
export function shapeDifferences(ours: unknown, theirs: unknown, path = ''): string[] {
  if (ours === null || theirs === null || ours === undefined || theirs === undefined) return [];
  const [a, b] = [typeOf(ours), typeOf(theirs)];
  if (a !== b) return [`${path || '.'}: ${a}, recorded ${b}`];
  if (a === 'array') {
    const [x, y] = [(ours as unknown[])[0], (theirs as unknown[])[0]];
    return x === undefined || y === undefined ? [] : shapeDifferences(x, y, `${path}[]`);
  }
  if (a !== 'object') return [];
  const o = ours as Record<string, unknown>;
  const t = theirs as Record<string, unknown>;
  const out: string[] = [];
  for (const k of Object.keys(t)) if (!(k in o)) out.push(`${path}.${k}: missing`);
  for (const k of Object.keys(o)) if (!(k in t)) out.push(`${path}.${k}: not in the recording`);
  for (const k of Object.keys(t)) if (k in o) out.push(...shapeDifferences(o[k], t[k], `${path}.${k}`));
  return out;
}

function json(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** Replays one recording's exchanges in order through `send`, mapping created ids. */
export async function replayRecording(
  exchanges: Exchange[],
  send: (method: string, pathAndQuery: string, body: string) => Promise<{ status: number; text: string }>,
  prepare: (body: string) => string = (b) => b,
): Promise<Replayed[]> {
  const ids = new Map<string, string>();
  const mapped = (text: string) => {
    let out = text;
    for (const [theirs, ours] of ids)
      out = out.split(theirs).join(ours).split(encodeURIComponent(theirs)).join(encodeURIComponent(ours));
    return out;
  };
  const results: Replayed[] = [];
  for (const exchange of exchanges) {
    const path = mapped(`${exchange.url.pathname}${exchange.url.search}`);
    const answer = await send(exchange.method, path, prepare(mapped(exchange.requestText)));
    const [ours, theirs] = [json(answer.text), json(exchange.responseText)] as Array<
      Record<string, unknown> | undefined
    >;
    const theirId = theirs?.id ?? (theirs?.data as Record<string, unknown> | undefined)?.id;
    const ourId = ours?.id ?? (ours?.data as Record<string, unknown> | undefined)?.id;
    if (theirId !== undefined && ourId !== undefined && String(theirId) !== String(ourId))
      ids.set(String(theirId), String(ourId));
    // A page's cursor too: the recording's next request carries Datadog's, ours must go in its place.
    const cursorOf = (b?: Record<string, unknown>) =>
      ((b?.meta as Record<string, unknown> | undefined)?.page as Record<string, unknown> | undefined)?.after;
    const [theirCursor, ourCursor] = [cursorOf(theirs), cursorOf(ours)];
    if (typeof theirCursor === 'string' && typeof ourCursor === 'string') ids.set(theirCursor, ourCursor);
    const differences =
      answer.status === exchange.status && answer.status < 300 ? shapeDifferences(ours, theirs) : [];
    results.push({ exchange, status: answer.status, differences });
  }
  return results;
}
