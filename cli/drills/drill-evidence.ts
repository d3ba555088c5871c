/**
 * What the data holds about a drill: the evidence an answer is judged on (read through the
 * Datadog API, the intake offline, and the workshop database for a statement's plan), and the
 * first look that touched the fault (offline: the intake's record of what the student queried).
 */
import { LooksSchema } from '#contracts/wire/intake-views.js';
import { readAs } from '#contracts/wire/parse.js';
import type { WorkshopConfig } from '../config/workshop-config.js';
import type { CheckContext, SeriesResult } from '../lessons/check-api.js';
import { fetchWithin } from '../util/fetch-within.js';
import { type DrillState, minutes } from './drill-state.js';
import { type Drill, type DrillAnswer, type Evidence, findDrill, firstDetection } from './scenarios.js';

/**
 * Offline, the intake keeps what the student looked at: the first look since the drill began
 * that touches the fault is kept in the state. With Datadog there is no such record: undefined.
 */
export async function detect(c: WorkshopConfig, s: DrillState): Promise<DrillState['detected']> {
  if (s.detected || c.mode !== 'offline') return s.detected;
  const drill = findDrill(s.name);
  if (!drill) return undefined;
  const startMs = Date.parse(s.startedAt);
  try {
    const res = await fetchWithin(new URL(`/intake/looks?since=${startMs}`, c.apiBaseUrl), 2000, {
      headers: { 'dd-api-key': c.apiKey ?? 'ddworkshop', 'dd-application-key': c.appKey ?? 'ddworkshop' },
    });
    const { looks } = readAs(LooksSchema, await res.json(), 'the intake’s looks');
    const first = firstDetection(drill, looks, startMs);
    return first ? { at: new Date(first.atMs).toISOString(), kind: first.kind, text: first.text } : undefined;
  } catch {
    return undefined;
  }
}

export const detectedLine = (s: DrillState) =>
  s.detected
    ? `first look at the fault after ${minutes(Date.parse(s.detected.at) - Date.parse(s.startedAt))} (${s.detected.kind}: ${s.detected.text.slice(0, 60)})`
    : undefined;

export async function evidence(
  c: WorkshopConfig,
  s: DrillState,
  drill: Drill,
  answer: DrillAnswer,
): Promise<Evidence> {
  const { createCheckContext } = await import('../lessons/check-context.js');
  const started = Date.parse(s.startedAt);
  const ctx = await createCheckContext(c, {
    lessonStartMs: started,
    run: { startMs: started, productId: 0 },
    patienceMs: 1,
  });
  const found: Evidence = {};
  if (answer.trace && /^[0-9a-f]{1,32}$/i.test(answer.trace))
    found.traceSpans = await ctx.searchSpans(`trace_id:${answer.trace}`, { since: 'recent' });
  if (answer.metric && answer.tag && /^[\w.]+$/.test(answer.metric) && /^[\w.]+$/.test(answer.tag))
    found.tagValues = (
      await ctx.queryMetrics(`sum:${answer.metric}{*} by {${answer.tag}}.as_count()`, { since: 'lesson' })
    ).length;
  if (answer.message)
    found.errorLogs = (
      await ctx.searchLogs(`status:error "${answer.message.replace(/["\\\\]/g, '')}"`, { since: 'lesson' })
    ).length;
  if (drill.name === 'memory-leak' && answer.metric && /^[\w.]+$/.test(answer.metric))
    found.growthMb = growthMb(
      // Runtime metrics come every 10 s: at that resolution, the point before the drill stands apart.
      await ctx.queryMetrics(`max:${answer.metric}{service:webapp}.rollup(max, 10)`, { since: 'recent' }),
      started,
    );
  if (drill.name === 'metrics-stopped') found.sinceStart = await sinceStart(ctx, started);
  if (answer.statement) found.seqScans = await seqScansOf(c, answer.statement);
  return found;
}

/** How far a series rose since `startMs` — from its last point before then (else its first) to its last — in MB. */
function growthMb(series: SeriesResult[], startMs: number): number {
  const points = series.flatMap((one) => one.points).sort(([a], [b]) => a - b);
  const before = points.filter(([atMs]) => atMs <= startMs).at(-1) ?? points[0];
  const last = points.at(-1);
  if (!before || !last || last === before) return 0;
  return (last[1] - before[1]) / 1024 / 1024;
}

/**
 * Since the drill began, the webapp's request_count and its spans: counted from the first whole
 * 10 s interval after the start, since the interval the drill began in holds requests from before it.
 */
async function sinceStart(
  ctx: CheckContext,
  startMs: number,
): Promise<{ requestCount: number; spans: number }> {
  const from = Math.floor(startMs / 10_000) * 10_000 + 10_000;
  const [series, spans] = await Promise.all([
    ctx.queryMetrics('sum:request_count{service:webapp}.as_count().rollup(sum, 10)', { since: 'run' }),
    ctx.searchSpans('service:webapp', { since: 'run' }),
  ]);
  const requestCount = series
    .flatMap((one) => one.points)
    .filter(([atMs]) => atMs >= from)
    .reduce((sum, [, v]) => sum + v, 0);
  return { requestCount, spans: spans.length };
}

/** The tables the statement reads row by row, planned on the workshop database (undefined: it cannot be planned). */
async function seqScansOf(c: WorkshopConfig, statement: string): Promise<string[] | undefined> {
  const [{ openWorkshopDb }, { statementSql }] = await Promise.all([
    import('../database/workshop-db.js'),
    import('../database/run-db.js'),
  ]);
  try {
    const db = await openWorkshopDb(c);
    return (await db.explain(await statementSql(db, statement.trim()))).seqScans;
  } catch {
    return undefined;
  }
}
